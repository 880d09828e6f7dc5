package atlas

import (
	"context"
	"fmt"
	"iter"
	"math/bits"
	"slices"
	"sort"
	"sync"

	"github.com/hankegraph/hankegraph/internal/arena"
	"github.com/hankegraph/hankegraph/internal/bitset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// regionSet is a set of areas: bit i stands for the index's i-th region.
type regionSet uint32

// maxRegions is how many areas a regionSet holds; there are 23.
const maxRegions = 32

// members are the areas in the set, in order.
func (s regionSet) members() iter.Seq[int] {
	return func(yield func(int) bool) {
		for ; s != 0; s &= s - 1 {
			if !yield(bits.TrailingZeros32(uint32(s))) {
				return
			}
		}
	}
}

// above is the part of the set after area r.
func (s regionSet) above(r int) regionSet { return s &^ (regionSet(2)<<r - 1) }

// index is the part of the graph that touches the welfare areas, as of one
// store version, in positions and bit sets rather than ids.
//
// A request goes through its selection's projects in position order, each
// marking its participations in a bit set of organisations; an area's
// organisations are then counted over the range of bits they are numbered
// in. Its projects in an area are counted as it goes, each project adding
// itself to its areas' counts, when the selection is sparse; a dense one is
// counted against each area's set of projects, word by word. A selected
// project costs one read of its participations (and, in a sparse
// selection, of its areas), in position order.
type index struct {
	version string
	// regions are ordered by code; region i is bit i of a regionSet.
	regions []*hanke.WelfareRegion
	// projects are every project's id, ascending, as the store has them at
	// version: a project's position here is its place in a
	// hanke.ProjectSet, and indexes the slices below.
	projects arena.List
	// areas are, for each project, the areas it is in as hanke.InRegion
	// has it, and projectsIn, for each area, the projects in it.
	// reportedIn are, for each area, the projects whose portfolio a source
	// reports working there (PORTFOLIO_WORKS_IN), in order: few projects
	// report a portfolio, so a list costs less to check than a set of every
	// project costs to count.
	areas      []regionSet
	projectsIn []bitset.Set
	reportedIn [][]int32
	located    []regionSet // where each project's implementers and partners are LOCATED_IN, for flows
	// participations are, for each project, the located organisations
	// taking part in it: an implementer's (IMPLEMENTS) position among the
	// located organisations, or a partner's (PARTNER_IN) plus partnerBase,
	// so that the ones a selection reaches are a single bit set,
	// implementers in its first partnerBase bits, partners in the rest.
	participations participations
	partnerBase    int32 // the located organisations, rounded up to a whole word
	// The located organisations are numbered area by area: those of area r
	// that no earlier area has are firstIn[r] up to firstIn[r+1], so that
	// an area's marked organisations are mostly a count over a range of
	// bits. alsoIn are, for each area, its organisations that an earlier
	// area has too.
	firstIn []int32
	alsoIn  [][]int32

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
	n := ix.projects.Len()
	// Where each project is and is reported, gathered a project at a time,
	// become the areas' sets and lists at the end.
	in, reported := make([]regionSet, n), make([]regionSet, n)
	ix.located = make([]regionSet, n)
	// Edges name projects by id; a map finds their positions in a step,
	// where a binary search of a million ids would miss the cache twenty
	// times. A project added since ProjectIDs answered is not in it, and is
	// left for the next version's index.
	position := make(map[string]int32, n)
	for p := range n {
		position[ix.projects.At(p)] = int32(p)
	}

	pages, err := store.Edges(ctx, hanke.EdgeQuery{IDs: regionIDs, Direction: hanke.Incoming,
		Types: []hanke.RelType{hanke.RelLocatedIn, hanke.RelOperatesIn, hanke.RelPortfolioWorksIn}})
	if err != nil {
		return nil, err
	}
	orgs := map[string]int32{} // position in orgIDs and orgRegions
	var orgIDs []string
	var orgRegions []regionSet
	ix.firstIn, ix.alsoIn = make([]int32, len(ix.regions)+1), make([][]int32, len(ix.regions))
	for r, page := range pages {
		area := regionSet(1) << r
		ix.firstIn[r] = int32(len(orgIDs))
		for _, e := range page.Edges {
			if e.Type == hanke.RelLocatedIn {
				o, ok := orgs[e.From]
				if !ok {
					o = int32(len(orgIDs))
					orgs[e.From] = o
					orgIDs = append(orgIDs, e.From)
					orgRegions = append(orgRegions, 0)
				}
				if orgRegions[o]&area == 0 {
					orgRegions[o] |= area
					if o < ix.firstIn[r] {
						ix.alsoIn[r] = append(ix.alsoIn[r], o)
					}
				}
				continue
			}
			p, ok := position[e.From]
			if !ok {
				continue
			}
			if e.Type == hanke.RelOperatesIn {
				in[p] |= area
			} else {
				reported[p] |= area
			}
		}
	}
	ix.firstIn[len(ix.regions)] = int32(len(orgIDs))
	ix.partnerBase = int32(len(bitset.New(len(orgIDs))) * 64)
	if 2*ix.partnerBase-1 > maxOrganisation {
		return nil, fmt.Errorf("atlas: %d organisations located in the areas, more than the %d it can count", len(orgIDs), (maxOrganisation+1)/2)
	}

	// The store gives each organisation's projects; the counts want each
	// project's organisations: the pairs are gathered, then grouped.
	var pairs []participation
	for start := 0; start < len(orgIDs); start += edgeBatch {
		batch := orgIDs[start:min(start+edgeBatch, len(orgIDs))]
		pages, err := store.Edges(ctx, hanke.EdgeQuery{IDs: batch, Direction: hanke.Outgoing,
			Types: []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn}})
		if err != nil {
			return nil, err
		}
		for i, page := range pages {
			o := int32(start + i)
			for _, e := range page.Edges {
				p, ok := position[e.To]
				if !ok {
					continue
				}
				ix.located[p] |= orgRegions[o]
				if e.Type == hanke.RelPartnerIn {
					pairs = append(pairs, participation{p, ix.partnerBase + o})
				} else {
					pairs = append(pairs, participation{p, o})
				}
			}
		}
	}
	ix.participations = groupParticipations(n, pairs)
	ix.areas, ix.projectsIn, ix.reportedIn = in, make([]bitset.Set, len(ix.regions)), make([][]int32, len(ix.regions))
	for r := range ix.regions {
		ix.projectsIn[r] = bitset.New(n)
	}
	for p := range n {
		ix.areas[p] |= ix.located[p]
		for r := range ix.areas[p].members() {
			ix.projectsIn[r].Add(int32(p))
		}
		for r := range reported[p].members() {
			ix.reportedIn[r] = append(ix.reportedIn[r], int32(p))
		}
	}
	ix.allStats = sync.OnceValue(func() []RegionStats { return ix.stats(ix.everyProject()) })
	ix.allFlows = sync.OnceValue(func() []Flow { return ix.flows(ix.everyProject()) })
	return ix, nil
}

