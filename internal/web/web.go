// Package web serves the browser pages of hankegraph: a GraphiQL playground
// and a map of projects by welfare area.
//
// Both pages are built from the npm project in ui/ into dist/, which is
// committed and embedded in the binary, so serving them needs neither npm nor
// any network access. The pages load nothing from other hosts, and the
// Content-Security-Policy set here makes the browser enforce that.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed dist
var dist embed.FS

// The Content-Security-Policy of both pages allows only their own origin,
// plus data: URLs for the fonts and images that the build inlines into the
// CSS. styleSrc is the one part that differs between the pages.
func contentSecurityPolicy(styleSrc string) string {
	return "default-src 'self'; " +
		"script-src 'self'; " +
		"style-src " + styleSrc + "; " +
		"img-src 'self' data:; " +
		"font-src 'self' data:; " +
		"connect-src 'self'; " +
		"object-src 'none'; " +
		"base-uri 'none'; " +
		"form-action 'none'; " +
		"frame-ancestors 'none'"
}

// Playground returns a handler for the GraphiQL playground, which sends its
// queries to endpoint, a path on the same origin (for example "/graphql"):
// the pages' CSP lets them connect to no other. It serves the page at "/"
// and its assets beside it, so it can be mounted at any path that ends in a
// slash.
func Playground(endpoint string) http.Handler {
	// GraphiQL's editor writes inline style attributes (for example while
	// showing hints), which CSP blocks without 'unsafe-inline'.
	return page("playground", endpoint, contentSecurityPolicy("'self' 'unsafe-inline'"))
}

// Map returns a handler for the map of projects by welfare area, which reads
// its data from the GraphQL API at endpoint. Like Playground it serves the
// page at "/" with relative asset URLs, so mount it under a path ending in a
// slash, for example with http.StripPrefix("/map", Map("/graphql")) at
// "/map/".
func Map(endpoint string) http.Handler {
	// Leaflet sets styles only through the DOM, which CSP allows.
	return page("map", endpoint, contentSecurityPolicy("'self'"))
}

// page serves dist/<name>: index.html, filled in with endpoint, at "/" and
// the other files at their own paths, all with the policy csp.
func page(name, endpoint, csp string) http.Handler {
	files, err := fs.Sub(dist, "dist/"+name)
	if err != nil {
		panic(err) // dist is embedded, so this is a build error
	}
	index := renderIndex(files, endpoint)
	etags := etagsOf(files)
	delete(etags, "/index.html")
	etags["/"] = etag(index)
	assets := http.FileServerFS(files)

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// Asset names carry no content hash, so browsers must revalidate
		// every time; the ETag lets them do that with a 304 instead of
		// downloading the bundle again.
		h.Set("Cache-Control", "no-cache")

		path := r.URL.Path
		if tag, ok := etags[path]; ok {
			h.Set("ETag", tag)
		}
		switch {
		case path == "/":
			h.Set("Content-Type", "text/html; charset=utf-8")
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(index))
		case path == "/index.html" || strings.HasSuffix(path, "/"):
			// The raw template and directory listings are not part of the
			// site; FileServer would otherwise redirect or list them.
			http.NotFound(w, r)
		default:
			assets.ServeHTTP(w, r)
		}
	})
}

// etagsOf returns a strong ETag for every file in files, keyed by its URL
// path. Embedded files have no modification time to validate caches with.
func etagsOf(files fs.FS) map[string]string {
	etags := map[string]string{}
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		etags["/"+path] = etag(data)
		return nil
	})
	if err != nil {
		panic(err) // dist is embedded, so this is a build error
	}
	return etags
}

func etag(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// renderIndex executes index.html as an html/template so the endpoint is
// escaped for its place in the page (a data attribute read by app.js).
func renderIndex(files fs.FS, endpoint string) []byte {
	tmpl := template.Must(template.ParseFS(files, "index.html"))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, struct{ Endpoint string }{endpoint}); err != nil {
		panic(err) // the template and its data are fixed, so this is a build error
	}
	return buf.Bytes()
}
