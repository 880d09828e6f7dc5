// Package network is the researchers' graph analysis: neighbourhoods, shortest
// paths, project lineage, the organisations' collaboration network, centrality
// and communities, and exports of the results to GraphML, GEXF, Cytoscape JSON
// and CSV.
//
// It works above the store port, once for every store, in two ways:
//
//   - Neighbourhood, ShortestPath and Lineage walk the store: breadth-first,
//     one Store.Edges call a hop for the whole frontier and one Store.Nodes
//     call for the nodes found, so that they cost what their answers cost,
//     whatever the size of the graph, and stop at the limits before reading
//     further.
//   - The whole-graph analyses (the collaboration network, centrality,
//     communities and the knowledge graph for exports) need every node at
//     once: an Analyzer reads the whole graph with Store.Snapshot into an
//     in-memory projection (a gonum graph) on first use and answers them from
//     it until Store.Version changes.
//
// The whole-graph algorithms are gonum's (gonum.org/v1/gonum/graph/...); this
// package decides which graph each runs on, keeps the answers deterministic
// and bounds their cost.
//
// Two graphs are analysed:
//
//   - the knowledge graph: every node, and one undirected link between two
//     nodes joined by any relationships (in either direction). Neighbourhood,
//     ShortestPath and Lineage walk it; Centrality of any kind but
//     "Organisation" runs on the part of it around the projects a filter
//     selects (see KnowledgeGraph).
//   - the collaboration network: organisations, linked when they implement or
//     partner in the same projects, weighted by how many (see
//     CollaborationNetwork). Centrality of organisations and Communities run
//     on it, because in the knowledge graph an organisation's shortest paths
//     run mostly through hubs such as regions and programmes, which say
//     nothing about who works with whom.
package network

import (
	"context"
	"reflect"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Limits bound the work and the size of answers. The defaults are in
// DefaultLimits; the errors that enforce them name the limit.
type Limits struct {
	// MaxDepth is the largest neighbourhood depth, in hops.
	MaxDepth int
	// MaxPathLength is the largest maxDepth of ShortestPath, in hops.
	MaxPathLength int
	// MaxNodes caps the nodes of a neighbourhood and of a lineage, the nodes
	// a path search may meet, and the first of Centrality.
	MaxNodes int
	// MaxBetweennessWork caps the graphs betweenness accepts, as nodes ×
	// links: Brandes' algorithm takes time in proportion to that product.
	MaxBetweennessWork int
	// MaxCommunityNodes caps the collaboration networks community detection
	// accepts, in organisations.
	MaxCommunityNodes int
}

// DefaultLimits are the limits the service runs with.
//
// The two measure limits keep each measure under about 5 s on the 2-core
// build machine, half the 10 s request limit as the cores are shared with
// other work. They were measured on synthetic graphs: gonum's betweenness
// takes 0.45–0.75 µs a node × link (630 organisations × 4 022 links 1.3 s;
// knowledge graphs of 1 266 × 5 607 4.4 s, 1 969 × 9 118 12.9 s), and its
// Louvain grows faster than the network (3 093 organisations 1.0 s, 5 600
// 5.2 s, 10 297 15.5 s, 22 653 86 s). `go test -bench Limits` times both
// just under their limits.
var DefaultLimits = Limits{
	MaxDepth:           4,
	MaxPathLength:      8,
	MaxNodes:           5000,
	MaxBetweennessWork: 7_000_000,
	MaxCommunityNodes:  5000,
}

// Analyzer answers the researchers' questions over a store. It is safe for
// concurrent use.
type Analyzer struct {
	store  hanke.Store
	limits Limits

	// current is the projection of the store's graph at some version, for
	// the whole-graph analyses; a call that finds the store at another
	// version rebuilds it, once however many calls find that at the same
	// time (rebuilds).
	current  atomic.Pointer[projection]
	rebuilds singleflight.Group
}

// NewAnalyzer makes an Analyzer over store with the given limits
// (DefaultLimits, usually). It reads the whole graph only on the first
// whole-graph analysis.
func NewAnalyzer(store hanke.Store, limits Limits) *Analyzer {
	return &Analyzer{store: store, limits: limits}
}

// projection is the graph as of the store's current version.
func (a *Analyzer) projection(ctx context.Context) (*projection, error) {
	version, err := a.store.Version(ctx)
	if err != nil {
		return nil, storeError(ctx, err)
	}
	if p := a.current.Load(); p != nil && p.version == version {
		return p, nil
	}
	// The rebuild is shared by every caller waiting for this version, so it
	// must not fail because the first of them gave up: it runs without the
	// caller's cancellation, and each caller stops waiting at its own.
	//
	// The version is read before the snapshot: if the graph changes in
	// between, the projection is labelled older than it is, and the next call
	// rebuilds it again rather than keeping stale data.
	rebuilt := a.rebuilds.DoChan(version, func() (any, error) {
		// A caller that found the old projection may get here just after
		// another's rebuild has finished.
		if p := a.current.Load(); p != nil && p.version == version {
			return p, nil
		}
		g, err := a.store.Snapshot(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		p := newProjection(version, g)
		a.current.Store(p)
		return p, nil
	})
	select {
	case <-ctx.Done():
		return nil, stopped(ctx)
	case r := <-rebuilt:
		if r.Err != nil {
			return nil, storeError(ctx, r.Err)
		}
		return r.Val.(*projection), nil
	}
}

// selection is the projection and the projects the filter selects in it.
func (a *Analyzer) selection(ctx context.Context, filter hanke.ProjectFilter) (*projection, []int64, error) {
	p, err := a.projection(ctx)
	if err != nil {
		return nil, nil, err
	}
	projects, err := a.selectProjects(ctx, p, filter)
	return p, projects, err
}

// selectProjects lists the positions of the projects that filter selects, in
// order. The store decides what the filter means (Store.ProjectIDs), so that
// it means the same here as in Store.Projects; an empty filter selects every
// project without asking the store.
func (a *Analyzer) selectProjects(ctx context.Context, p *projection, filter hanke.ProjectFilter) ([]int64, error) {
	if reflect.ValueOf(filter).IsZero() {
		return p.projects, nil
	}
	// The store gives ids in byte order, which is the projection's order.
	var selected []int64
	err := a.store.ProjectIDs(ctx, filter, func(id string) error {
		// A project that the projection lacks was added after its
		// snapshot; the next call, at the new version, will have it.
		if i, ok := p.index[id]; ok {
			selected = append(selected, i)
		}
		return nil
	})
	if err != nil {
		return nil, storeError(ctx, err)
	}
	return selected, nil
}

// storeError is err from the store as a coded error: the store's own code if
// it has one, TIMEOUT when the request ran out of time, and otherwise the
// store's failure to answer.
func storeError(ctx context.Context, err error) error {
	switch {
	case hanke.ErrorCode(err) != hanke.ECodeInternal:
		return err
	case ctx.Err() != nil:
		return stopped(ctx)
	default:
		return hanke.Unavailable(err)
	}
}

// stopped is the error of a request whose context ended before its answer.
func stopped(ctx context.Context) error {
	return &hanke.Error{
		Code:    hanke.ECodeTimeout,
		Message: "the analysis stopped before it finished: " + context.Cause(ctx).Error(),
		Err:     context.Cause(ctx),
	}
}
