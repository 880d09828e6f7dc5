package network

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// portOnly is a store that the walks may use only through its lookups and
// expansions: its Snapshot fails, and it counts the calls of Nodes and Edges.
type portOnly struct {
	hanke.Store
	calls atomic.Int32
}

func (s *portOnly) Nodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	s.calls.Add(1)
	return s.Store.Nodes(ctx, ids)
}

func (s *portOnly) Edges(ctx context.Context, q hanke.EdgeQuery) ([]hanke.EdgePage, error) {
	s.calls.Add(1)
	return s.Store.Edges(ctx, q)
}

func (s *portOnly) Snapshot(context.Context) (*hanke.Graph, error) {
	return nil, errors.New("the walks must not read the whole graph")
}

// syntheticWalks is a synthetic graph of 5 037 nodes in the embedded store,
// behind portOnly.
func syntheticWalks(t *testing.T, limits Limits) (*hanke.Graph, *portOnly, *Analyzer) {
	t.Helper()
	g := syntheticGraph(2000, 3000, 7)
	store := embedded.New()
	if _, err := store.Load(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	port := &portOnly{Store: store}
	return g, port, NewAnalyzer(port, limits)
}

// adjacency is, for each node, the relationships of the given types (all
// when nil) that join it to another node: the knowledge graph the walks
// follow, built from the whole graph for the tests to check them against.
func adjacency(g *hanke.Graph, types []hanke.RelType) map[string][]hanke.Edge {
	adj := make(map[string][]hanke.Edge)
	for _, e := range g.Edges {
		if e.From != e.To && (types == nil || slices.Contains(types, e.Type)) {
			adj[e.From] = append(adj[e.From], e)
			adj[e.To] = append(adj[e.To], e)
		}
	}
	return adj
}

// distances is the distance from id of every node within depth hops.
func distances(adj map[string][]hanke.Edge, id string, depth int) map[string]int {
	dist := map[string]int{id: 0}
	for frontier, d := []string{id}, 0; d < depth; d++ {
		var next []string
		for _, u := range frontier {
			for _, e := range adj[u] {
				if _, ok := dist[e.Other(u)]; !ok {
					dist[e.Other(u)] = d + 1
					next = append(next, e.Other(u))
				}
			}
		}
		frontier = next
	}
	return dist
}

// TestNeighbourhoodThroughThePort checks neighbourhoods of every size against
// the whole graph, and that each takes the same few store calls however many
// nodes it has, without a snapshot.
func TestNeighbourhoodThroughThePort(t *testing.T) {
	limits := DefaultLimits
	limits.MaxNodes = 2000
	g, port, a := syntheticWalks(t, limits)
	ctx := context.Background()
	largest, refused := 0, 0
	for _, c := range []struct {
		depth int
		types []hanke.RelType
	}{
		{1, nil},
		{2, []hanke.RelType{hanke.RelImplements}},
		{3, []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn}},
		{4, []hanke.RelType{hanke.RelSucceeds, hanke.RelCoordinates}},
		{2, nil},
		{3, nil}, // the whole graph, through the regions and the programme
	} {
		adj := adjacency(g, c.types)
		for i := 0; i < 2000; i += 97 {
			id := fmt.Sprintf("project:synthetic-%06d", i)
			port.calls.Store(0)
			s, err := a.Neighbourhood(ctx, id, c.depth, c.types)
			if calls := port.calls.Load(); calls > int32(c.depth+2) {
				t.Errorf("%s within %d hops of %v: %d store calls, want at most %d", id, c.depth, c.types, calls, c.depth+2)
			}

			dist := distances(adj, id, c.depth)
			if len(dist) > limits.MaxNodes {
				wantCode(t, err, hanke.ECodeTooLarge)
				refused++
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for n := range dist {
				want = append(want, n)
			}
			slices.SortFunc(want, func(u, v string) int { return cmp.Or(cmp.Compare(dist[u], dist[v]), strings.Compare(u, v)) })
			var wantEdges []hanke.Edge
			for u := range dist {
				for _, e := range adj[u] {
					if _, ok := dist[e.To]; ok && e.From == u {
						wantEdges = append(wantEdges, e)
					}
				}
			}
			slices.SortFunc(wantEdges, compareEdges)
			if !slices.Equal(ids(s.Nodes), want) || !slices.Equal(edgeIDs(s.Edges), edgeIDs(wantEdges)) {
				t.Fatalf("%s within %d hops of %v: %d nodes and %d edges, want %d and %d",
					id, c.depth, c.types, len(s.Nodes), len(s.Edges), len(want), len(wantEdges))
			}
			largest = max(largest, len(s.Nodes))
		}
	}
	// The bound on calls means something only if answers vary in size.
	if largest < 500 || refused == 0 {
		t.Errorf("the largest neighbourhood has %d nodes and %d were refused; the cases are too small to tell", largest, refused)
	}
}

// TestShortestPathThroughThePort checks paths against a breadth-first search
// of the whole graph from the target, stepping from the source to the
// neighbour nearer the target with the smallest id.
func TestShortestPathThroughThePort(t *testing.T) {
	limits := DefaultLimits
	limits.MaxNodes = 1 << 20 // not to refuse any, here
	g, port, a := syntheticWalks(t, limits)
	ctx := context.Background()
	types := []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn, hanke.RelSucceeds}
	adj := adjacency(g, types)
	found := 0
	for i := 0; i < 2000; i += 41 {
		from, to := fmt.Sprintf("org:synthetic-%06d", i), fmt.Sprintf("project:synthetic-%06d", (i*7+3)%2000)
		const maxDepth = 5
		port.calls.Store(0)
		s, err := a.ShortestPath(ctx, from, to, maxDepth, types)
		if err != nil {
			t.Fatal(err)
		}
		if calls := port.calls.Load(); calls > maxDepth+2 {
			t.Errorf("%s to %s: %d store calls, want at most %d", from, to, calls, maxDepth+2)
		}

		dist := distances(adj, to, maxDepth)
		if _, ok := dist[from]; !ok {
			if s != nil {
				t.Errorf("%s to %s: path %v, want none", from, to, ids(s.Nodes))
			}
			continue
		}
		want := []string{from}
		for u := from; u != to; {
			next := ""
			for _, e := range adj[u] {
				v := e.Other(u)
				if d, ok := dist[v]; ok && d == dist[u]-1 && (next == "" || v < next) {
					next = v
				}
			}
			want = append(want, next)
			u = next
		}
		if s == nil || !slices.Equal(ids(s.Nodes), want) || len(s.Edges) < len(want)-1 {
			t.Fatalf("%s to %s: path %v, want %v", from, to, s, want)
		}
		found++
	}
	if found < 10 {
		t.Errorf("only %d paths found; the cases are too easy", found)
	}

	limits.MaxNodes = 100
	_, err := NewAnalyzer(port, limits).ShortestPath(ctx, "org:synthetic-000000", "project:synthetic-001999", 8, nil)
	wantCode(t, err, hanke.ECodeTooLarge)
}

