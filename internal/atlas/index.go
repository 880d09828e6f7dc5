package atlas

import (
	"context"
	"fmt"
	"iter"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// regionSet is a set of areas: bit i stands for the index's i-th region.
type regionSet uint64

// maxRegions is how many areas a regionSet holds; there are 23.
const maxRegions = 64

// members are the areas in the set, in order.
func (s regionSet) members() iter.Seq[int] {
	return func(yield func(int) bool) {
		for ; s != 0; s &= s - 1 {
			if !yield(bits.TrailingZeros64(uint64(s))) {
				return
			}
		}
	}
}

// above is the part of the set after area r.
func (s regionSet) above(r int) regionSet { return s &^ (regionSet(2)<<r - 1) }

// lists holds a list of int32 for each of a run of items in one array: item
// i's list is items[start[i]:start[i+1]].
type lists struct{ start, items []int32 }

func (l lists) of(i int) []int32 { return l.items[l.start[i]:l.start[i+1]] }

// close ends the list of the next item.
func (l *lists) close() { l.start = append(l.start, int32(len(l.items))) }

// bitset is a set of positions.
type bitset []uint64

func newBitset(n int) bitset           { return make(bitset, (n+63)/64) }
func (b bitset) add(i int32)           { b[i/64] |= 1 << (i % 64) }
func (b bitset) contains(i int32) bool { return b[i/64]&(1<<(i%64)) != 0 }

// index is the part of the graph that touches the welfare areas, as of one
// store version, in positions and bit sets rather than ids, so that counting
// a million projects is a pass over integers in memory order.
type index struct {
	version string
	// regions are ordered by code; region i is bit i of a regionSet.
	regions []*hanke.WelfareRegion
	// projects are every project's id, ascending; a project's position here
	// indexes the slices below.
	projects []string
	operates []regionSet // where each project OPERATES_IN
	reported []regionSet // where a source reports each project's portfolio works (PORTFOLIO_WORKS_IN)
	located  []regionSet // where each project's implementers and partners are LOCATED_IN
	// orgRegions are where each organisation located in some area is
	// located; implements and partners are, for each of those
	// organisations, the positions of the projects it implements and
	// partners in.
	orgRegions           []regionSet
	implements, partners lists
	organisations        []int // per area, the organisations located there

	// allStats and allFlows are the answers for every project, which a map
	// asks for first and most.
	allStats func() []RegionStats
	allFlows func() []Flow
}

// edgeBatch is how many organisations one Store.Edges call of buildIndex
// expands, so that no single call carries an unbounded list of ids.
const edgeBatch = 10000

// buildIndex reads the part of the graph that touches the areas: every
// project's id (Store.ProjectIDs, in order: the index's positions), the
// areas, what points at them (LOCATED_IN, OPERATES_IN, PORTFOLIO_WORKS_IN),
// and what the organisations located in them implement and partner in.
// That is 3 + (located organisations / edgeBatch) store calls, and none of
// the graph that no count depends on.
func buildIndex(ctx context.Context, store hanke.Store, version string) (*index, error) {
	nodes, err := store.All(ctx, hanke.LabelWelfareRegion)
	if err != nil {
		return nil, err
	}
	if len(nodes) > maxRegions {
		return nil, fmt.Errorf("atlas: %d welfare regions, more than the %d it can count", len(nodes), maxRegions)
	}
	ix := &index{version: version, regions: make([]*hanke.WelfareRegion, len(nodes))}
	regionIDs := make([]string, len(nodes))
	for i, n := range nodes { // All orders them by id, which is by code
		ix.regions[i] = n.(*hanke.WelfareRegion)
		regionIDs[i] = n.NodeID()
	}
	var ids []string
	if err := store.ProjectIDs(ctx, hanke.ProjectFilter{}, func(id string) error {
		ids = append(ids, id)
		return nil
	}); err != nil {
		return nil, err
	}
	ix.setProjects(ids)
	n := len(ix.projects)
	ix.operates, ix.reported, ix.located = make([]regionSet, n), make([]regionSet, n), make([]regionSet, n)
	// Edges name projects by id; a map finds their positions in a step,
	// where a binary search of a million ids would miss the cache twenty
	// times. A project added since ProjectIDs answered is not in it, and is
	// left for the next version's index.
	position := make(map[string]int32, n)
	for p, id := range ix.projects {
		position[id] = int32(p)
	}

	pages, err := store.Edges(ctx, hanke.EdgeQuery{IDs: regionIDs, Direction: hanke.Incoming,
		Types: []hanke.RelType{hanke.RelLocatedIn, hanke.RelOperatesIn, hanke.RelPortfolioWorksIn}})
	if err != nil {
		return nil, err
	}
	orgs := map[string]int32{} // position in orgIDs and orgRegions
	var orgIDs []string
	for r, page := range pages {
		in := regionSet(1) << r
		for _, e := range page.Edges {
			if e.Type == hanke.RelLocatedIn {
				o, ok := orgs[e.From]
				if !ok {
					o = int32(len(orgIDs))
					orgs[e.From] = o
					orgIDs = append(orgIDs, e.From)
					ix.orgRegions = append(ix.orgRegions, 0)
				}
				ix.orgRegions[o] |= in
				continue
			}
			p, ok := position[e.From]
			if !ok {
				continue
			}
			if e.Type == hanke.RelOperatesIn {
				ix.operates[p] |= in
			} else {
				ix.reported[p] |= in
			}
		}
	}

	ix.implements.start, ix.partners.start = []int32{0}, []int32{0}
	for start := 0; start < len(orgIDs); start += edgeBatch {
		batch := orgIDs[start:min(start+edgeBatch, len(orgIDs))]
		pages, err := store.Edges(ctx, hanke.EdgeQuery{IDs: batch, Direction: hanke.Outgoing,
			Types: []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn}})
		if err != nil {
			return nil, err
		}
		for i, page := range pages {
			regions := ix.orgRegions[start+i]
			for _, e := range page.Edges {
				p, ok := position[e.To]
				if !ok {
					continue
				}
				ix.located[p] |= regions
				if e.Type == hanke.RelImplements {
					ix.implements.items = append(ix.implements.items, p)
				} else {
					ix.partners.items = append(ix.partners.items, p)
				}
			}
			ix.implements.close()
			ix.partners.close()
		}
	}
	ix.organisations = make([]int, len(ix.regions))
	for _, set := range ix.orgRegions {
		for r := range set.members() {
			ix.organisations[r]++
		}
	}
	ix.allStats = sync.OnceValue(func() []RegionStats { return ix.stats(ix.every()) })
	ix.allFlows = sync.OnceValue(func() []Flow { return ix.flows(ix.every()) })
	return ix, nil
}

