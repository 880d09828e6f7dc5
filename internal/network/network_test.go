package network

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

func project(id string, kind hanke.ProjectKind, start string) *hanke.Project {
	return &hanke.Project{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}}, Kind: kind, StartDate: start}
}

func org(id string) *hanke.Organisation {
	return &hanke.Organisation{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}}, Kind: hanke.OrgNGO}
}

func edge(from string, t hanke.RelType, to string) hanke.Edge {
	return hanke.Edge{From: from, Type: t, To: to}
}

// lineageGraph is a small graph of three programme periods: project:new
// continues project:mid1 and project:mid2, which both continue project:old.
//
// Organisations a, b and c work in project:new; a, b and e in project:mid1;
// c alone in project:old; d only funds.
func lineageGraph() *hanke.Graph {
	lead := func(from, to string) hanke.Edge {
		e := edge(from, hanke.RelImplements, to)
		e.Role = hanke.RoleLead
		return e
	}
	return &hanke.Graph{
		Nodes: []hanke.Node{
			project("project:new", hanke.KindCoordination, "2021-09-01"),
			project("project:mid1", hanke.KindDevelopmentProject, "2015-01-01"),
			project("project:mid2", hanke.KindDevelopmentProject, "2016-03-01"),
			project("project:old", hanke.KindCoordination, "2008-01-01"),
			project("project:undated", hanke.KindNationalTheme, ""),
			org("org:a"), org("org:b"), org("org:c"), org("org:d"), org("org:e"),
			&hanke.WelfareRegion{Base: hanke.Base{ID: "region:01", Names: hanke.LocalizedText{Fi: "Helsinki"}}, Code: "01"},
		},
		Edges: []hanke.Edge{
			edge("project:new", hanke.RelSucceeds, "project:mid1"),
			edge("project:new", hanke.RelSucceeds, "project:mid2"),
			edge("project:mid1", hanke.RelSucceeds, "project:old"),
			edge("project:mid2", hanke.RelSucceeds, "project:old"),
			edge("project:mid1", hanke.RelSucceeds, "project:undated"),
			lead("org:a", "project:new"),
			edge("org:b", hanke.RelImplements, "project:new"),
			edge("org:c", hanke.RelPartnerIn, "project:new"),
			lead("org:a", "project:mid1"),
			edge("org:b", hanke.RelPartnerIn, "project:mid1"),
			edge("org:d", hanke.RelFunds, "project:mid1"),
			edge("org:e", hanke.RelPartnerIn, "project:mid1"),
			lead("org:c", "project:old"),
			edge("project:new", hanke.RelOperatesIn, "region:01"),
			edge("org:a", hanke.RelLocatedIn, "region:01"),
		},
	}
}

func newTestAnalyzer(g *hanke.Graph) *Analyzer {
	return NewAnalyzer(newTestStore(g), DefaultLimits)
}

func ids[T hanke.Node](nodes []T) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	return out
}

func edgeIDs(edges []hanke.Edge) []string {
	out := make([]string, len(edges))
	for i, e := range edges {
		out[i] = e.ID()
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := hanke.ErrorCode(err); err == nil || got != code {
		t.Fatalf("got error %v (code %s), want code %s", err, got, code)
	}
}

func TestNeighbourhood(t *testing.T) {
	a := newTestAnalyzer(lineageGraph())
	ctx := context.Background()
	for _, c := range []struct {
		name      string
		depth     int
		rels      []hanke.RelType
		nodes     []string
		edges     []string
		edgeCount int
	}{
		{"itself", 0, nil, []string{"project:new"}, nil, 0},
		{"implementers", 1, []hanke.RelType{hanke.RelImplements}, []string{"project:new", "org:a", "org:b"},
			[]string{"org:a-IMPLEMENTS->project:new", "org:b-IMPLEMENTS->project:new"}, 2},
		{"implementers' other projects", 2, []hanke.RelType{hanke.RelImplements}, []string{"project:new", "org:a", "org:b", "project:mid1"},
			[]string{"org:a-IMPLEMENTS->project:mid1", "org:a-IMPLEMENTS->project:new", "org:b-IMPLEMENTS->project:new"}, 3},
		// Every relationship among the neighbours comes along, also those
		// between two of them (org:a LOCATED_IN region:01, org:b PARTNER_IN project:mid1).
		{"all relationships", 1, nil,
			[]string{"project:new", "org:a", "org:b", "org:c", "project:mid1", "project:mid2", "region:01"}, nil, 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := a.Neighbourhood(ctx, "project:new", c.depth, c.rels)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(s.Nodes); !slices.Equal(got, c.nodes) {
				t.Errorf("nodes %v, want %v", got, c.nodes)
			}
			if got := edgeIDs(s.Edges); c.edges != nil && !slices.Equal(got, c.edges) {
				t.Errorf("edges %v, want %v", got, c.edges)
			}
			if len(s.Edges) != c.edgeCount {
				t.Errorf("%d edges, want %d: %v", len(s.Edges), c.edgeCount, edgeIDs(s.Edges))
			}
		})
	}
}

