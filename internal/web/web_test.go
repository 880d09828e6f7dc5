package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// newServer mounts the pages the way the hankegraph server does.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("GET /", Playground("/graphql"))
	mux.Handle("GET /map/", http.StripPrefix("/map", Map("/graphql")))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, rawURL string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// srcOrHref matches the URL attributes a browser fetches from or navigates to.
var srcOrHref = regexp.MustCompile(`\s(?:src|href)="([^"]*)"`)

func TestPagesAndTheirAssets(t *testing.T) {
	srv := newServer(t)
	for _, pagePath := range []string{"/", "/map/"} {
		t.Run(pagePath, func(t *testing.T) {
			pageURL, _ := url.Parse(srv.URL + pagePath)
			resp, html := get(t, pageURL.String(), nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", pagePath, resp.StatusCode)
			}
			checkHeaders(t, resp, "text/html; charset=utf-8")
			if !strings.Contains(html, `data-endpoint="/graphql"`) {
				t.Errorf("GET %s: endpoint not written into the page", pagePath)
			}
			if strings.Contains(html, "http://") || strings.Contains(html, "https://") {
				t.Errorf("GET %s: page names an absolute URL", pagePath)
			}

			want := map[string]string{
				"app.js":      "text/javascript; charset=utf-8",
				"app.css":     "text/css; charset=utf-8",
				"favicon.svg": "image/svg+xml",
			}
			for _, m := range srcOrHref.FindAllStringSubmatch(html, -1) {
				ref, err := url.Parse(m[1])
				if err != nil {
					t.Fatalf("GET %s: bad URL %q: %v", pagePath, m[1], err)
				}
				if ref.IsAbs() || ref.Host != "" {
					t.Errorf("GET %s: %q points to another host", pagePath, m[1])
					continue
				}
				contentType, isAsset := want[m[1]]
				if !isAsset {
					continue // a link to the other page, not something this page loads
				}
				delete(want, m[1])
				assetURL := pageURL.ResolveReference(ref)
				resp, _ := get(t, assetURL.String(), nil)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: status %d", assetURL.Path, resp.StatusCode)
					continue
				}
				checkHeaders(t, resp, contentType)
			}
			for asset := range want {
				t.Errorf("GET %s: page does not load %s", pagePath, asset)
			}
		})
	}
}

func checkHeaders(t *testing.T, resp *http.Response, contentType string) {
	t.Helper()
	path := resp.Request.URL.Path
	if got := resp.Header.Get("Content-Type"); got != contentType {
		t.Errorf("GET %s: Content-Type %q, want %q", path, got, contentType)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("GET %s: Content-Security-Policy %q does not default to 'self'", path, csp)
	}
	if strings.Contains(csp, "http") || strings.Contains(csp, "*") {
		t.Errorf("GET %s: Content-Security-Policy %q allows other hosts", path, csp)
	}
	if resp.Header.Get("ETag") == "" {
		t.Errorf("GET %s: no ETag", path)
	}
}

func TestEndpointIsEscaped(t *testing.T) {
	srv := httptest.NewServer(Playground(`/graphql"><script>alert(1)</script>`))
	defer srv.Close()
	_, html := get(t, srv.URL+"/", nil)
	if strings.Contains(html, "<script>alert") {
		t.Fatalf("endpoint written into the page unescaped:\n%s", html)
	}
}

func TestNotFound(t *testing.T) {
	srv := newServer(t)
	for _, path := range []string{"/nope.js", "/index.html", "/map/index.html", "/map/nope/", "/graphql"} {
		resp, _ := get(t, srv.URL+path, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestRevalidation(t *testing.T) {
	srv := newServer(t)
	for _, path := range []string{"/", "/app.js", "/map/", "/map/app.css"} {
		first, _ := get(t, srv.URL+path, nil)
		tag := first.Header.Get("ETag")
		again, body := get(t, srv.URL+path, http.Header{"If-None-Match": {tag}})
		if again.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("GET %s with If-None-Match %s: status %d, %d bytes; want 304 and no body",
				path, tag, again.StatusCode, len(body))
		}
	}
}

// Different endpoints give different pages, so their ETags must differ too.
func TestETagFollowsEndpoint(t *testing.T) {
	a := httptest.NewServer(Map("/graphql"))
	defer a.Close()
	b := httptest.NewServer(Map("/api/graphql"))
	defer b.Close()
	ra, _ := get(t, a.URL+"/", nil)
	rb, _ := get(t, b.URL+"/", nil)
	if ra.Header.Get("ETag") == rb.Header.Get("ETag") {
		t.Errorf("same ETag %s for pages with different endpoints", ra.Header.Get("ETag"))
	}
}
