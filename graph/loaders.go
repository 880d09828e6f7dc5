package graph

import (
	"context"
	"strings"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// loaders batch the store calls of one GraphQL request: every node lookup
// and every relationship expansion asked for while a level of the query
// resolves goes to the store as one call, so a request makes a number of
// store calls bounded by the depth of the query, not by its results. They
// live for one request, so each also remembers what it loaded: an id that
// many parents ask for (one organisation under a hundred projects) is looked
// up once. The
// map fields share one atlas session, which asks the store for each
// filter's projects once however many of them ask.
type loaders struct {
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
}

type loadersKey struct{}

// batchWait is how long a loader gathers keys before it calls the store:
// long enough for all sibling resolvers of a level to ask, short next to a
// request's latency.
const batchWait = 2 * time.Millisecond

func newLoaders(store hanke.Store, maps *atlas.Atlas, wait time.Duration) *loaders {
	return &loaders{
		maps: maps.Session(),
		nodes: dataloader.NewBatchedLoader(func(ctx context.Context, ids []string) []*dataloader.Result[hanke.Node] {
			nodes, err := store.Nodes(ctx, ids)
			out := make([]*dataloader.Result[hanke.Node], len(ids))
			for i := range ids {
				out[i] = &dataloader.Result[hanke.Node]{Error: err}
				if err == nil {
					out[i].Data = nodes[i]
				}
			}
			return out
		}, dataloader.WithWait[string, hanke.Node](wait)),
		edges: dataloader.NewBatchedLoader(func(ctx context.Context, keys []edgeKey) []*dataloader.Result[hanke.EdgePage] {
			return loadEdges(ctx, store, keys)
		}, dataloader.WithWait[edgeKey, hanke.EdgePage](wait)),
	}
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
		q := hanke.EdgeQuery{Direction: shape.direction, Role: shape.role, Offset: shape.offset, Limit: shape.limit}
		if shape.types != "" {
			for _, t := range strings.Split(shape.types, ",") {
				q.Types = append(q.Types, hanke.RelType(t))
			}
		}
		for _, i := range positions {
			q.IDs = append(q.IDs, keys[i].id)
		}
		pages, err := store.Edges(ctx, q)
		for j, i := range positions {
			out[i] = &dataloader.Result[hanke.EdgePage]{Error: err}
			if err == nil {
				out[i].Data = pages[j]
			}
		}
	}
	return out
}

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

// mapsFrom is the request's atlas session.
func mapsFrom(ctx context.Context) *atlas.Session { return loadersFrom(ctx).maps }