func TestNeighbourhoodRefuses(t *testing.T) {
	limits := DefaultLimits
	limits.MaxNodes = 3
	a := NewAnalyzer(newTestStore(lineageGraph()), limits)
	ctx := context.Background()

	if _, err := a.Neighbourhood(ctx, "project:new", 1, []hanke.RelType{hanke.RelImplements}); err != nil {
		t.Errorf("a neighbourhood of exactly the node limit: %v", err)
	}
	_, err := a.Neighbourhood(ctx, "project:new", 1, nil)
	wantCode(t, err, hanke.ECodeTooLarge)
	_, err = a.Neighbourhood(ctx, "project:new", limits.MaxDepth+1, nil)
	wantCode(t, err, hanke.ECodeInvalid)
	_, err = a.Neighbourhood(ctx, "project:new", 1, []hanke.RelType{"KNOWS"})
	wantCode(t, err, hanke.ECodeInvalid)
	_, err = a.Neighbourhood(ctx, "project:nowhere", 1, nil)
	wantCode(t, err, hanke.ECodeInvalid)
}

func TestShortestPath(t *testing.T) {
	a := newTestAnalyzer(lineageGraph())
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		from, to string
		maxDepth int
		rels     []hanke.RelType
		nodes    []string // nil: no path
	}{
		{"itself", "org:a", "org:a", 1, nil, []string{"org:a"}},
		// Two paths of two hops, through project:mid1 and project:new:
		// the one through the smaller id.
		{"tie", "org:a", "org:b", 4, nil, []string{"org:a", "project:mid1", "org:b"}},
		{"tie the other way", "org:b", "org:a", 4, nil, []string{"org:b", "project:mid1", "org:a"}},
		{"only implementers", "org:a", "org:b", 4, []hanke.RelType{hanke.RelImplements}, []string{"org:a", "project:new", "org:b"}},
		// Through project:new or project:old, both three hops.
		{"three hops", "org:e", "org:c", 3, nil, []string{"org:e", "project:mid1", "project:new", "org:c"}},
		{"too far", "org:e", "org:c", 2, nil, nil},
		{"no such relationships", "org:d", "org:c", 8, []hanke.RelType{hanke.RelImplements}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			// gonum's maps list neighbours in a new order each time.
			for range 20 {
				s, err := a.ShortestPath(ctx, c.from, c.to, c.maxDepth, c.rels)
				if err != nil {
					t.Fatal(err)
				}
				if c.nodes == nil {
					if s != nil {
						t.Fatalf("path %v, want none", ids(s.Nodes))
					}
					return
				}
				if s == nil {
					t.Fatalf("no path, want %v", c.nodes)
				}
				if got := ids(s.Nodes); !slices.Equal(got, c.nodes) {
					t.Fatalf("path %v, want %v", got, c.nodes)
				}
				if len(s.Edges) != len(c.nodes)-1 {
					t.Fatalf("edges %v, want one a hop", edgeIDs(s.Edges))
				}
			}
		})
	}
	_, err := a.ShortestPath(ctx, "org:a", "org:b", DefaultLimits.MaxPathLength+1, nil)
	wantCode(t, err, hanke.ECodeInvalid)
	_, err = a.ShortestPath(ctx, "org:a", "org:nowhere", 2, nil)
	wantCode(t, err, hanke.ECodeInvalid)
}

func TestLineage(t *testing.T) {
	a := newTestAnalyzer(lineageGraph())
	ctx := context.Background()
	got, err := a.Lineage(ctx, "project:new")
	if err != nil {
		t.Fatal(err)
	}
	// project:old is reached through both predecessors, and comes once.
	want := []string{"project:old", "project:mid1", "project:mid2", "project:undated"}
	if !slices.Equal(ids(got), want) {
		t.Errorf("lineage %v, want %v", ids(got), want)
	}
	if got, err := a.Lineage(ctx, "project:old"); err != nil || len(got) != 0 {
		t.Errorf("lineage of the oldest %v, %v; want none", ids(got), err)
	}
	_, err = a.Lineage(ctx, "org:a")
	wantCode(t, err, hanke.ECodeInvalid)
}

