package network

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Measure is a centrality measure.
type Measure string

const (
	// Degree is the number of neighbours: for an organisation in the
	// collaboration network, how many organisations it works with; in the
	// knowledge graph, how many nodes it is linked to.
	Degree Measure = "DEGREE"
	// Betweenness is how many shortest paths between other nodes pass
	// through the node (Brandes; pairs counted once, unnormalised, as
	// networkx's betweenness_centrality(normalized=False)). Links count as
	// one hop whatever their weight.
	Betweenness Measure = "BETWEENNESS"
	// PageRank is the node's PageRank with damping 0.85 (links followed
	// both ways; in the collaboration network in proportion to the projects
	// shared). The scores of a graph sum to 1.
	PageRank Measure = "PAGERANK"
)

// Score is a node's value in a centrality measure.
type Score struct {
	Node  hanke.Node
	Value float64
}

// Centrality ranks the nodes of one label (kind; all nodes when empty) by a
// measure, highest first, ties by id, and gives the first of them (at most
// Limits.MaxNodes).
//
// Organisations are ranked in the collaboration network of the projects that
// filter selects; every other kind in the knowledge graph around them (see
// KnowledgeGraph). Betweenness refuses a graph whose nodes × links exceed
// Limits.MaxBetweennessWork.
func (a *Analyzer) Centrality(ctx context.Context, measure Measure, kind string, filter hanke.ProjectFilter, first int) ([]Score, error) {
	if first < 1 || first > a.limits.MaxNodes {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "first %d is outside 1…%d (the node limit)", first, a.limits.MaxNodes)
	}
	label := hanke.Label(kind)
	if kind != "" && !slices.Contains(hanke.Labels, label) {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "%q is not a kind of node", kind)
	}
	p, projects, err := a.selection(ctx, filter)
	if err != nil {
		return nil, err
	}
	var g *simple.WeightedUndirectedGraph
	if label == hanke.LabelOrganisation {
		g = p.collaborate(projects).graph()
	} else {
		g = p.induced(p.around(projects))
	}
	values, err := a.measure(ctx, measure, g)
	if err != nil {
		return nil, err
	}

	var scores []Score
	for it := g.Nodes(); it.Next(); {
		n := p.nodes[it.Node().ID()]
		if kind == "" || n.NodeLabel() == label {
			scores = append(scores, Score{Node: n, Value: values[it.Node().ID()]})
		}
	}
	slices.SortFunc(scores, func(x, y Score) int {
		return cmp.Or(cmp.Compare(y.Value, x.Value), strings.Compare(x.Node.NodeID(), y.Node.NodeID()))
	})
	return scores[:min(first, len(scores))], nil
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
	return p.subgraph(p.around(projects)), nil
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

// induced is the knowledge graph restricted to the given nodes.
func (p *projection) induced(members []int64) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for _, u := range members {
		g.AddNode(simple.Node(u))
	}
	for _, u := range members {
		for it := p.graph.From(u); it.Next(); {
			if v := it.Node().ID(); u < v && g.Node(v) != nil {
				g.SetWeightedEdge(p.linkBetween(u, v))
			}
		}
	}
	return g
}

// pageRankTolerance is where PageRank stops iterating: when an iteration moves
// the scores by less than this (2-norm), which leaves them within a few times
// that of their limit. gonum starts from a random vector, so the scores are
// rounded to pageRankPrecision, a thousand times coarser, for ranks that are
// the same from run to run (but for the rare score within the error of a
// rounding boundary).
const (
	pageRankTolerance = 1e-12
	pageRankPrecision = 1e-9
)

// measure is the value of every node of g in m; nodes left out have value 0.
func (a *Analyzer) measure(ctx context.Context, m Measure, g *simple.WeightedUndirectedGraph) (map[int64]float64, error) {
	values := make(map[int64]float64)
	switch m {
	case Degree:
		for it := g.Nodes(); it.Next(); {
			values[it.Node().ID()] = float64(g.From(it.Node().ID()).Len())
		}
	case Betweenness:
		if n, m := g.Nodes().Len(), g.Edges().Len(); n*m > a.limits.MaxBetweennessWork {
			return nil, hanke.Errorf(hanke.ECodeTooLarge,
				"betweenness of a graph of %d nodes and %d links would take too long: nodes × links is limited to %d; narrow the project filter",
				n, m, a.limits.MaxBetweennessWork)
		}
		err := stoppable(ctx, func(done <-chan struct{}) {
			// gonum counts each pair of ends twice in an undirected graph.
			for id, v := range network.Betweenness(stoppingGraph{g, done}) {
				values[id] = v / 2
			}
		})
		if err != nil {
			return nil, err
		}
	case PageRank:
		for id, v := range network.PageRankSparse(bothWays{g}, 0.85, pageRankTolerance) {
			values[id] = math.Round(v/pageRankPrecision) * pageRankPrecision
		}
	default:
		return nil, hanke.Errorf(hanke.ECodeInvalid, "%q is not a centrality measure", m)
	}
	return values, nil
}

