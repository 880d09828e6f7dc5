package embedded

import (
	"cmp"
	"context"
	"math/bits"
	"slices"
	"sync"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// ordering is a presorted order of some nodes, for pages: the nodes with a
// value for the order's key first, by value and then id, and then those
// without one, by id.
type ordering struct {
	sorted []int32 // node positions
	valued int     // how many of sorted have a value
	rank   []int32 // each node's place in sorted, by position; -1 for nodes not in it
}

// projectOrders make the orders of pages of projects from the projects'
// positions, given in id order.
var projectOrders = map[hanke.ProjectOrderField]func(st *state, positions []int32) *ordering{
	hanke.OrderByName: func(st *state, positions []int32) *ordering { return newOrdering(st, positions, byName) },
	hanke.OrderByStartDate: func(st *state, positions []int32) *ordering {
		return newOrdering(st, positions, func(n hanke.Node) (string, bool) {
			d := n.(*hanke.Project).StartDate
			return d, d != ""
		})
	},
	hanke.OrderByEndDate: func(st *state, positions []int32) *ordering {
		return newOrdering(st, positions, func(n hanke.Node) (string, bool) {
			d := n.(*hanke.Project).EndDate
			return d, d != ""
		})
	},
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
// name, side by side.
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

// newOrdering sorts positions by key, computed once for each; ties, and the
// nodes without a value, go by id.
func newOrdering[K cmp.Ordered](st *state, positions []int32, key func(hanke.Node) (K, bool)) *ordering {
	type keyed struct {
		key K
		p   int32
	}
	with := make([]keyed, 0, len(positions))
	var without []int32
	for _, p := range positions {
		if k, ok := key(st.nodes[p]); ok {
			with = append(with, keyed{k, p})
		} else {
			without = append(without, p)
		}
	}
	slices.SortFunc(with, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(st.rank[a.p], st.rank[b.p])
	})
	o := &ordering{sorted: make([]int32, 0, len(positions)), valued: len(with), rank: make([]int32, len(st.nodes))}
	for _, k := range with {
		o.sorted = append(o.sorted, k.p)
	}
	o.sorted = append(o.sorted, without...)
	for i := range o.rank {
		o.rank[i] = -1
	}
	for i, p := range o.sorted {
		o.rank[p] = int32(i)
	}
	return o
}

// at is the i-th node of the order, ascending or descending. Descending
// reverses the nodes with a value and keeps those without last, by id.
func (o *ordering) at(i int, desc bool) int32 {
	if desc && i < o.valued {
		return o.sorted[o.valued-1-i]
	}
	return o.sorted[i]
}

// place is where node p comes in the order, ascending or descending.
func (o *ordering) place(p int32, desc bool) int {
	r := int(o.rank[p])
	if desc && r < o.valued {
		return o.valued - 1 - r
	}
	return r
}

// page selects the page [offset, offset+limit) (limit 0: to the end) of the
// nodes that keep keeps, in order, and counts them all; keep nil keeps
// every node. With candidates (and then a keep that keeps only nodes of the
// order), only they are checked, and put in order by a bit for each place in
// the order, so that a page costs what the candidates cost, not a sort;
// without, the order is walked.
func (o *ordering) page(ctx context.Context, desc bool, offset, limit int, keep func(int32) bool, candidates *set) (items []int32, total int, err error) {
	full := func() bool { return limit > 0 && len(items) == limit }
	if candidates == nil {
		if keep == nil {
			for i := offset; i < len(o.sorted) && !full(); i++ {
				items = append(items, o.at(i, desc))
			}
			return items, len(o.sorted), nil
		}
		for i := range o.sorted {
			if i%4096 == 0 && ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			if p := o.at(i, desc); keep(p) {
				if total >= offset && !full() {
					items = append(items, p)
				}
				total++
			}
		}
		return items, total, nil
	}

	places := newBitset(len(o.sorted))
	for _, p := range candidates.members {
		if keep(p) {
			places.add(int32(o.place(p, desc)))
			total++
		}
	}
	skip := offset
	for w, word := range places {
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
	return items, total, nil
}

// bitset is a set of small non-negative numbers, a bit each.
type bitset []uint64

func newBitset(n int) bitset           { return make(bitset, (n+63)/64) }
func (b bitset) add(i int32)           { b[i/64] |= 1 << (i % 64) }
func (b bitset) contains(i int32) bool { return b[i/64]&(1<<(i%64)) != 0 }