func TestLineageCycle(t *testing.T) {
	a := newTestAnalyzer(&hanke.Graph{
		Nodes: []hanke.Node{project("project:x", "", ""), project("project:y", "", ""), project("project:z", "", "")},
		Edges: []hanke.Edge{
			edge("project:x", hanke.RelSucceeds, "project:y"),
			edge("project:y", hanke.RelSucceeds, "project:z"),
			edge("project:z", hanke.RelSucceeds, "project:x"),
		},
	})
	got, err := a.Lineage(context.Background(), "project:x")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"project:y", "project:z"}; !slices.Equal(ids(got), want) {
		t.Errorf("lineage %v, want %v", ids(got), want)
	}
}

// links lists a collaboration network's links as "a b weight".
func links(c *Collaboration) []string {
	var out []string
	for _, l := range c.Links {
		out = append(out, l.A.ID+" "+l.B.ID+" "+strconv.Itoa(l.Weight()))
	}
	return out
}

func TestCollaborationNetwork(t *testing.T) {
	a := newTestAnalyzer(lineageGraph())
	ctx := context.Background()

	c, err := a.CollaborationNetwork(ctx, hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// org:d only funds, so it is not part of the network.
	if want := []string{"org:a", "org:b", "org:c", "org:e"}; !slices.Equal(ids(c.Organisations), want) {
		t.Errorf("organisations %v, want %v", ids(c.Organisations), want)
	}
	if want := []string{"org:a org:b 2", "org:a org:c 1", "org:a org:e 1", "org:b org:c 1", "org:b org:e 1"}; !slices.Equal(links(c), want) {
		t.Errorf("links %v, want %v", links(c), want)
	}
	if want := []string{"project:mid1", "project:new"}; !slices.Equal(ids(c.Links[0].Projects), want) {
		t.Errorf("org:a and org:b share %v, want %v", ids(c.Links[0].Projects), want)
	}

	// The filter selects project:new and project:old, through the store.
	c, err = a.CollaborationNetwork(ctx, hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCoordination}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"org:a org:b 1", "org:a org:c 1", "org:b org:c 1"}; !slices.Equal(links(c), want) {
		t.Errorf("links of coordinations %v, want %v", links(c), want)
	}
}

// chainGraph is a path: org:o1 – project:pa – org:o2 – project:pb – org:o3.
func chainGraph() *hanke.Graph {
	return &hanke.Graph{
		Nodes: []hanke.Node{
			org("org:o1"), org("org:o2"), org("org:o3"),
			project("project:pa", hanke.KindCoordination, ""), project("project:pb", hanke.KindCoordination, ""),
		},
		Edges: []hanke.Edge{
			edge("org:o1", hanke.RelImplements, "project:pa"),
			edge("org:o2", hanke.RelPartnerIn, "project:pa"),
			edge("org:o2", hanke.RelImplements, "project:pb"),
			edge("org:o3", hanke.RelImplements, "project:pb"),
		},
	}
}

// scores maps node ids to their scores.
func scores(s []Score) map[string]float64 {
	out := make(map[string]float64)
	for _, sc := range s {
		out[sc.Node.NodeID()] = sc.Value
	}
	return out
}

