package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

func builtinStore(t testing.TB) hanke.Store { return storetest.Builtin(t) }

func newClient(s hanke.Store) *client.Client {
	return client.New(graph.NewHandler(graph.NewServices(s), graph.DefaultLimits))
}

func TestTheSeedFactsComeBack(t *testing.T) {
	c := newClient(builtinStore(t))
	var sokra struct {
		Project struct {
			TotalBudgetEur, EuContributionEur, EuCofinancingPercent float64
			StartDate, EndDate                                      string
			Implementers                                            []struct {
				Role         string
				Organisation struct{ Name string }
			}
			Sources []struct{ Title string }
		}
	}
	c.MustPost(`{ project(id: "project:sokra") { totalBudgetEur euContributionEur euCofinancingPercent startDate endDate
		implementers { role organisation { name } } sources { title } } }`, &sokra)
	p := sokra.Project
	if p.TotalBudgetEur != 8494046 || p.EuContributionEur != 3794929 || p.EuCofinancingPercent != 44.68 || p.StartDate != "2014-10-01" || p.EndDate != "2022-09-30" {
		t.Errorf("Sokra: %+v", p)
	}
	if len(p.Implementers) != 2 || p.Implementers[1].Role != "LEAD" || p.Implementers[1].Organisation.Name != "Terveyden ja hyvinvoinnin laitos" ||
		p.Implementers[0].Organisation.Name != "Diakonia-ammattikorkeakoulu" || len(p.Sources) == 0 {
		t.Errorf("Sokra's implementers and sources: %+v", p)
	}

	var lnp struct {
		Project struct {
			Names        struct{ Fi, Sv, En *string }
			StartDate    *string
			Implementers []struct {
				Role         string
				Organisation struct{ ID string }
				Sources      []struct{ Title string }
			}
			CooperatesWith []struct{ ID string }
			Figures        []struct {
				Key   string
				Value float64
			}
		}
	}
	c.MustPost(`{ project(id: "project:lnp-osallisuuden-koordinaatio") { names { fi sv en } startDate
		implementers { role organisation { id } sources { title } } cooperatesWith { id } figures { key value } } }`, &lnp)
	var implementers []string
	for _, i := range lnp.Project.Implementers {
		implementers = append(implementers, i.Role+" "+i.Organisation.ID)
	}
	if fmt.Sprint(implementers) != "[CO_IMPLEMENTER org:nuorten-akatemia CO_IMPLEMENTER org:opetushallitus LEAD org:sos-lapsikyla]" {
		t.Errorf("the three implementers of the children's and families' coordination: %v", implementers)
	}
	if lnp.Project.StartDate != nil || lnp.Project.Names.Sv == nil || len(lnp.Project.CooperatesWith) != 1 || lnp.Project.Figures[0].Value != 12 {
		t.Errorf("the coordination: %+v", lnp.Project)
	}

	var theme struct {
		Project struct{ Predecessors []struct{ Acronym string } }
	}
	c.MustPost(`{ project(id: "project:osallisuuden-tuki-ja-koordinaatio") { predecessors { acronym } } }`, &theme)
	if fmt.Sprint(theme.Project.Predecessors) != "[{Osuma} {Sokra} {Solmu} {Valtava}]" {
		t.Errorf("the national theme's predecessors: %v", theme.Project.Predecessors)
	}

	var regions struct {
		WelfareRegions []struct{ Code, Name string }
		WelfareRegion  struct {
			Names    struct{ Sv string }
			Centroid struct{ Lat, Lon float64 }
			Projects struct{ TotalCount int }
		}
	}
	c.MustPost(`{ welfareRegions { code name } welfareRegion(code: "91") { names { sv } centroid { lat lon } projects { totalCount } } }`, &regions)
	if len(regions.WelfareRegions) != 23 || regions.WelfareRegions[22].Code != "91" || regions.WelfareRegion.Names.Sv != "Åland" {
		t.Errorf("welfare regions: %+v", regions)
	}
}

