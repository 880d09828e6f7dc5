package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/server"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

func builtinStore(t testing.TB) hanke.Store { return storetest.Builtin(t) }

type response struct {
	status      int
	contentType string
	Data        map[string]any
	Errors      []struct {
		Message    string
		Extensions struct{ Code string }
	}
}

func post(t *testing.T, srv *httptest.Server, accept, body string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	r := response{status: res.StatusCode, contentType: res.Header.Get("Content-Type")}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("%s: body is not JSON: %v", req.URL, err)
	}
	return r
}

func query(q string) string {
	b, _ := json.Marshal(map[string]string{"query": q})
	return string(b)
}

const graphQLResponse = "application/graphql-response+json"

func TestGraphQLOverHTTP(t *testing.T) {
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(t)}))
	defer srv.Close()

	ok := post(t, srv, graphQLResponse, query(`{ welfareRegions { code } }`))
	if ok.status != 200 || ok.contentType != graphQLResponse || len(ok.Data["welfareRegions"].([]any)) != 23 {
		t.Errorf("POST: %d %s %v", ok.status, ok.contentType, ok.Errors)
	}
	legacy := post(t, srv, "application/json", query(`{ welfareRegions { code } }`))
	if legacy.status != 200 || legacy.contentType != "application/json" {
		t.Errorf("POST asking for application/json: %d %s", legacy.status, legacy.contentType)
	}
	get := do(t, mustRequest(http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(`{ project(id: "project:sokra") { acronym } }`), graphQLResponse))
	if get.status != 200 || get.Data["project"].(map[string]any)["acronym"] != "Sokra" {
		t.Errorf("GET: %d %v", get.status, get.Data)
	}
	mutation := do(t, mustRequest(http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(`mutation { x }`), graphQLResponse))
	if mutation.status < 400 {
		t.Errorf("a mutation over GET must be refused: %d", mutation.status)
	}

	for _, c := range []struct {
		name, accept, body string
		status             int
		code               string
	}{
		{"syntax error", graphQLResponse, query(`{ projects { `), 400, "GRAPHQL_PARSE_FAILED"},
		{"syntax error, legacy JSON", "application/json", query(`{ projects { `), 200, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", graphQLResponse, query(`{ projects { nonsense } }`), 400, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown field, legacy JSON", "application/json", query(`{ projects { nonsense } }`), 200, "GRAPHQL_VALIDATION_FAILED"},
		{"wrong variable type", graphQLResponse, `{"query":"query($n: Int) { projects(first: $n) { totalCount } }","variables":{"n":"ten"}}`, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"page size over the maximum", graphQLResponse, query(`{ projects(first: 1000) { totalCount } }`), 200, "BAD_USER_INPUT"},
		{"not JSON", graphQLResponse, `{"query": `, 400, ""},
		{"@defer, not accepting parts", graphQLResponse, query(`{ project(id: "project:sokra") { id ... @defer { sources { id } } } }`), 400, "INCREMENTAL_DELIVERY_NOT_ACCEPTED"},
		{"@defer, not accepting parts, legacy JSON", "application/json", query(`{ project(id: "project:sokra") { id ... @defer { sources { id } } } }`), 200, "INCREMENTAL_DELIVERY_NOT_ACCEPTED"},
		{"over the depth limit", graphQLResponse, query(`{ project(id: "project:sokra") { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { id } } } } } } } } } } } } } }`), 400, "DEPTH_LIMIT_EXCEEDED"},
		{"over the complexity limit", graphQLResponse, query(`{ projects(first: 100) { edges { node { implementers { organisation { projects(first: 100) { edges { node { implementers { organisation { name } } } } } } } } } } }`), 400, "COMPLEXITY_LIMIT_EXCEEDED"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := post(t, srv, c.accept, c.body)
			if r.status != c.status || len(r.Errors) == 0 || (c.code != "" && r.Errors[0].Extensions.Code != c.code) {
				t.Errorf("got %d %+v, want %d %s", r.status, r.Errors, c.status, c.code)
			}
		})
	}

	big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", server.MaxBodyBytes) + `"}}`
	if r := post(t, srv, graphQLResponse, big); r.status != http.StatusRequestEntityTooLarge || r.Errors[0].Extensions.Code != "PAYLOAD_TOO_LARGE" {
		t.Errorf("a body over 1 MiB: %d %+v", r.status, r.Errors)
	}
	// After all that, the server still answers.
	if r := post(t, srv, graphQLResponse, query(`{ __typename }`)); r.status != 200 {
		t.Errorf("the server stopped answering: %d", r.status)
	}
}

// An answer with @defer comes over HTTP in parts, each flushed through the
// server's wrappers of the response as it is ready.
func TestAnAnswerWithDeferComesInParts(t *testing.T) {
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(t)}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql",
		strings.NewReader(query(`{ project(id: "project:sokra") { id ... @defer(label: "sources") { sources { id } } } }`)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "multipart/mixed")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	mediaType, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if res.StatusCode != 200 || err != nil || mediaType != "multipart/mixed" {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("%d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var parts []string
	for r := multipart.NewReader(res.Body, params["boundary"]); ; {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(part)
		parts = append(parts, string(body))
	}
	if len(parts) != 2 ||
		!strings.Contains(parts[0], `"id":"project:sokra"`) || !strings.Contains(parts[0], `"hasNext":true`) ||
		!strings.Contains(parts[1], `"label":"sources"`) || !strings.Contains(parts[1], `"sources":[{"id":"source:`) {
		t.Errorf("parts: %q", parts)
	}
}