func TestCentrality(t *testing.T) {
	a := newTestAnalyzer(chainGraph())
	ctx := context.Background()
	for _, c := range []struct {
		measure Measure
		kind    string
		order   []string
		values  map[string]float64
	}{
		// In the collaboration network o1 – o2 – o3.
		{Degree, "Organisation", []string{"org:o2", "org:o1", "org:o3"}, map[string]float64{"org:o2": 2, "org:o1": 1, "org:o3": 1}},
		{Betweenness, "Organisation", []string{"org:o2", "org:o1", "org:o3"}, map[string]float64{"org:o2": 1, "org:o1": 0, "org:o3": 0}},
		{PageRank, "Organisation", []string{"org:o2", "org:o1", "org:o3"}, nil},
		// In the knowledge graph, a path of five: as networkx counts, the
		// middle lies on 4 shortest paths, its neighbours on 3.
		{Betweenness, "", []string{"org:o2", "project:pa", "project:pb", "org:o1", "org:o3"},
			map[string]float64{"org:o2": 4, "project:pa": 3, "project:pb": 3, "org:o1": 0, "org:o3": 0}},
		{Degree, "Project", []string{"project:pa", "project:pb"}, map[string]float64{"project:pa": 2, "project:pb": 2}},
	} {
		t.Run(string(c.measure)+" "+c.kind, func(t *testing.T) {
			got, err := a.Centrality(ctx, c.measure, c.kind, hanke.ProjectFilter{}, 10)
			if err != nil {
				t.Fatal(err)
			}
			if order := ids(nodesOf(got)); !slices.Equal(order, c.order) {
				t.Errorf("order %v, want %v", order, c.order)
			}
			if c.values != nil && !mapsEqual(scores(got), c.values) {
				t.Errorf("scores %v, want %v", scores(got), c.values)
			}
		})
	}

	pr, err := a.Centrality(ctx, PageRank, "Organisation", hanke.ProjectFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s := scores(pr); math.Abs(s["org:o1"]+s["org:o2"]+s["org:o3"]-1) > 1e-6 || s["org:o1"] != s["org:o3"] {
		t.Errorf("PageRank %v: want a sum of 1 and the ends equal", s)
	}

	top, err := a.Centrality(ctx, Degree, "", hanke.ProjectFilter{}, 2)
	if err != nil || len(top) != 2 {
		t.Errorf("first 2: %v, %v", top, err)
	}
	_, err = a.Centrality(ctx, Degree, "Person", hanke.ProjectFilter{}, 2)
	wantCode(t, err, hanke.ECodeInvalid)
	_, err = a.Centrality(ctx, "CLOSENESS", "", hanke.ProjectFilter{}, 2)
	wantCode(t, err, hanke.ECodeInvalid)
	_, err = a.Centrality(ctx, Degree, "", hanke.ProjectFilter{}, DefaultLimits.MaxNodes+1)
	wantCode(t, err, hanke.ECodeInvalid)
}

func nodesOf(s []Score) []hanke.Node {
	out := make([]hanke.Node, len(s))
	for i, sc := range s {
		out[i] = sc.Node
	}
	return out
}

func mapsEqual(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || math.Abs(v-w) > 1e-9 {
			return false
		}
	}
	return true
}

// trianglesGraph is two triangles of organisations, each the implementers of
// one project, joined by a third project of org:t3 and org:u1.
func trianglesGraph() *hanke.Graph {
	g := &hanke.Graph{Nodes: []hanke.Node{
		project("project:t", "", ""), project("project:u", "", ""), project("project:bridge", "", ""),
	}}
	for _, o := range []string{"org:t1", "org:t2", "org:t3", "org:u1", "org:u2", "org:u3"} {
		g.Nodes = append(g.Nodes, org(o))
		g.Edges = append(g.Edges, edge(o, hanke.RelImplements, "project:"+o[4:5]))
	}
	g.Edges = append(g.Edges,
		edge("org:t3", hanke.RelImplements, "project:bridge"),
		edge("org:u1", hanke.RelPartnerIn, "project:bridge"))
	return g
}

func TestCommunities(t *testing.T) {
	a := newTestAnalyzer(trianglesGraph())
	for range 5 {
		c, err := a.Communities(context.Background(), hanke.ProjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Groups) != 2 ||
			!slices.Equal(ids(c.Groups[0].Members), []string{"org:t1", "org:t2", "org:t3"}) ||
			!slices.Equal(ids(c.Groups[1].Members), []string{"org:u1", "org:u2", "org:u3"}) {
			t.Fatalf("groups %v", c.Groups)
		}
		// Q = Σ (inside/m − (degree/2m)²) = 2 (3/7 − (7/14)²) = 5/14.
		if math.Abs(c.Modularity-5.0/14) > 1e-9 {
			t.Errorf("modularity %v, want 5/14", c.Modularity)
		}
	}
}

func TestCommunitiesWithoutLinks(t *testing.T) {
	c, err := newTestAnalyzer(chainGraph()).Communities(context.Background(),
		hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCityProject}})
	if err != nil || len(c.Groups) != 0 || c.Modularity != 0 {
		t.Errorf("communities of nothing: %+v, %v", c, err)
	}
}