// setProjects takes the projects' ids, which the store gives in order, and
// copies them into one arena.List, so that the merges with the store's ids
// in selectProjects read memory in sequence rather than wherever the
// store's strings were allocated.
func (ix *index) setProjects(ids []string) {
	if !slices.IsSorted(ids) { // the port promises order; this keeps find correct without it
		slices.Sort(ids)
		ids = slices.Compact(ids)
	}
	ix.projects = arena.NewList(len(ids), func(i int) string { return ids[i] })
}

// everyProject is the set of every project in the index.
func (ix *index) everyProject() bitset.Set { return bitset.Full(ix.projects.Len()) }

// selectProjects is the set of projects f selects. A store that is a
// hanke.ProjectSelector gives them by their places in id order, which are
// the index's positions when it names the index's version: the index read
// its ids after reading that version, and the store was still at it when it
// selected. Otherwise (another store, or the store has changed since the
// index was built) the store's ids are found among the index's.
func (ix *index) selectProjects(ctx context.Context, store hanke.Store, f hanke.ProjectFilter) (bitset.Set, error) {
	chosen := bitset.New(ix.projects.Len())
	if selector, ok := store.(hanke.ProjectSelector); ok {
		set, err := selector.SelectProjects(ctx, f)
		if err != nil {
			return nil, err
		}
		if set.Version == ix.version && len(set.Places) == len(chosen) {
			return set.Places, nil
		}
	}
	next := 0 // where the search for the next id starts
	err := store.ProjectIDs(ctx, f, func(id string) error {
		p, found := ix.find(id, next)
		if next = p; found {
			chosen.Add(int32(p))
			next++
		}
		return nil
	})
	return chosen, err
}

// find is where id is, or would go, among the index's project ids, and
// whether it is there. Ids come from the store in ascending order, so the
// search starts from from, where the previous one ended: a dense selection
// mostly finds its next id right there, and otherwise the search gallops
// forward, costing a binary search over the gap. An id out of order is
// searched for in the whole list.
func (ix *index) find(id string, from int) (int, bool) {
	ids, n := ix.projects, ix.projects.Len()
	if from < n && ids.At(from) == id {
		return from, true
	}
	lo, hi := 0, n
	if from == 0 || ids.At(from-1) < id {
		lo, hi = from, from
		for step := 1; hi < n && ids.At(hi) < id; step *= 2 {
			lo, hi = hi+1, from+step
		}
		hi = min(hi+1, n)
	}
	i := lo + sort.Search(hi-lo, func(i int) bool { return ids.At(lo+i) >= id })
	return i, i < n && ids.At(i) == id
}
