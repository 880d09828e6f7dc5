package network

import (
	"cmp"
	"context"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Subgraph is a part of the knowledge graph: nodes, in an order each method
// gives, and relationships among them, ordered by their ends' ids and type.
type Subgraph struct {
	Nodes []hanke.Node
	Edges []hanke.Edge
}

// The walks below (Neighbourhood, ShortestPath, Lineage) read the store
// through the port a hop at a time rather than from the projection: one
// Store.Edges call for a whole frontier, and the nodes found either with
// their relationships (EdgeQuery.Neighbours) or in one Store.Nodes call.
// Their cost is their answer's, a few store calls and the nodes they meet,
// not the graph's; they never take a Snapshot.

// step is a relationship that a hop read, with the frontier node it was
// read from and, when the hop asked for them, the node at its other end.
type step struct {
	from      string
	edge      *hanke.Edge
	neighbour hanke.Node
}

// hop reads the relationships that q asks for of every node in q.IDs, the
// frontier, in one store call. It gives them, each as a step, and how many
// it read, so that a walk that keeps them can size its lists once rather
// than grow them a copy at a time. Relationships from a node to itself,
// which no walk can follow, are left out.
func (a *Analyzer) hop(ctx context.Context, q hanke.EdgeQuery) (iter.Seq[step], int, error) {
	pages, err := a.store.Edges(ctx, q)
	if err != nil {
		return nil, 0, storeError(ctx, err)
	}
	read := 0
	for _, page := range pages {
		read += len(page.Edges)
	}
	return func(yield func(step) bool) {
		for i, page := range pages {
			for j := range page.Edges {
				s := step{from: q.IDs[i], edge: &page.Edges[j]}
				if q.Neighbours {
					s.neighbour = page.Neighbours[j]
				}
				if s.edge.From != s.edge.To && !yield(s) {
					return
				}
			}
		}
	}, read, nil
}

// nodes looks the nodes with the given ids up, in one store call.
func (a *Analyzer) nodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	nodes, err := a.store.Nodes(ctx, ids)
	if err != nil {
		return nil, storeError(ctx, err)
	}
	return nodes, nil
}

// noNode is the error for an id that no node has.
func noNode(id string) error { return hanke.Errorf(hanke.ECodeInvalid, "no node has id %q", id) }

// relTypes checks that each of types is a relationship type and gives the
// types to follow: nil, meaning all, when there are none.
func relTypes(types []hanke.RelType) ([]hanke.RelType, error) {
	for _, t := range types {
		if _, ok := hanke.RelTypes[t]; !ok {
			return nil, hanke.Errorf(hanke.ECodeInvalid, "%q is not a relationship type", t)
		}
	}
	if len(types) == 0 {
		return nil, nil
	}
	return types, nil
}