func TestExpensiveMeasuresRefuse(t *testing.T) {
	limits := DefaultLimits
	limits.MaxBetweennessWork = 6 // the organisations' 3 × 2, not the knowledge graph's 5 × 4
	limits.MaxCommunityNodes = 2
	a := NewAnalyzer(newTestStore(chainGraph()), limits)
	ctx := context.Background()

	_, err := a.Centrality(ctx, Betweenness, "", hanke.ProjectFilter{}, 5)
	wantCode(t, err, hanke.ECodeTooLarge)
	if _, err := a.Centrality(ctx, Betweenness, "Organisation", hanke.ProjectFilter{}, 5); err != nil {
		t.Errorf("betweenness of 3 organisations and 2 links, at the limit: %v", err)
	}
	_, err = a.Communities(ctx, hanke.ProjectFilter{})
	wantCode(t, err, hanke.ECodeTooLarge)
}

func TestExpensiveMeasuresStop(t *testing.T) {
	a := newTestAnalyzer(trianglesGraph())
	if _, err := a.KnowledgeGraph(context.Background(), hanke.ProjectFilter{}); err != nil {
		t.Fatal(err) // builds the projection, which a cancelled call would not
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := a.Centrality(ctx, Betweenness, "", hanke.ProjectFilter{}, 5)
	wantCode(t, err, hanke.ECodeTimeout)
	_, err = a.Communities(ctx, hanke.ProjectFilter{})
	wantCode(t, err, hanke.ECodeTimeout)
}

// everything is the knowledge graph of every project: a whole-graph analysis,
// answered from the projection.
func everything(a *Analyzer) (*Subgraph, error) {
	return a.KnowledgeGraph(context.Background(), hanke.ProjectFilter{})
}

func TestProjectionFollowsVersion(t *testing.T) {
	store := newTestStore(lineageGraph())
	a := NewAnalyzer(store, DefaultLimits)
	for range 3 {
		if _, err := everything(a); err != nil {
			t.Fatal(err)
		}
	}
	if n := store.snapshots.Load(); n != 1 {
		t.Errorf("%d snapshots for one version, want 1", n)
	}

	store.replace(chainGraph())
	if s, err := everything(a); err != nil || !slices.Equal(ids(s.Nodes), ids(chainGraph().Nodes)) {
		t.Errorf("the new graph's nodes: %v, %v", s, err)
	}
	if n := store.snapshots.Load(); n != 2 {
		t.Errorf("%d snapshots for two versions, want 2", n)
	}
}

func TestStoreDown(t *testing.T) {
	store := newTestStore(lineageGraph())
	store.down = errors.New("connection refused")
	a := NewAnalyzer(store, DefaultLimits)
	_, err := a.Lineage(context.Background(), "project:new")
	wantCode(t, err, hanke.ECodeUnavailable)
	_, err = everything(a)
	wantCode(t, err, hanke.ECodeUnavailable)
}

func TestProjectionRebuildsOnce(t *testing.T) {
	store := newTestStore(lineageGraph())
	store.gate = make(chan struct{})
	a := NewAnalyzer(store, DefaultLimits)

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := everything(a)
			errs <- err
		})
	}
	// Let the callers pile up on the one snapshot in progress.
	for store.snapshots.Load() == 0 {
		runtime.Gosched()
	}
	close(store.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := store.snapshots.Load(); n != 1 {
		t.Errorf("%d snapshots for 8 concurrent calls, want 1", n)
	}
}

// TestDeterministicOnSyntheticGraph repeats the measures whose gonum
// algorithms meet nodes in map order, or start from a random vector, on a
// graph big enough to have many ties and many equally good moves.
func TestDeterministicOnSyntheticGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic graph of 5 000 nodes")
	}
	a := newTestAnalyzer(syntheticGraph(2000, 3000, 7))
	ctx := context.Background()
	var firstGroups [][]string
	var firstQ float64
	var firstRanks []string
	for i := range 3 {
		c, err := a.Communities(ctx, hanke.ProjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var groups [][]string
		for _, g := range c.Groups {
			groups = append(groups, ids(g.Members))
		}
		pr, err := a.Centrality(ctx, PageRank, "", hanke.ProjectFilter{}, 100)
		if err != nil {
			t.Fatal(err)
		}
		ranks := ids(nodesOf(pr))
		if i == 0 {
			firstGroups, firstQ, firstRanks = groups, c.Modularity, ranks
			continue
		}
		if !slices.EqualFunc(groups, firstGroups, slices.Equal) || c.Modularity != firstQ {
			t.Errorf("run %d divides the network differently (Q %v, first %v)", i, c.Modularity, firstQ)
		}
		if !slices.Equal(ranks, firstRanks) {
			t.Errorf("run %d ranks PageRank differently", i)
		}
	}
}
