package graph_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/hankegraph/hankegraph/graph"
)

// The README's and the playground's example queries are what a newcomer
// runs first: each must run without errors on the built-in dataset, and
// give the same answer whether the loaders batch (as for Neo4j) or call the
// store directly (as for the embedded store).
func TestTheExampleQueriesRun(t *testing.T) {
	var blocks [][]string
	for _, f := range []struct {
		path, pattern string
		least         int
	}{
		{"../README.md", "(?s)```graphql\n(.*?)```", 5},
		{"../internal/web/ui/src/playground/examples.js", "(?s)query: `(.*?)`", 12},
	} {
		text, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		found := regexp.MustCompile(f.pattern).FindAllStringSubmatch(string(text), -1)
		if len(found) < f.least {
			t.Fatalf("found %d example queries in %s", len(found), f.path)
		}
		blocks = append(blocks, found...)
	}
	store := builtinStore(t)
	batching := newClient(store)
	direct := graph.DefaultLimits
	direct.BatchWait = 0
	directly := client.New(graph.NewHandler(graph.NewServices(store), direct))
	for _, b := range blocks {
		resp, err := batching.RawPost(b[1])
		if err != nil {
			t.Errorf("%s\n%v", b[1], err)
			continue
		}
		if len(resp.Errors) > 0 {
			t.Errorf("%s\nerrors: %s", b[1], resp.Errors)
		}
		other, err := directly.RawPost(b[1])
		if err != nil {
			t.Errorf("%s\nwithout batching: %v", b[1], err)
			continue
		}
		want, _ := json.Marshal(resp.Data)
		got, _ := json.Marshal(other.Data)
		if string(got) != string(want) {
			t.Errorf("%s\nwithout batching:\n%s\nwith batching:\n%s", b[1], got, want)
		}
	}
}