// Neighbourhood is the node with the given id and the nodes within depth hops
// of it, following relationships of the given types (all types when none) in
// either direction, with the relationships of those types among them. Nodes
// are ordered by their distance from id, then by id.
//
// depth is at most Limits.MaxDepth; a neighbourhood of more than
// Limits.MaxNodes nodes is refused with RESULT_TOO_LARGE, as soon as the walk
// finds more, before it reads further. It takes at most depth+2 store calls.
// A node deleted between them stays as the hop that reached it read it.
func (a *Analyzer) Neighbourhood(ctx context.Context, id string, depth int, rels []hanke.RelType) (*Subgraph, error) {
	if depth < 0 || depth > a.limits.MaxDepth {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "depth %d is outside 0…%d (the depth limit)", depth, a.limits.MaxDepth)
	}
	types, err := relTypes(rels)
	if err != nil {
		return nil, err
	}
	start, err := a.nodes(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if start[0] == nil {
		return nil, noNode(id)
	}
	// Breadth-first, a hop a call, which reads the nodes reached with the
	// relationships. Each relationship read joins two members; it is kept
	// once, when read from the end nearer id (from its From end when both
	// are as near). nodes are in the answer's order: each hop's nodes are
	// sorted by id as they are added.
	hops := map[string]int{id: 0}
	nodes := start
	var edges []hanke.Edge
	frontier := []string{id}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		read, n, err := a.hop(ctx, hanke.EdgeQuery{IDs: frontier, Direction: hanke.Both, Types: types, Neighbours: true})
		if err != nil {
			return nil, err
		}
		// Nearly every relationship a hop reads is kept, and most lead to
		// a new node; past the node limit the walk stops. hops is made
		// again with room for them, from the few nodes of the hops before,
		// rather than grown a doubling at a time.
		n = min(n, a.limits.MaxNodes)
		edges = slices.Grow(edges, n)
		next := make([]member, 0, n)
		if n > len(hops) {
			grown := make(map[string]int, len(hops)+n)
			maps.Copy(grown, hops)
			hops = grown
		}
		for s := range read {
			v := s.edge.Other(s.from)
			hv, seen := hops[v]
			if !seen {
				if len(hops) == a.limits.MaxNodes {
					return nil, hanke.Errorf(hanke.ECodeTooLarge,
						"the neighbourhood of %s within %d hops has more than %d nodes (the node limit); ask for fewer hops or relationship types",
						id, depth, a.limits.MaxNodes)
				}
				hv = d + 1
				hops[v] = hv
				next = append(next, member{v, s.neighbour})
			}
			if hv == d+1 || hv == d && s.edge.From == s.from {
				edges = append(edges, *s.edge)
			}
		}
		slices.SortFunc(next, func(x, y member) int { return strings.Compare(x.id, y.id) })
		frontier = make([]string, len(next))
		for i, m := range next {
			frontier[i] = m.id
			nodes = append(nodes, m.node)
		}
	}
	// frontier is now the nodes at depth hops, if any, whose relationships
	// among themselves the walk has not read; they end nodes.
	edges, err = a.appendEdgesAmong(ctx, edges, frontier, nodes[len(nodes)-len(frontier):], types)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(edges, compareEdges)
	return &Subgraph{Nodes: nodes, Edges: edges}, nil
}

// member is a node of a neighbourhood with its id, which a walk sorts by.
type member struct {
	id   string
	node hanke.Node
}

// appendEdgesAmong appends to edges the relationships of the given types (all
// when nil) among the nodes with the ids of outer, the last hop of a
// neighbourhood. It reads, in one store call, only the relationships out of
// the nodes that can start one to another of them (hanke.RelTypes says which
// labels a type joins): a depth-2 neighbourhood through IMPLEMENTS ends in
// projects, which no IMPLEMENTS joins, and needs no call.
func (a *Analyzer) appendEdgesAmong(ctx context.Context, edges []hanke.Edge, outer []string, nodes []hanke.Node, types []hanke.RelType) ([]hanke.Edge, error) {
	if len(outer) < 2 {
		return edges, nil
	}
	present := make(map[hanke.Label]bool)
	for _, n := range nodes {
		present[n.NodeLabel()] = true
	}
	// starts are the labels that a followed type joins to a label present.
	starts := make(map[hanke.Label]bool)
	for t, ends := range hanke.RelTypes {
		if types != nil && !slices.Contains(types, t) {
			continue
		}
		if slices.ContainsFunc(ends.To, func(l hanke.Label) bool { return present[l] }) {
			for _, l := range ends.From {
				starts[l] = true
			}
		}
	}
	var from []string
	for i, n := range nodes {
		if starts[n.NodeLabel()] {
			from = append(from, outer[i])
		}
	}
	if len(from) == 0 {
		return edges, nil
	}
	return a.appendEdgesBetween(ctx, edges, from, outer, types)
}

// appendEdgesBetween appends to edges the relationships of the given types
// (all when nil) out of the nodes of from into those of to, read in one
// store call.
func (a *Analyzer) appendEdgesBetween(ctx context.Context, edges []hanke.Edge, from, to []string, types []hanke.RelType) ([]hanke.Edge, error) {
	in := make(map[string]bool, len(to))
	for _, id := range to {
		in[id] = true
	}
	read, _, err := a.hop(ctx, hanke.EdgeQuery{IDs: from, Direction: hanke.Outgoing, Types: types})
	if err != nil {
		return nil, err
	}
	for s := range read {
		if in[s.edge.To] {
			edges = append(edges, *s.edge)
		}
	}
	return edges, nil
}