// bothWays is an undirected graph seen as a directed one with each link in
// both directions, as gonum's PageRank takes a directed graph.
type bothWays struct {
	*simple.WeightedUndirectedGraph
}

func (g bothWays) HasEdgeFromTo(uid, vid int64) bool { return g.HasEdgeBetween(uid, vid) }
func (g bothWays) To(id int64) graph.Nodes           { return g.From(id) }

// Communities are groups of organisations that work more with each other
// than with the rest.
type Communities struct {
	// Groups are ordered largest first, then by their first member's id.
	Groups []Community
	// Modularity is the partition's modularity Q, in [-1/2, 1]: how much
	// more weight falls inside the groups than in a random network with the
	// same degrees. 0 when the network has no links.
	Modularity float64
}

// Community is one group of organisations, ordered by id.
type Community struct {
	Members []*hanke.Organisation
}

// louvainSeed seeds Louvain's random node order, so that the same network
// always divides the same way.
const louvainSeed = 2021

// Communities divides the collaboration network of the projects that filter
// selects (all when it is empty) into communities by Louvain modularity
// optimisation (gonum's community.Modularize, resolution 1, weights the
// shared projects). Organisations that work with no other are groups of
// their own. A network of more than Limits.MaxCommunityNodes organisations is
// refused.
func (a *Analyzer) Communities(ctx context.Context, filter hanke.ProjectFilter) (*Communities, error) {
	p, projects, err := a.selection(ctx, filter)
	if err != nil {
		return nil, err
	}
	cw := p.collaborate(projects)
	if n := len(cw.orgs); n > a.limits.MaxCommunityNodes {
		return nil, hanke.Errorf(hanke.ECodeTooLarge,
			"communities of %d organisations would take too long: the limit is %d; narrow the project filter",
			n, a.limits.MaxCommunityNodes)
	}
	g := cw.graph()

	var groups [][]graph.Node
	err = stoppable(ctx, func(done <-chan struct{}) {
		src := stoppingSource{rand.NewPCG(louvainSeed, louvainSeed), done}
		groups = community.Modularize(stoppingGraph{g, done}, 1, src).Communities()
	})
	if err != nil {
		return nil, err
	}

	c := &Communities{Groups: make([]Community, len(groups))}
	if len(cw.links) > 0 {
		c.Modularity = community.Q(g, groups, 1)
	}
	for i, group := range groups {
		members := make([]*hanke.Organisation, len(group))
		for j, n := range group {
			members[j] = p.nodes[n.ID()].(*hanke.Organisation)
		}
		slices.SortFunc(members, func(x, y *hanke.Organisation) int { return strings.Compare(x.ID, y.ID) })
		c.Groups[i] = Community{Members: members}
	}
	slices.SortFunc(c.Groups, func(x, y Community) int {
		return cmp.Or(cmp.Compare(len(y.Members), len(x.Members)), strings.Compare(x.Members[0].ID, y.Members[0].ID))
	})
	return c, nil
}

// gonum's algorithms take no context. To stop one when a request's context
// ends, it runs on a graph or a random source that panics with stopSignal on
// its next call, and stoppable recovers that panic into a TIMEOUT error.
type stopSignal struct{}

// stoppable runs f, which must call checkStop(done) often enough, until it
// returns or ctx ends.
func stoppable(ctx context.Context, f func(done <-chan struct{})) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopSignal); !ok {
				panic(r)
			}
			err = stopped(ctx)
		}
	}()
	f(ctx.Done())
	return nil
}

func checkStop(done <-chan struct{}) {
	select {
	case <-done:
		panic(stopSignal{})
	default:
	}
}

// stoppingGraph stops an algorithm each time it asks for a node's neighbours:
// Brandes' betweenness does so for every node it reaches from every source.
type stoppingGraph struct {
	*simple.WeightedUndirectedGraph
	done <-chan struct{}
}

func (g stoppingGraph) From(id int64) graph.Nodes {
	checkStop(g.done)
	return g.WeightedUndirectedGraph.From(id)
}

// stoppingSource stops an algorithm each time it draws a random number:
// Louvain does so for every node in every pass, after it has read the graph.
type stoppingSource struct {
	rand.Source
	done <-chan struct{}
}

func (s stoppingSource) Uint64() uint64 {
	checkStop(s.done)
	return s.Source.Uint64()
}
