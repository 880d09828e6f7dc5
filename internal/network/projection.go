package network

import (
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// projection is the knowledge graph of one store version, in memory, as a
// gonum graph.
//
// Nodes are numbered by their position in nodes, which is ordered by id, so a
// smaller gonum id is a smaller node id: sorting gonum ids sorts node ids,
// which is what keeps answers deterministic whatever order gonum's maps give.
type projection struct {
	version  string
	nodes    []hanke.Node
	index    map[string]int64 // node id → position
	projects []int64          // the positions of the projects, in order

	// graph has a link between every two nodes joined by any relationship.
	// gonum's simple graphs hold one edge a pair, so a link carries all the
	// relationships of its pair.
	graph *simple.WeightedUndirectedGraph
}

func newProjection(version string, g *hanke.Graph) *projection {
	p := &projection{
		version: version,
		nodes:   slices.Clone(g.Nodes),
		index:   make(map[string]int64, len(g.Nodes)),
		graph:   simple.NewWeightedUndirectedGraph(0, 0),
	}
	slices.SortFunc(p.nodes, func(a, b hanke.Node) int { return strings.Compare(a.NodeID(), b.NodeID()) })
	for i, n := range p.nodes {
		p.index[n.NodeID()] = int64(i)
		p.graph.AddNode(simple.Node(i))
		if n.NodeLabel() == hanke.LabelProject {
			p.projects = append(p.projects, int64(i))
		}
	}

	edges := slices.Clone(g.Edges)
	slices.SortFunc(edges, compareEdges)
	links := make(map[[2]int64]*link)
	for _, e := range edges {
		from, okFrom := p.index[e.From]
		to, okTo := p.index[e.To]
		// A store hands over checked graphs; an edge to a node it does not
		// have, or from a node to itself, cannot be part of any path, and
		// gonum's simple graphs refuse self-links.
		if !okFrom || !okTo || from == to {
			continue
		}
		pair := [2]int64{min(from, to), max(from, to)}
		l := links[pair]
		if l == nil {
			l = &link{from: pair[0], to: pair[1]}
			links[pair] = l
		}
		if from == l.from {
			l.forward |= relBit[e.Type]
		} else {
			l.backward |= relBit[e.Type]
		}
		l.edges = append(l.edges, e)
	}
	for _, l := range links {
		p.graph.SetWeightedEdge(l)
	}
	return p
}

// relSet is a set of relationship types, a bit for each.
type relSet uint32

// relBit is each relationship type's bit in a relSet.
var relBit = func() map[hanke.RelType]relSet {
	bits := make(map[hanke.RelType]relSet, len(hanke.AllRelTypes))
	for i, t := range hanke.AllRelTypes {
		bits[t] = 1 << i
	}
	return bits
}()

// link is the projection's edge between two nodes: the relationships stored
// between them, in both directions. It is seen from one end: From is the node
// a walk reached it from.
type link struct {
	from, to int64
	// forward are the types of the relationships stored from→to; backward
	// those stored to→from.
	forward, backward relSet
	edges             []hanke.Edge
}

var _ graph.WeightedEdge = (*link)(nil)

func (l *link) From() graph.Node { return simple.Node(l.from) }
func (l *link) To() graph.Node   { return simple.Node(l.to) }

// Weight is 1: the knowledge graph counts a pair of nodes as linked, however
// many relationships join them.
func (l *link) Weight() float64 { return 1 }

func (l *link) ReversedEdge() graph.Edge {
	return &link{from: l.to, to: l.from, forward: l.backward, backward: l.forward, edges: l.edges}
}

// linkBetween is the link between u and v, seen from u, or nil.
func (p *projection) linkBetween(u, v int64) *link {
	e := p.graph.WeightedEdge(u, v)
	if e == nil {
		return nil
	}
	return e.(*link)
}

// subgraph is the nodes at the given positions, in that order, and the
// relationships among them, in compareEdges order.
func (p *projection) subgraph(members []int64) *Subgraph {
	in := make(map[int64]bool, len(members))
	s := &Subgraph{Nodes: make([]hanke.Node, len(members))}
	for i, m := range members {
		in[m] = true
		s.Nodes[i] = p.nodes[m]
	}
	for _, u := range members {
		for it := p.graph.From(u); it.Next(); {
			v := it.Node().ID()
			// Each link is met from both ends; take it from its smaller one.
			if v < u || !in[v] {
				continue
			}
			s.Edges = append(s.Edges, p.linkBetween(u, v).edges...)
		}
	}
	slices.SortFunc(s.Edges, compareEdges)
	return s
}