// compareEdges orders edges by their ends' ids, then by type.
func compareEdges(a, b hanke.Edge) int {
	// Not cmp.Or, which would compare all three every time: sorting a
	// neighbourhood's edges was a tenth of its walk at a million projects.
	if c := strings.Compare(a.From, b.From); c != 0 {
		return c
	}
	if c := strings.Compare(a.To, b.To); c != 0 {
		return c
	}
	return strings.Compare(string(a.Type), string(b.Type))
}

// ShortestPath is a shortest path from one node to another of at most
// maxDepth hops (at most Limits.MaxPathLength), following relationships of
// the given types (all types when none) in either direction; nil when there
// is none. Its nodes are in path order, from first; its edges are the
// relationships of those types between consecutive nodes.
//
// Of several shortest paths it is the one whose node ids come first, compared
// hop by hop from the start.
//
// The search runs from both ends at once, a hop a store call, and is refused
// with RESULT_TOO_LARGE when it meets more than Limits.MaxNodes nodes before
// the ends meet.
func (a *Analyzer) ShortestPath(ctx context.Context, from, to string, maxDepth int, rels []hanke.RelType) (*Subgraph, error) {
	if maxDepth < 1 || maxDepth > a.limits.MaxPathLength {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "maxDepth %d is outside 1…%d (the path length limit)", maxDepth, a.limits.MaxPathLength)
	}
	types, err := relTypes(rels)
	if err != nil {
		return nil, err
	}
	path, err := a.pathIDs(ctx, from, to, maxDepth, types)
	if err != nil {
		return nil, err
	}
	if path == nil {
		// Unreachable, or unknown: only the latter is an error.
		ends, err := a.nodes(ctx, []string{from, to})
		if err != nil {
			return nil, err
		}
		for i, id := range []string{from, to} {
			if ends[i] == nil {
				return nil, noNode(id)
			}
		}
		return nil, nil
	}

	nodes, err := a.nodes(ctx, path)
	if err != nil {
		return nil, err
	}
	s := &Subgraph{Nodes: nodes}
	for i, n := range nodes {
		if n == nil {
			return nil, noNode(path[i]) // the path's ends, or deleted meanwhile
		}
	}
	// A shortest path has no relationships between nodes that are not
	// consecutive on it, or it would not be shortest.
	if s.Edges, err = a.appendEdgesBetween(ctx, nil, path, path, types); err != nil {
		return nil, err
	}
	slices.SortFunc(s.Edges, compareEdges)
	return s, nil
}

// searchEnd is one end of a breadth-first search from both ends of a path.
type searchEnd struct {
	// dist is the distance from this end of every node met.
	dist map[string]int
	// nearer lists each node's neighbours one hop nearer this end.
	nearer   map[string][]string
	frontier []string
	reached  int // the distance of frontier
}

func newSearchEnd(id string) *searchEnd {
	return &searchEnd{dist: map[string]int{id: 0}, nearer: map[string][]string{}, frontier: []string{id}}
}

