// Package atlas is hankegraph's map logic: how many projects, implementers,
// partners and organisations each welfare area has under a project filter
// (RegionStats), which areas projects link (Flow), and the areas as GeoJSON
// (FeatureCollection). Every count is defined here, once, above the store
// port, so that every store gives the same answers; stores only say which
// projects a filter selects (Store.ProjectIDs, or hanke.ProjectSelector)
// and expand relationships
// (Store.Edges).
//
// Region statistics must stay fast at a million projects, so nothing here
// reads projects one by one. An index is built once per store version:
// every project's id in order, where each project is and what its located
// implementers and partners are, all as positions and bit sets. A request
// costs one Store.Version call and one call for each distinct filter (none
// for the empty filter, whose answers the index keeps), and then what its
// selection costs, not what the graph holds: the selection is counted
// word by word against each area's projects, and each selected project
// marks its organisations in a bit set, whose marks are counted per area at
// the end.
//
// A store that is a hanke.ProjectSelector (the embedded one) gives a
// filter's projects as a bit set of their places in id order, which are the
// index's positions when the set names the index's version. Other stores,
// or a store that has changed since the index was built, stream ids
// (Store.ProjectIDs), which are found among the index's.
package atlas

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/hankegraph/hankegraph/internal/bitset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Atlas answers the map questions over a store. It is safe for concurrent
// use; make one per store and share it, since it holds the store's index.
type Atlas struct {
	store hanke.Store
	// current is the index of the store's graph at some version; a caller
	// that finds the store at another version rebuilds it, once however
	// many callers find that at the same time (rebuilds).
	current  atomic.Pointer[index]
	rebuilds singleflight.Group
}

// New makes an Atlas over store. It reads the store on first use.
func New(store hanke.Store) *Atlas { return &Atlas{store: store} }

// Prepare builds the index of the store's graph as it is now, unless it is
// built: a server calls it as it starts, so that the map's first request
// does not wait for the index (seconds, at a million projects).
func (a *Atlas) Prepare(ctx context.Context) error {
	_, err := a.index(ctx)
	return err
}

// rebuildTimeout bounds building an index. The build is shared by every
// request that waits for it, so it does not stop when the first of them
// gives up; this keeps a store that never answers from holding it forever.
const rebuildTimeout = 2 * time.Minute

// index is the index of the store's graph as of its current version.
func (a *Atlas) index(ctx context.Context) (*index, error) {
	version, err := a.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	if ix := a.current.Load(); ix != nil && ix.version == version {
		return ix, nil
	}
	// The version is read before the graph: if the graph changes in between,
	// the index is labelled older than it is, and the next request rebuilds
	// it rather than keeping stale answers.
	rebuilt := a.rebuilds.DoChan(version, func() (any, error) {
		if ix := a.current.Load(); ix != nil && ix.version == version {
			return ix, nil
		}
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rebuildTimeout)
		defer cancel()
		ix, err := buildIndex(bctx, a.store, version)
		if err != nil {
			return nil, err
		}
		a.current.Store(ix)
		return ix, nil
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-rebuilt:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*index), nil
	}
}

// Session answers the map questions of one request. It reads the store's
// version once and the projects of each filter once, however many fields of
// the request ask: the 23 WelfareRegion.stats of one query cost what one
// regionStats costs. It is safe for concurrent use, as GraphQL resolves
// fields concurrently.
type Session struct {
	atlas *Atlas
	mu    sync.Mutex
	calls map[string]*call
}

// call is one memoised computation of a session.
type call struct {
	done chan struct{}
	val  any
	err  error
}

// Session starts a session; use one per request.
func (a *Atlas) Session() *Session { return &Session{atlas: a, calls: map[string]*call{}} }

// memo runs fn once per key in the session; later callers wait for and share
// its result.
func memo[T any](s *Session, key string, fn func() (T, error)) (T, error) {
	s.mu.Lock()
	c, ok := s.calls[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		s.calls[key] = c
	}
	s.mu.Unlock()
	if !ok {
		// Should fn panic (GraphQL recovers a resolver's panic), the callers
		// waiting for it get an error rather than wait for ever.
		defer close(c.done)
		c.err = errors.New("atlas: the computation failed")
		c.val, c.err = fn()
		return c.val.(T), c.err
	}
	<-c.done
	v, _ := c.val.(T)
	return v, c.err
}

// filterKey identifies a filter among a session's calls.
func filterKey(f hanke.ProjectFilter) string {
	b, _ := json.Marshal(f) // a struct of strings and string slices always marshals
	return string(b)
}

func (s *Session) index(ctx context.Context) (*index, error) {
	return memo(s, "index", func() (*index, error) { return s.atlas.index(ctx) })
}

// selection is the index and the projects in it that a filter selects;
// all says it selects every project, for which the index keeps the answers.
type selection struct {
	ix     *index
	all    bool
	chosen bitset.Set
}

func (s *Session) selection(ctx context.Context, f hanke.ProjectFilter) (selection, error) {
	return memo(s, "select "+filterKey(f), func() (selection, error) {
		ix, err := s.index(ctx)
		if err != nil || isEmpty(f) {
			return selection{ix: ix, all: true}, err
		}
		chosen, err := ix.selectProjects(ctx, s.atlas.store, f)
		return selection{ix: ix, chosen: chosen}, err
	})
}

// isEmpty tells whether a filter selects every project. It names every field
// of the filter; TestIsEmptySeesEveryFilterField fails on one it misses.
func isEmpty(f hanke.ProjectFilter) bool {
	return f.Text == "" && len(f.Kinds) == 0 && len(f.Funds) == 0 && len(f.Programmes) == 0 &&
		f.ActiveOn == "" && f.From == "" && f.To == "" && len(f.Regions) == 0 && len(f.Sectors) == 0 &&
		len(f.Implementers) == 0 && len(f.Funders) == 0 && len(f.Classifications) == 0
}

// Stats is one row for each of the store's welfare areas (the 23), ordered
// by code, rows of zeros included, for the projects f selects.
func (s *Session) Stats(ctx context.Context, f hanke.ProjectFilter) ([]RegionStats, error) {
	return memo(s, "stats "+filterKey(f), func() ([]RegionStats, error) {
		sel, err := s.selection(ctx, f)
		switch {
		case err != nil:
			return nil, err
		case sel.all:
			return sel.ix.allStats(), nil
		default:
			return sel.ix.stats(sel.chosen), nil
		}
	})
}

// RegionStats is the row of Stats for one area. An area the index does not
// know (one added after the version it was built from) has a row of zeros.
func (s *Session) RegionStats(ctx context.Context, f hanke.ProjectFilter, region *hanke.WelfareRegion) (RegionStats, error) {
	rows, err := s.Stats(ctx, f)
	for _, r := range rows {
		if r.Region.Code == region.Code {
			return r, err
		}
	}
	return RegionStats{Region: region}, err
}

// Flows are the pairs of areas that the projects f selects link, ordered
// by the codes of From and then To.
func (s *Session) Flows(ctx context.Context, f hanke.ProjectFilter) ([]Flow, error) {
	return memo(s, "flows "+filterKey(f), func() ([]Flow, error) {
		sel, err := s.selection(ctx, f)
		switch {
		case err != nil:
			return nil, err
		case sel.all:
			return sel.ix.allFlows(), nil
		default:
			return sel.ix.flows(sel.chosen), nil
		}
	})
}
