package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/hankegraph/hankegraph/graph"
)

// A client that accepts multipart/mixed gets an answer with @defer in
// parts: the fields not deferred first, then each deferred fragment.
func TestDeferAnswersInParts(t *testing.T) {
	c := newClient(builtinStore(t))
	parts := c.IncrementalHTTP(context.Background(),
		`{ project(id: "project:sokra") { id ... @defer(label: "sources") { sources { id } } } }`)
	defer parts.Close()

	var first struct {
		Data struct {
			Project map[string]any
		}
		HasNext bool
		Errors  any
	}
	if err := parts.Next(&first); err != nil {
		t.Fatal(err)
	}
	if first.Errors != nil || !first.HasNext || first.Data.Project["id"] != "project:sokra" {
		t.Fatalf("first part: %+v", first)
	}
	if first.Data.Project["sources"] != nil { // gqlgen writes a deferred field as null here
		t.Errorf("the deferred sources came in the first part: %+v", first)
	}

	var next struct {
		Incremental []struct {
			Data    struct{ Sources []struct{ ID string } }
			Label   string
			Path    []any
			HasNext bool
		}
		HasNext bool
	}
	if err := parts.Next(&next); err != nil {
		t.Fatal(err)
	}
	if len(next.Incremental) != 1 || next.HasNext {
		t.Fatalf("the deferred part: %+v", next)
	}
	got := next.Incremental[0]
	if got.Label != "sources" || len(got.Path) != 1 || got.Path[0] != "project" || len(got.Data.Sources) == 0 {
		t.Errorf("the deferred part: %+v", got)
	}
}

// A request that cannot take an answer in parts is told so, rather than
// answered with the deferred fields null; @defer that does not defer is
// answered whole.
func TestDeferIsRefusedWhereTheAnswerCannotComeInParts(t *testing.T) {
	c := newClient(builtinStore(t))
	for _, query := range []string{
		`{ project(id: "project:sokra") { id ... @defer { sources { id } } } }`,
		`{ project(id: "project:sokra") { id ...Sources @defer(if: true) } } fragment Sources on Project { sources { id } }`,
		`query ($later: Boolean!) { project(id: "project:sokra") { id ... @defer(if: $later) { sources { id } } } }`,
	} {
		if code := errorCode(t, c, query, client.Var("later", true)); code != "INCREMENTAL_DELIVERY_NOT_ACCEPTED" {
			t.Errorf("%.70s…: got code %q", query, code)
		}
	}

	// A GET goes to gqlgen's GET transport, which answers in one part,
	// whatever it claims to accept.
	get := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(
		`{ project(id: "project:sokra") { id ... @defer { sources { id } } } }`), nil)
	get.Header.Set("Accept", "multipart/mixed")
	get.Header.Set("Content-Type", "application/json")
	answer := httptest.NewRecorder()
	graph.NewHandler(graph.NewServices(builtinStore(t)), graph.DefaultLimits).ServeHTTP(answer, get)
	if body := answer.Body.String(); !strings.Contains(body, `"INCREMENTAL_DELIVERY_NOT_ACCEPTED"`) {
		t.Errorf("a GET accepting multipart/mixed: %d %.300s", answer.Code, body)
	}

	for _, query := range []string{
		`{ project(id: "project:sokra") { id ... @defer(if: false) { sources { id } } } }`,
		`query ($later: Boolean!) { project(id: "project:sokra") { id ... @defer(if: $later) { sources { id } } } }`,
	} {
		var resp struct {
			Project struct {
				ID      string
				Sources []struct{ ID string }
			}
		}
		if err := c.Post(query, &resp, client.Var("later", false)); err != nil {
			t.Fatalf("%.70s…: %v", query, err)
		}
		if len(resp.Project.Sources) == 0 {
			t.Errorf("%.70s…: no sources", query)
		}
	}
}
