package server_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hankegraph/hankegraph/internal/server"
)

// The benchmarks go through the real HTTP handler and a loopback connection,
// on the built-in dataset. BenchmarkBaseline serves a fixed JSON body of the
// nested query's size from a plain handler, so that results read as a ratio
// to what the machine's HTTP stack can do at all.
var benchQueries = map[string]string{
	"Nested":   `{ projects(first: 20) { edges { node { name implementers { role organisation { name projects(first: 5) { edges { node { name } } } } } predecessors { name } sources { title url } } } } }`,
	"Filtered": `{ projects(filter: { kind: COORDINATION, activeOn: "2020-06-01" }, orderBy: { field: START_DATE, direction: DESC }, first: 10) { totalCount edges { node { id name startDate } } } }`,
	"Search":   `{ search(text: "sosiaalinen osallisuus", first: 10) { score node { id name } } }`,
}

func benchmarkQuery(b *testing.B, name string) {
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(b)}))
	defer srv.Close()
	body := []byte(query(benchQueries[name]))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		postBody(b, srv.URL+"/graphql", body)
	}
}

func postBody(b *testing.B, url string, body []byte) []byte {
	res, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || bytes.Contains(out, []byte(`"errors"`)) {
		b.Fatalf("%d %s", res.StatusCode, out)
	}
	return out
}

func BenchmarkNestedQuery(b *testing.B)  { benchmarkQuery(b, "Nested") }
func BenchmarkFilteredPage(b *testing.B) { benchmarkQuery(b, "Filtered") }
func BenchmarkSearch(b *testing.B)       { benchmarkQuery(b, "Search") }

func BenchmarkBaseline(b *testing.B) {
	api := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(b)}))
	fixed := postBody(b, api.URL+"/graphql", []byte(query(benchQueries["Nested"])))
	api.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixed)
	}))
	defer srv.Close()
	body := []byte(query(benchQueries["Nested"]))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		postBody(b, srv.URL, body)
	}
}