// setProjects takes the projects' ids, which the store gives in order, and
// copies them into one string, so that the merges with the store's ids in
// selectProjects read memory in sequence rather than wherever the store's
// strings were allocated.
func (ix *index) setProjects(ids []string) {
	if !slices.IsSorted(ids) { // the port promises order; this keeps find correct without it
		slices.Sort(ids)
		ids = slices.Compact(ids)
	}
	var all strings.Builder
	for _, id := range ids {
		all.WriteString(id)
	}
	text, at := all.String(), 0
	ix.projects = make([]string, len(ids))
	for p, id := range ids {
		ix.projects[p], at = text[at:at+len(id)], at+len(id)
	}
}

// every is the position of every project in the index.
func (ix *index) every() []int32 {
	out := make([]int32, len(ix.projects))
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// selectProjects asks the store which projects f selects and returns their
// positions in the index, ascending.
func (ix *index) selectProjects(ctx context.Context, store hanke.Store, f hanke.ProjectFilter) ([]int32, error) {
	var selected []int32
	next := 0 // where the search for the next id starts
	err := store.ProjectIDs(ctx, f, func(id string) error {
		p, found := ix.find(id, next)
		if next = p; found {
			selected = append(selected, int32(p))
			next++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The port promises ids in order, once each; a store that broke that
	// would cost time here rather than give wrong counts.
	if !slices.IsSorted(selected) {
		slices.Sort(selected)
	}
	return slices.Compact(selected), nil
}

// find is where id is, or would go, among the index's project ids, and
// whether it is there. Ids come from the store in ascending order, so the
// search starts from from, where the previous one ended: a dense selection
// mostly finds its next id right there, and otherwise the search gallops
// forward, costing a binary search over the gap. An id out of order is
// searched for in the whole list.
func (ix *index) find(id string, from int) (int, bool) {
	ids := ix.projects
	if from < len(ids) && ids[from] == id {
		return from, true
	}
	lo, hi := 0, len(ids)
	if from == 0 || ids[from-1] < id {
		lo, hi = from, from
		for step := 1; hi < len(ids) && ids[hi] < id; step *= 2 {
			lo, hi = hi+1, from+step
		}
		hi = min(hi+1, len(ids))
	}
	i, found := slices.BinarySearch(ids[lo:hi], id)
	return lo + i, found
}