func TestUnknownIDsAreNullNotErrors(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct {
		Project       *struct{ ID string }
		Node          *struct{ ID string }
		Nodes         []*struct{ ID string }
		WelfareRegion *struct{ Code string }
	}
	c.MustPost(`{ project(id: "project:nowhere") { id } node(id: "nonsense") { id }
		nodes(ids: ["org:thl", "org:nowhere"]) { id } welfareRegion(code: "99") { code } }`, &resp)
	if resp.Project != nil || resp.Node != nil || resp.WelfareRegion != nil || len(resp.Nodes) != 2 || resp.Nodes[0].ID != "org:thl" || resp.Nodes[1] != nil {
		t.Errorf("got %+v", resp)
	}
}

func TestConnectionsPageWithOpaqueCursors(t *testing.T) {
	c := newClient(builtinStore(t))
	type page struct {
		Projects struct {
			TotalCount int
			Edges      []struct {
				Cursor string
				Node   struct{ ID string }
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
		}
	}
	var seen []string
	after := ""
	for range 10 {
		var p page
		c.MustPost(`query($after: String) { projects(first: 3, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
			&p, client.Var("after", map[bool]any{true: after, false: nil}[after != ""]))
		for _, e := range p.Projects.Edges {
			seen = append(seen, e.Node.ID)
		}
		if !p.Projects.PageInfo.HasNextPage {
			break
		}
		after = p.Projects.PageInfo.EndCursor
	}
	if len(seen) != 8 {
		t.Errorf("paged through %d of 8 projects: %v", len(seen), seen)
	}
}

func TestFiltersReachTheStore(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct{ Projects struct{ TotalCount int } }
	c.MustPost(`{ projects(filter: { kind: COORDINATION, funder: "org:stm", activeOn: "2015-01-01" }) { totalCount } }`, &resp)
	if resp.Projects.TotalCount != 2 {
		t.Errorf("coordinations STM funded in 2015: %d, want 2 (Sokra, Solmu)", resp.Projects.TotalCount)
	}
	c.MustPost(`{ projects(filter: { region: "90" }) { totalCount } }`, &resp)
	if resp.Projects.TotalCount != 1 {
		t.Errorf("projects in Helsinki: %d", resp.Projects.TotalCount)
	}
	var sectors struct{ Sectors []struct{ ID string } }
	c.MustPost(`{ sectors(domain: "sector:vapaa-ajan-toiminta") { id } }`, &sectors)
	if len(sectors.Sectors) != 4 {
		t.Errorf("sectors of leisure: %v", sectors.Sectors)
	}
}

func TestBadArgumentsGetCodedErrors(t *testing.T) {
	c := newClient(builtinStore(t))
	for query, code := range map[string]string{
		`{ projects(first: 101) { totalCount } }`:                       "BAD_USER_INPUT",
		`{ projects(after: "bm90IGEgY3Vyc29y") { totalCount } }`:        "BAD_USER_INPUT",
		`{ projects(filter: { activeOn: "1.1.2020" }) { totalCount } }`: "BAD_USER_INPUT",
		`{ search(text: "x", first: 0) { score } }`:                     "BAD_USER_INPUT",
		`{ projects(first: 100) { edges { node { implementers { organisation { projects(first: 100) { edges { node { implementers { organisation { name } } } } } } } } } } }`:                                                                                                         "COMPLEXITY_LIMIT_EXCEEDED",
		`{ project(id: "project:sokra") { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { id } } } } } } } } } } } } } }`:                                      "DEPTH_LIMIT_EXCEEDED",
		`{ project(id: "project:sokra") { ...Deep } } fragment Deep on Project { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { successors { predecessors { id } } } } } } } } } } } } }`: "DEPTH_LIMIT_EXCEEDED",
	} {
		if got := errorCode(t, c, query); got != code {
			t.Errorf("%.60s…: got code %q, want %s", query, got, code)
		}
	}
}

// errorCode is the code of the first error the query gets: in the answer,
// or, for a request refused before it runs (answered 422, which gqlgen's
// client gives as an error with the body), in the body.
func errorCode(t *testing.T, c *client.Client, query string, options ...client.Option) string {
	t.Helper()
	var errs []struct {
		Extensions struct{ Code string }
	}
	resp, err := c.RawPost(query, options...)
	switch {
	case err != nil:
		body, found := strings.CutPrefix(err.Error(), "http 422: ")
		var refused struct{ Errors json.RawMessage }
		if !found || json.Unmarshal([]byte(body), &refused) != nil || json.Unmarshal(refused.Errors, &errs) != nil {
			t.Fatalf("%.60s…: %v", query, err)
		}
	case jsonUnmarshal(resp.Errors, &errs) != nil:
		t.Fatalf("%.60s…: errors %s", query, resp.Errors)
	}
	if len(errs) == 0 {
		return ""
	}
	return errs[0].Extensions.Code
}

// countingStore counts the calls made to the store it wraps.
type countingStore struct {
	hanke.Store
	mu    sync.Mutex
	calls int
}

func (s *countingStore) count() { s.mu.Lock(); s.calls++; s.mu.Unlock() }
func (s *countingStore) Nodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	s.count()
	return s.Store.Nodes(ctx, ids)
}
func (s *countingStore) Edges(ctx context.Context, q hanke.EdgeQuery) ([]hanke.EdgePage, error) {
	s.count()
	return s.Store.Edges(ctx, q)
}
func (s *countingStore) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	s.count()
	return s.Store.Projects(ctx, q)
}

// synthetic makes n projects, each implemented by a lead of its own and a
// co-implementer shared by all, and a predecessor chain: test data only.
func synthetic(n int) *hanke.Graph {
	src := []string{"source:synthetic"}
	g := &hanke.Graph{Nodes: []hanke.Node{
		&hanke.Source{Base: hanke.Base{ID: "source:synthetic", Names: hanke.LocalizedText{En: "synthetic test data"}, Synthetic: true}},
		&hanke.Organisation{Base: hanke.Base{ID: "org:shared", Names: hanke.LocalizedText{Fi: "Yhteinen"}, Sources: src, Synthetic: true}, Kind: hanke.OrgOther},
	}}
	for i := range n {
		p, o := fmt.Sprintf("project:p%04d", i), fmt.Sprintf("org:o%04d", i)
		g.Nodes = append(g.Nodes,
			&hanke.Project{Base: hanke.Base{ID: p, Names: hanke.LocalizedText{Fi: p}, Sources: src, Synthetic: true}, Kind: hanke.KindDevelopmentProject},
			&hanke.Organisation{Base: hanke.Base{ID: o, Names: hanke.LocalizedText{Fi: o}, Sources: src, Synthetic: true}, Kind: hanke.OrgOther})
		g.Edges = append(g.Edges,
			hanke.Edge{Type: hanke.RelImplements, From: o, To: p, Role: hanke.RoleLead, Sources: src},
			hanke.Edge{Type: hanke.RelImplements, From: "org:shared", To: p, Role: hanke.RoleCoImplementer, Sources: src})
		if i > 0 {
			g.Edges = append(g.Edges, hanke.Edge{Type: hanke.RelSucceeds, From: p, To: fmt.Sprintf("project:p%04d", i-1), Sources: src})
		}
	}
	return g
}

// A nested query's store calls depend on its depth, not on how many results
// each level has.
func TestStoreCallsAreBoundedByDepthNotResults(t *testing.T) {
	const query = `{ projects(first: 100) { edges { node { name sources { title }
		implementers { role organisation { name projects(first: 5) { totalCount edges { node { name predecessors { name } } } } } } } } } }`
	calls := map[int]int{}
	for _, n := range []int{3, 100} {
		s := embedded.New()
		if _, err := s.Load(context.Background(), synthetic(n)); err != nil {
			t.Fatal(err)
		}
		counting := &countingStore{Store: s}
		limits := graph.DefaultLimits
		limits.BatchWait = 100 * time.Millisecond // generous, so that a busy machine cannot split a batch
		limits.MaxComplexity = 1 << 30
		var resp struct{ Projects struct{ Edges []any } }
		client.New(graph.NewHandler(graph.NewServices(counting), limits)).MustPost(query, &resp)
		if len(resp.Projects.Edges) != n {
			t.Fatalf("got %d projects, want %d", len(resp.Projects.Edges), n)
		}
		calls[n] = counting.calls
	}
	// One call for the page, then one a level for each loader the level uses:
	// sources and implementers; organisation; projects; predecessors (both
	// lists come with their nodes): 6. A machine so busy that a level's
	// loads straggle past the batch window splits a batch, so twice that is
	// allowed; a resolver that called the store for each result would make
	// over 100 calls here.
	const depthBound = 6
	for n, c := range calls {
		if c > 2*depthBound {
			t.Errorf("store calls for %d results: %d; want at most %d whatever the number of results", n, c, 2*depthBound)
		}
	}
	t.Logf("store calls: %v", calls)
}

// The projects, regions, sectors and organisations related to a node, in a
// list or a page, are read with the relationships that lead to them, in one
// store call, not looked up after.
func TestRelatedNodesComeWithTheirRelationships(t *testing.T) {
	counting := &countingStore{Store: builtinStore(t)}
	limits := graph.DefaultLimits
	limits.BatchWait = 0 // a store call a resolver, so that the count is exact
	var resp struct {
		Project struct{ Successors, CooperatesWith []struct{ ID string } }
		Thl     struct {
			Projects struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		Helsinki struct {
			Organisations struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
	}
	client.New(graph.NewHandler(graph.NewServices(counting), limits)).MustPost(
		`{ project(id: "project:solmu") { successors { id } cooperatesWith { id } }
		   thl: organisation(id: "org:thl") { projects(first: 1) { edges { node { id } } } }
		   helsinki: welfareRegion(code: "90") { organisations(first: 2) { totalCount edges { node { id } } } } }`, &resp)
	got := resp.Project
	if len(got.Successors) != 1 || got.Successors[0].ID != "project:osallisuuden-tuki-ja-koordinaatio" ||
		len(got.CooperatesWith) != 1 || got.CooperatesWith[0].ID != "project:sokra" {
		t.Errorf("Solmu's successors and partners in cooperation: %+v", got)
	}
	if page := resp.Thl.Projects.Edges; len(page) != 1 || page[0].Node.ID == "" {
		t.Errorf("a page of THL's projects: %+v", page)
	}
	if orgs := resp.Helsinki.Organisations; len(orgs.Edges) != 2 || orgs.TotalCount < 2 || !strings.HasPrefix(orgs.Edges[0].Node.ID, "org:") {
		t.Errorf("a page of the organisations in Helsinki: %+v", orgs)
	}
	if counting.calls != 7 {
		t.Errorf("%d store calls; want 7: the project, the organisation and the area, and one for each list or page with its nodes", counting.calls)
	}
}

// Money reads as people write it: Sokra's budget is 8494046, not gqlgen's
// default 8.494046e+06.
func TestFloatsAreWrittenInPlainDigits(t *testing.T) {
	got := rawAnswer(t, `{ project(id: \"project:sokra\") { totalBudgetEur euCofinancingPercent } }`)
	if want := `{"data":{"project":{"totalBudgetEur":8494046,"euCofinancingPercent":44.68}}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// An object's fields are written once each, in the order asked, by the
// names asked for (generated.go writes them through graph's object).
func TestObjectsAreWrittenInTheOrderAsked(t *testing.T) {
	got := rawAnswer(t, `{ project(id: \"project:sokra\") { id again: id id __typename implementers { organisation { id } } } }`)
	want := `{"data":{"project":{"id":"project:sokra","again":"project:sokra","__typename":"Project",` +
		`"implementers":[{"organisation":{"id":"org:diak"}},{"organisation":{"id":"org:thl"}}]}}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// rawAnswer is the body of the answer to a query (JSON-escaped) over the
// built-in dataset, as the server writes it.
func rawAnswer(t *testing.T, query string) string {
	h := graph.NewHandler(graph.NewServices(builtinStore(t)), graph.DefaultLimits)
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "`+query+`"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.String()
}
