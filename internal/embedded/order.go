package embedded

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"

	"github.com/hankegraph/hankegraph/internal/bitset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// ordering is a presorted order of one label's nodes, for pages: those
// with a value for the order's key first, by value and then id, and then
// those without one, by id. It holds the nodes by their places in id order
// among the label's nodes (state.byLabel), the places filters select.
type ordering struct {
	sorted []int32 // places
	valued int     // how many of sorted have a value
	rank   []int32 // each place's index in sorted
}

// projectOrders make the orders of pages of projects from the projects'
// positions, given in id order (byLabel).
var projectOrders = map[hanke.ProjectOrderField]func(st *state, positions []int32) *ordering{
	hanke.OrderByName: func(st *state, positions []int32) *ordering { return newOrdering(st, positions, byName) },
	// The date orders are the date indexes' (see ruledOut).
	hanke.OrderByStartDate: func(st *state, positions []int32) *ordering { return st.filters.starts.ordering(len(positions)) },
	hanke.OrderByEndDate:   func(st *state, positions []int32) *ordering { return st.filters.ends.ordering(len(positions)) },
	hanke.OrderByTotalBudget: func(st *state, positions []int32) *ordering {
		return newOrdering(st, positions, func(n hanke.Node) (float64, bool) {
			if b := n.(*hanke.Project).TotalBudgetEur; b != nil {
				return *b, true
			}
			return 0, false
		})
	},
}

func byName(n hanke.Node) (string, bool) { return hanke.SortName(n), true }

// sortOrders presorts the projects in every order and the organisations by
// name, side by side, once the projects are indexed (indexProjects).
func (st *state) sortOrders() {
	st.projectOrder = map[hanke.ProjectOrderField]*ordering{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for field, sortBy := range projectOrders {
		wg.Go(func() {
			o := sortBy(st, st.byLabel[hanke.LabelProject])
			mu.Lock()
			st.projectOrder[field] = o
			mu.Unlock()
		})
	}
	wg.Go(func() { st.orgOrder = newOrdering(st, st.byLabel[hanke.LabelOrganisation], byName) })
	wg.Wait()
}

// newOrdering sorts the places of positions (given in id order) by key,
// computed once for each; ties, and the nodes without a value, go by id.
func newOrdering[K cmp.Ordered](st *state, positions []int32, key func(hanke.Node) (K, bool)) *ordering {
	type keyed struct {
		key   K
		place int32
	}
	with := make([]keyed, 0, len(positions))
	var without []int32
	for place, p := range positions {
		if k, ok := key(st.nodes[p]); ok {
			with = append(with, keyed{k, int32(place)})
		} else {
			without = append(without, int32(place))
		}
	}
	slices.SortFunc(with, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.place, b.place)) })
	o := &ordering{sorted: make([]int32, 0, len(positions)), valued: len(with), rank: make([]int32, len(positions))}
	for _, k := range with {
		o.sorted = append(o.sorted, k.place)
	}
	o.sorted = append(o.sorted, without...)
	for i, place := range o.sorted {
		o.rank[place] = int32(i)
	}
	return o
}

// at is the i-th place of the order, ascending or descending. Descending
// reverses the nodes with a value and keeps those without last, by id.
func (o *ordering) at(i int, desc bool) int32 {
	if desc && i < o.valued {
		return o.sorted[o.valued-1-i]
	}
	return o.sorted[i]
}

// index is where a place comes in the order, ascending or descending.
func (o *ordering) index(place int32, desc bool) int {
	r := int(o.rank[place])
	if desc && r < o.valued {
		return o.valued - 1 - r
	}
	return r
}

// page is the page [offset, offset+limit) (limit 0: to the end) of the
// selected places (nil: all of them) in order, and how many are selected.
// It walks the order checking each place's bit while that costs less than
// putting every selected place in order (a bit for each index in the
// order, then read in sequence), which it falls back to when the selection
// is sparse where the order begins: a date filter under a date order, for
// one. Either way a page costs at most about what the selection holds,
// never a sort.
//
// The walk starts at index from: the places before it are known not to be
// selected (ruledOut).
func (o *ordering) page(desc bool, from, offset, limit int, selected bitset.Set) (items []int32, total int) {
	full := func() bool { return limit > 0 && len(items) == limit }
	if selected == nil {
		for i := offset; i < len(o.sorted) && !full(); i++ {
			items = append(items, o.at(i, desc))
		}
		return items, len(o.sorted)
	}
	total = selected.Count()
	if offset >= total {
		return nil, total
	}
	budget := from + total + len(selected) // about what putting them in order costs
	skip := offset
	i := from
	for ; i < len(o.sorted) && i < budget && !full(); i++ {
		if place := o.at(i, desc); selected.Contains(place) {
			if skip > 0 {
				skip--
			} else {
				items = append(items, place)
			}
		}
	}
	if full() || i == len(o.sorted) {
		return items, total
	}

	items = items[:0]
	indexes := bitset.New(len(o.sorted))
	for place := range selected.Members() {
		indexes.Add(int32(o.index(place, desc)))
	}
	skip = offset
	for w, word := range indexes {
		if n := bits.OnesCount64(word); skip >= n {
			skip -= n
			continue
		}
		for ; word != 0 && !full(); word &= word - 1 {
			if skip > 0 {
				skip--
				continue
			}
			items = append(items, o.at(w*64+bits.TrailingZeros64(word), desc))
		}
		if full() {
			break
		}
	}
	return items, total
}
