package graph

import (
	"context"
	"strings"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// loaders are how the resolvers of one GraphQL request reach the store.
//
// With a batch wait (Limits.BatchWait > 0) they batch: every node lookup and
// every relationship expansion asked for while a level of the query resolves
// goes to the store as one call, so a request makes a number of store calls
// bounded by the depth of the query, not by its results. That is what a
// store across a network needs, where each call is a round trip. They live
// for one request, so each also remembers what it loaded: an id that many
// parents ask for (one organisation under a hundred projects) is looked up
// once.
//
// Without a wait they call the store directly, one call a resolver: for a
// store in the same process, whose calls cost microseconds and no round
// trip, batching would only add its goroutines, timers and waits to every
// request (see embedded.BatchWait). Then the elements of a list are also
// marshalled in turn rather than side by side (marshalList).
//
// The map fields share one atlas session, which asks the store for each
// filter's projects once however many of them ask.
type loaders struct {
	store hanke.Store
	// nodes and edges are nil when the loaders call the store directly.
	nodes *dataloader.Loader[string, hanke.Node]
	edges *dataloader.Loader[edgeKey, hanke.EdgePage]
	maps  *atlas.Session
}

// edgeKey is one node's share of an EdgeQuery.
type edgeKey struct {
	id            string
	direction     hanke.Direction
	types         string // comma-separated, so that the key is comparable
	role          string
	offset, limit int
	neighbours    bool
}

type loadersKey struct{}

// batchWait is how long a loader gathers keys before it calls the store:
// long enough for all sibling resolvers of a level to ask, short next to a
// request's latency.
const batchWait = 2 * time.Millisecond

func newLoaders(store hanke.Store, maps *atlas.Atlas, wait time.Duration) *loaders {
	l := &loaders{store: store, maps: maps.Session()}
	if wait <= 0 {
		return l
	}
	l.nodes = dataloader.NewBatchedLoader(func(ctx context.Context, ids []string) []*dataloader.Result[hanke.Node] {
		nodes, err := store.Nodes(ctx, ids)
		out := make([]*dataloader.Result[hanke.Node], len(ids))
		for i := range ids {
			out[i] = &dataloader.Result[hanke.Node]{Error: err}
			if err == nil {
				out[i].Data = nodes[i]
			}
		}
		return out
	}, dataloader.WithWait[string, hanke.Node](wait))
	l.edges = dataloader.NewBatchedLoader(func(ctx context.Context, keys []edgeKey) []*dataloader.Result[hanke.EdgePage] {
		return loadEdges(ctx, store, keys)
	}, dataloader.WithWait[edgeKey, hanke.EdgePage](wait))
	return l
}

// batching says whether the loaders gather keys before they call the store.
func (l *loaders) batching() bool { return l.nodes != nil }

// loadNodes looks nodes up: one entry per id, nil where the id is unknown.
func (l *loaders) loadNodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	if !l.batching() {
		return l.store.Nodes(ctx, ids)
	}
	nodes, errs := l.nodes.LoadMany(ctx, ids)()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return nodes, nil
}

// expand is one node's relationships of one kind.
func (l *loaders) expand(ctx context.Context, key edgeKey) (hanke.EdgePage, error) {
	if !l.batching() {
		pages, err := l.store.Edges(ctx, edgeQuery(key, []string{key.id}))
		if err != nil {
			return hanke.EdgePage{}, err
		}
		return pages[0], nil
	}
	return l.edges.Load(ctx, key)()
}

// loadEdges makes one store call for each distinct kind of expansion among the keys.
func loadEdges(ctx context.Context, store hanke.Store, keys []edgeKey) []*dataloader.Result[hanke.EdgePage] {
	out := make([]*dataloader.Result[hanke.EdgePage], len(keys))
	groups := map[edgeKey][]int{} // keys with the id blanked out → positions
	for i, k := range keys {
		shape := k
		shape.id = ""
		groups[shape] = append(groups[shape], i)
	}
	for shape, positions := range groups {
		ids := make([]string, len(positions))
		for j, i := range positions {
			ids[j] = keys[i].id
		}
		pages, err := store.Edges(ctx, edgeQuery(shape, ids))
		for j, i := range positions {
			out[i] = &dataloader.Result[hanke.EdgePage]{Error: err}
			if err == nil {
				out[i].Data = pages[j]
			}
		}
	}
	return out
}

// edgeQuery is the expansion that key describes, for the given ids.
func edgeQuery(key edgeKey, ids []string) hanke.EdgeQuery {
	q := hanke.EdgeQuery{IDs: ids, Direction: key.direction, Role: key.role, Offset: key.offset, Limit: key.limit, Neighbours: key.neighbours}
	if key.types != "" {
		for _, t := range strings.Split(key.types, ",") {
			q.Types = append(q.Types, hanke.RelType(t))
		}
	}
	return q
}

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

// mapsFrom is the request's atlas session.
func mapsFrom(ctx context.Context) *atlas.Session { return loadersFrom(ctx).maps }