// pathIDs is the ids of the first shortest path from one node to another, as
// ShortestPath defines it, or nil.
func (a *Analyzer) pathIDs(ctx context.Context, from, to string, maxDepth int, types []hanke.RelType) ([]string, error) {
	if from == to {
		return []string{from}, nil
	}
	source, target := newSearchEnd(from), newSearchEnd(to)
	// meet is the nodes met from both ends on shortest paths; all are as
	// far from the source.
	var meet []string
	for len(meet) == 0 {
		if source.reached+target.reached == maxDepth || len(source.frontier) == 0 || len(target.frontier) == 0 {
			return nil, nil
		}
		// Widen the end with the smaller frontier: it is likely to read less.
		this, other := source, target
		if len(target.frontier) < len(source.frontier) {
			this, other = target, source
		}
		d := this.reached
		read, _, err := a.hop(ctx, hanke.EdgeQuery{IDs: this.frontier, Direction: hanke.Both, Types: types})
		if err != nil {
			return nil, err
		}
		var next []string
		for s := range read {
			u := s.from
			v := s.edge.Other(u)
			dv, seen := this.dist[v]
			if !seen {
				if len(source.dist)+len(target.dist) == a.limits.MaxNodes {
					return nil, hanke.Errorf(hanke.ECodeTooLarge,
						"the search for a path from %s to %s met more than %d nodes (the node limit) within %d hops; ask for fewer relationship types",
						from, to, a.limits.MaxNodes, source.reached+target.reached+1)
				}
				dv = d + 1
				this.dist[v] = dv
				next = append(next, v)
			}
			if dv == d+1 {
				this.nearer[v] = append(this.nearer[v], u)
			}
		}
		this.frontier, this.reached = next, d+1
		// Both ends searched whole hops, and before this one they had not
		// met: so a node met from both now is on a shortest path, and
		// every shortest path has one such node at this hop.
		for _, v := range next {
			if _, ok := other.dist[v]; ok {
				meet = append(meet, v)
			}
		}
	}

	// From the source, go to the neighbour with the smallest id that is one
	// hop further and on a shortest path, up to a meeting node: onPath marks
	// the nodes, on the source's side, that lead to one.
	onPath := make(map[string]bool)
	for level := meet; len(level) > 0; {
		var nearer []string
		for _, v := range level {
			if !onPath[v] {
				onPath[v] = true
				nearer = append(nearer, source.nearer[v]...)
			}
		}
		level = nearer
	}
	// further is, for each node on the source's side of a shortest path,
	// the smallest next node on one.
	further := make(map[string]string)
	for v := range onPath {
		for _, u := range source.nearer[v] {
			if w, ok := further[u]; !ok || v < w {
				further[u] = v
			}
		}
	}
	path := []string{from}
	for u := from; source.dist[u] < source.dist[meet[0]]; {
		u = further[u]
		path = append(path, u)
	}
	// Past the meeting node every neighbour nearer the target is on a
	// shortest path: take the smallest.
	for u := path[len(path)-1]; u != to; {
		u = slices.Min(target.nearer[u])
		path = append(path, u)
	}
	return path, nil
}

// Lineage is the projects that the project with the given id continues: those
// it SUCCEEDS, those they succeed, and so on. A project may succeed several;
// all are included, each once however many lines lead to it, oldest first by
// start date (unknown dates last), then by id.
//
// It takes a store call a generation, and is refused with RESULT_TOO_LARGE
// past Limits.MaxNodes projects.
func (a *Analyzer) Lineage(ctx context.Context, id string) ([]*hanke.Project, error) {
	seen := map[string]bool{id: true}
	found := []string{id}
	succeeds := []hanke.RelType{hanke.RelSucceeds}
	// Each project is read once, so a cycle of SUCCEEDS ends the walk.
	for generation := found; len(generation) > 0; {
		read, _, err := a.hop(ctx, hanke.EdgeQuery{IDs: generation, Direction: hanke.Outgoing, Types: succeeds})
		if err != nil {
			return nil, err
		}
		var older []string
		for s := range read {
			e := s.edge
			if !seen[e.To] {
				if len(found) > a.limits.MaxNodes { // the project and MaxNodes others
					return nil, hanke.Errorf(hanke.ECodeTooLarge, "the lineage of %s has more than %d projects (the node limit)", id, a.limits.MaxNodes)
				}
				seen[e.To] = true
				found = append(found, e.To)
				older = append(older, e.To)
			}
		}
		generation = older
	}

	nodes, err := a.nodes(ctx, found)
	if err != nil {
		return nil, err
	}
	if nodes[0] == nil {
		return nil, noNode(id)
	}
	if nodes[0].NodeLabel() != hanke.LabelProject {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "%s is not a project", id)
	}
	lineage := make([]*hanke.Project, 0, len(nodes)-1)
	for _, n := range nodes[1:] {
		// SUCCEEDS joins projects; one deleted meanwhile is left out.
		if p, ok := n.(*hanke.Project); ok {
			lineage = append(lineage, p)
		}
	}
	slices.SortFunc(lineage, func(x, y *hanke.Project) int {
		return cmp.Or(compareDates(x.StartDate, y.StartDate), strings.Compare(x.ID, y.ID))
	})
	return lineage, nil
}

// compareDates orders ISO dates, unknown (empty) ones last.
func compareDates(x, y string) int {
	switch {
	case x == y:
		return 0
	case x == "":
		return 1
	case y == "":
		return -1
	default:
		return strings.Compare(x, y)
	}
}
