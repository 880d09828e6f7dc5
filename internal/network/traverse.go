package network

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/traverse"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Subgraph is a part of the knowledge graph: nodes, in an order each method
// gives, and relationships among them, ordered by their ends' ids and type.
type Subgraph struct {
	Nodes []hanke.Node
	Edges []hanke.Edge
}

// Neighbourhood is the node with the given id and the nodes within depth hops
// of it, following relationships of the given types (all types when none) in
// either direction, with the relationships of those types among them. Nodes
// are ordered by their distance from id, then by id.
//
// depth is at most Limits.MaxDepth; a neighbourhood of more than
// Limits.MaxNodes nodes is refused with RESULT_TOO_LARGE.
func (a *Analyzer) Neighbourhood(ctx context.Context, id string, depth int, rels []hanke.RelType) (*Subgraph, error) {
	if depth < 0 || depth > a.limits.MaxDepth {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "depth %d is outside 0…%d (the depth limit)", depth, a.limits.MaxDepth)
	}
	follow, err := relSetOf(rels)
	if err != nil {
		return nil, err
	}
	p, err := a.projection(ctx)
	if err != nil {
		return nil, err
	}
	start, err := p.node(id)
	if err != nil {
		return nil, err
	}

	hops := make(map[int64]int)
	var members []int64
	tooLarge := false
	walk := traverse.BreadthFirst{
		// Links out of the nodes at the last hop are not followed, so the
		// walk never queues a node beyond depth.
		Traverse: func(e graph.Edge) bool {
			return e.(*link).has(follow) && hops[e.From().ID()] < depth
		},
	}
	walk.Walk(p.graph, simple.Node(start), func(n graph.Node, d int) bool {
		if len(members) == a.limits.MaxNodes {
			tooLarge = true
			return true
		}
		hops[n.ID()] = d
		members = append(members, n.ID())
		return false
	})
	if tooLarge {
		return nil, hanke.Errorf(hanke.ECodeTooLarge,
			"the neighbourhood of %s within %d hops has more than %d nodes (the node limit); ask for fewer hops or relationship types",
			id, depth, a.limits.MaxNodes)
	}
	// The walk meets nodes in order of distance but, as gonum's maps list
	// neighbours in any order, not in order of id within a distance.
	slices.SortFunc(members, func(u, v int64) int { return cmp.Or(cmp.Compare(hops[u], hops[v]), cmp.Compare(u, v)) })
	return p.subgraph(members, follow), nil
}

// ShortestPath is a shortest path from one node to another of at most
// maxDepth hops (at most Limits.MaxPathLength), following relationships of
// the given types (all types when none) in either direction; nil when there
// is none. Its nodes are in path order, from first; its edges are the
// relationships of those types between consecutive nodes.
//
// Of several shortest paths it is the one whose node ids come first, compared
// hop by hop from the start.
func (a *Analyzer) ShortestPath(ctx context.Context, from, to string, maxDepth int, rels []hanke.RelType) (*Subgraph, error) {
	if maxDepth < 1 || maxDepth > a.limits.MaxPathLength {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "maxDepth %d is outside 1…%d (the path length limit)", maxDepth, a.limits.MaxPathLength)
	}
	follow, err := relSetOf(rels)
	if err != nil {
		return nil, err
	}
	p, err := a.projection(ctx)
	if err != nil {
		return nil, err
	}
	source, err := p.node(from)
	if err != nil {
		return nil, err
	}
	target, err := p.node(to)
	if err != nil {
		return nil, err
	}

	// Walk breadth-first from the target until the source, noting each
	// node's distance to the target.
	dist := make(map[int64]int)
	walk := traverse.BreadthFirst{
		Traverse: func(e graph.Edge) bool {
			return e.(*link).has(follow) && dist[e.From().ID()] < maxDepth
		},
	}
	if walk.Walk(p.graph, simple.Node(target), func(n graph.Node, d int) bool {
		dist[n.ID()] = d
		return n.ID() == source
	}) == nil {
		return nil, nil
	}

	// Then step from the source to the neighbour with the smallest id that
	// is one hop nearer, until the target. A breadth-first walk meets every
	// node nearer to the target than the source before the source, so each
	// step's candidates all have their distance.
	path := []int64{source}
	for u := source; u != target; {
		next := int64(-1)
		for it := p.graph.From(u); it.Next(); {
			v := it.Node().ID()
			if d, ok := dist[v]; ok && d == dist[u]-1 && p.linkBetween(u, v).has(follow) && (next < 0 || v < next) {
				next = v
			}
		}
		path = append(path, next)
		u = next
	}
	// A shortest path has no relationships between nodes that are not
	// consecutive on it, or it would not be shortest.
	return p.subgraph(path, follow), nil
}

// Lineage is the projects that the project with the given id continues: those
// it SUCCEEDS, those they succeed, and so on. A project may succeed several;
// all are included, each once however many lines lead to it, oldest first by
// start date (unknown dates last), then by id.
func (a *Analyzer) Lineage(ctx context.Context, id string) ([]*hanke.Project, error) {
	p, err := a.projection(ctx)
	if err != nil {
		return nil, err
	}
	start, err := p.node(id)
	if err != nil {
		return nil, err
	}
	if p.nodes[start].NodeLabel() != hanke.LabelProject {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "%s is not a project", id)
	}

	var lineage []*hanke.Project
	// gonum's walk visits each node once, so a cycle of SUCCEEDS ends it.
	walk := traverse.BreadthFirst{
		Traverse: func(e graph.Edge) bool { return e.(*link).forward&relBit[hanke.RelSucceeds] != 0 },
		Visit: func(n graph.Node) {
			if n.ID() != start {
				lineage = append(lineage, p.nodes[n.ID()].(*hanke.Project))
			}
		},
	}
	walk.Walk(p.graph, simple.Node(start), nil)
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

// KnowledgeGraph is the part of the knowledge graph that Centrality measures
// for kinds other than organisations: the projects that filter selects (all
// projects when it is empty), every node they have a relationship with, and
// all relationships among those nodes. Nodes are ordered by id.
//
// It is not capped: its size is the filter's. It is meant for exports.
func (a *Analyzer) KnowledgeGraph(ctx context.Context, filter hanke.ProjectFilter) (*Subgraph, error) {
	p, projects, err := a.selection(ctx, filter)
	if err != nil {
		return nil, err
	}
	return p.subgraph(p.around(projects), ^relSet(0)), nil
}

// around is the given projects and the nodes linked to them, in order.
func (p *projection) around(projects []int64) []int64 {
	in := make(map[int64]bool, len(projects))
	for _, u := range projects {
		in[u] = true
	}
	members := slices.Clone(projects)
	for _, u := range projects {
		for it := p.graph.From(u); it.Next(); {
			v := it.Node().ID()
			// Projects that the filter left out stay out, even when linked
			// to one it selected (by COORDINATES, SUCCEEDS or COOPERATES_WITH).
			if !in[v] && p.nodes[v].NodeLabel() != hanke.LabelProject {
				in[v] = true
				members = append(members, v)
			}
		}
	}
	slices.Sort(members)
	return members
}
