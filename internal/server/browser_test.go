package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/kohesio"
	"github.com/hankegraph/hankegraph/internal/server"
)

// requireTool skips a test whose tools are not installed, saying how to
// install them; in CI (CI set) a missing tool fails the test instead.
func requireTool(t *testing.T, ok bool, install string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but a tool this test needs is missing; install it with: %s", install)
	}
	t.Skipf("skipped: install what it needs with: %s", install)
}

// TestInABrowser runs the playground's and the map's end-to-end tests
// (internal/web/e2e, playwright-core driving headless Chromium) against the
// real server on the built-in dataset and the Kohesio importer's fixtures,
// as a researcher would serve an import.
func TestInABrowser(t *testing.T) {
	root := filepath.Join("..", "..")
	_, errNode := exec.LookPath("node")
	_, errModules := os.Stat(filepath.Join(root, "internal/web/ui/node_modules/playwright-core"))
	chromium := os.Getenv("CHROMIUM_PATH")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	_, errChromium := os.Stat(chromium)
	requireTool(t, errNode == nil && errModules == nil && errChromium == nil,
		"apt-get install -y nodejs npm chromium && npm ci --prefix internal/web/ui")

	store := builtinStore(t)
	imported, _, err := kohesio.ImportFiles(filepath.Join(root, "internal/kohesio/testdata/kohesio-esf-2014-2020.csv"),
		filepath.Join(root, "internal/kohesio/testdata/kohesio-esf-plus-2021-2027.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(context.Background(), imported); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(endsLate(server.NewServer(server.Deps{Store: store})))
	defer srv.Close()
	tests, _ := filepath.Glob(filepath.Join(root, "internal/web/e2e/*.test.mjs"))
	cmd := exec.Command("node", append([]string{"--test", "--test-concurrency=1"}, tests...)...)
	cmd.Env = append(os.Environ(), "HANKEGRAPH_URL="+srv.URL, "CHROMIUM_PATH="+chromium)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser tests failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// endsLate holds back the end of answers in parts (multipart/mixed), as a
// slow network can: a page that cancels such an answer at its closing
// boundary, before its end, then shows a failed request every time.
func endsLate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/mixed") {
			time.Sleep(300 * time.Millisecond)
		}
	})
}