func TestLineageThroughThePort(t *testing.T) {
	g, port, a := syntheticWalks(t, DefaultLimits)
	ctx := context.Background()
	older := make(map[string][]string)
	for _, e := range g.Edges {
		if e.Type == hanke.RelSucceeds {
			older[e.From] = append(older[e.From], e.To)
		}
	}
	longest := 0
	for i := 1999; i > 1500; i-- {
		id := fmt.Sprintf("project:synthetic-%06d", i)
		port.calls.Store(0)
		got, err := a.Lineage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for queue := older[id]; len(queue) > 0; queue = queue[1:] {
			if !want[queue[0]] {
				want[queue[0]] = true
				queue = append(queue, older[queue[0]]...)
			}
		}
		if len(got) != len(want) || !slices.IsSortedFunc(got, func(x, y *hanke.Project) int { return compareDates(x.StartDate, y.StartDate) }) {
			t.Fatalf("lineage of %s: %v, want %d projects oldest first", id, ids(got), len(want))
		}
		for _, p := range got {
			if !want[p.ID] {
				t.Fatalf("lineage of %s: %v has %s", id, ids(got), p.ID)
			}
		}
		longest = max(longest, len(got))
	}
	if longest < 10 {
		t.Errorf("the longest lineage has %d projects; the cases are too short", longest)
	}
}

// A node deleted between the walk's hops stays in the answer as the hop
// that reached it read it, and every relationship of the answer still joins
// two of its nodes.
func TestNeighbourhoodWhileANodeIsDeleted(t *testing.T) {
	g := lineageGraph()
	store := newTestStore(g)
	without := &hanke.Graph{}
	for _, n := range g.Nodes {
		if n.NodeID() != "org:b" {
			without.Nodes = append(without.Nodes, n)
		}
	}
	for _, e := range g.Edges {
		if e.From != "org:b" {
			without.Edges = append(without.Edges, e)
		}
	}
	store.afterEdges = func() { store.replace(without) }
	s, err := NewAnalyzer(store, DefaultLimits).Neighbourhood(context.Background(), "project:new", 2, []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn})
	if err != nil {
		t.Fatal(err)
	}
	// org:b, read in the first hop, is a partner in project:mid1, which the
	// second hop no longer finds from it; project:mid1 is in the answer
	// through org:a.
	if want := []string{"project:new", "org:a", "org:b", "org:c", "project:mid1", "project:old"}; !slices.Equal(ids(s.Nodes), want) {
		t.Errorf("nodes %v, want %v", ids(s.Nodes), want)
	}
	if len(s.Edges) != 5 {
		t.Errorf("edges %v, want the 5 of the hops' reads", edgeIDs(s.Edges))
	}
	in := make(map[string]bool)
	for _, n := range s.Nodes {
		in[n.NodeID()] = true
	}
	for _, e := range s.Edges {
		if !in[e.From] || !in[e.To] {
			t.Errorf("%s joins a node not in the answer", e.ID())
		}
	}
}