func mustRequest(method, u, accept string) *http.Request {
	req, _ := http.NewRequest(method, u, nil)
	req.Header.Set("Accept", accept)
	return req
}

// slowStore takes longer than any request may, but gives up when asked to.
type slowStore struct{ hanke.Store }

func (s slowStore) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	<-ctx.Done()
	return hanke.ProjectPage{}, ctx.Err()
}

func TestARequestPastItsTimeLimitIsCutOff(t *testing.T) {
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: slowStore{builtinStore(t)}, RequestTimeout: 200 * time.Millisecond}))
	defer srv.Close()
	start := time.Now()
	r := post(t, srv, graphQLResponse, query(`{ projects { totalCount } }`))
	if len(r.Errors) == 0 || r.Errors[0].Extensions.Code != "TIMEOUT" {
		t.Errorf("got %+v", r.Errors)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
	if r := post(t, srv, graphQLResponse, query(`{ welfareRegions { code } }`)); r.status != 200 || len(r.Errors) > 0 {
		t.Errorf("the next request failed: %+v", r.Errors)
	}
}

// downStore is a store that does not answer.
type downStore struct{ hanke.Store }

var errDown = errors.New("connection refused")

func (downStore) Ping(context.Context) error { return hanke.Unavailable(errDown) }
func (downStore) All(context.Context, hanke.Label) ([]hanke.Node, error) {
	return nil, hanke.Unavailable(errDown)
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	up := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(t)}))
	defer up.Close()
	down := httptest.NewServer(server.NewServer(server.Deps{Store: downStore{builtinStore(t)}}))
	defer down.Close()
	for _, c := range []struct {
		srv    *httptest.Server
		path   string
		status int
		body   string
	}{
		{up, "/healthz", 200, "ok"},
		{up, "/readyz", 200, "ready"},
		{down, "/healthz", 200, "ok"},
		{down, "/readyz", 503, "connection refused"},
		{up, "/metrics", 200, "hankegraph_http_requests_total"},
		{up, "/", 200, "<html"},
		{up, "/map/", 200, "<html"},
	} {
		res, err := http.Get(c.srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.Contains(string(body), c.body) {
			t.Errorf("%s: %d %.80q", c.path, res.StatusCode, body)
		}
	}
	r := post(t, down, graphQLResponse, query(`{ welfareRegions { code } }`))
	if len(r.Errors) == 0 || r.Errors[0].Extensions.Code != "STORE_UNAVAILABLE" {
		t.Errorf("a request while the store is down: %+v", r.Errors)
	}
}

// countingStore counts the calls that read every project's id, which the
// map's index makes once per version of the graph.
type countingStore struct {
	hanke.Store
	projectIDs atomic.Int32
}

func (s *countingStore) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, each func(string) error) error {
	s.projectIDs.Add(1)
	return s.Store.ProjectIDs(ctx, f, each)
}

// logLines is a log that tests can read while the server writes to it.
type logLines struct {
	mu    sync.Mutex
	lines bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.Write(p)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.String()
}

func (l *logLines) contains(s string) bool { return strings.Contains(l.String(), s) }

// The map's index is built as the server starts, so that the map's first
// request finds it ready rather than waiting for it.
func TestTheMapsIndexIsBuiltAsTheServerStarts(t *testing.T) {
	store := &countingStore{Store: builtinStore(t)}
	log := &logLines{}
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: store, Logger: slog.New(slog.NewTextHandler(log, nil))}))
	defer srv.Close()
	for deadline := time.Now().Add(time.Minute); !log.contains("the map's index is built"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no index a minute after the server started; the log:\n%s", log)
		}
	}
	if n := store.projectIDs.Load(); n != 1 {
		t.Fatalf("building the index read the project ids %d times, want once", n)
	}
	r := post(t, srv, graphQLResponse, query(`{ regionStats { region { code } projects } }`))
	if len(r.Errors) > 0 || len(r.Data["regionStats"].([]any)) != 23 {
		t.Fatalf("regionStats: %+v %v", r.Errors, r.Data)
	}
	if n := store.projectIDs.Load(); n != 1 {
		t.Errorf("the map's first request built the index again (%d reads of the project ids)", n)
	}
}
