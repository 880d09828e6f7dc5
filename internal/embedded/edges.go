package embedded

import (
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// edge is a relationship held in a few bytes: its ends as node positions,
// its type and role as small numbers, and what many edges share (sources,
// note, priority) once, in state.extras. A million projects have some eight
// million edges, so this is most of the store.
type edge struct {
	from, to  int32
	extra     int32 // index in state.extras
	rel       uint8 // index in relTypes
	role      uint8 // index in roles
	synthetic bool
}

// relTypes are the relationship types in name order, so that comparing two
// edges' rel compares their types' names, which is how edges are ordered.
var relTypes = func() []hanke.RelType {
	out := slices.Clone(hanke.AllRelTypes)
	slices.Sort(out)
	return out
}()

var relIndex = indexOf(relTypes)

// roles are the roles an edge may have, "" (none) first.
var roles = func() []string {
	out := []string{""}
	for _, t := range hanke.AllRelTypes {
		for _, r := range hanke.RolesOf[t] {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}()

var roleIndex = indexOf(roles)

func indexOf[T comparable](list []T) map[T]uint8 {
	m := make(map[T]uint8, len(list))
	for i, v := range list {
		m[v] = uint8(i)
	}
	return m
}

// edgeExtra is the part of an edge that few edges have or many share.
type edgeExtra struct {
	priority, specificObjective, note string
	sources                           []string
}

// extraKey identifies an edgeExtra; sources are joined by a NUL, which no
// id holds.
type extraKey struct {
	priority, specificObjective, note, sources string
}

// extrasTable interns edgeExtras while a state is built.
type extrasTable struct {
	list []edgeExtra
	at   map[extraKey]int32
}

func (t *extrasTable) intern(e *hanke.Edge) int32 {
	k := extraKey{e.Priority, e.SpecificObjective, e.Note, strings.Join(e.Sources, "\x00")}
	if i, ok := t.at[k]; ok {
		return i
	}
	t.at[k] = int32(len(t.list))
	t.list = append(t.list, edgeExtra{e.Priority, e.SpecificObjective, e.Note, e.Sources})
	return int32(len(t.list) - 1)
}

// edge is the i-th edge as the port has it.
func (st *state) edge(i int32) hanke.Edge {
	e := &st.edges[i]
	return st.edgeBetween(i, st.id(e.from), st.id(e.to))
}

// edgeBetween is the i-th edge as the port has it, given its ends' ids.
func (st *state) edgeBetween(i int32, from, to string) hanke.Edge {
	e, x := &st.edges[i], &st.extras[st.edges[i].extra]
	return hanke.Edge{
		Type: relTypes[e.rel], From: from, To: to, Role: roles[e.role],
		Priority: x.priority, SpecificObjective: x.specificObjective, Note: x.note, Sources: x.sources, Synthetic: e.synthetic,
	}
}

// edgePage is p's edges at the given positions in state.edges as the port
// has them, with the nodes at their other ends when neighbours is set.
//
// It reads them in passes, not an edge at a time: first the edges, then
// the other ends' ids, then the rest. Each is a read at random in a large
// store, and those of one pass do not wait on one another, so the processor
// has many of them under way at once, where making each edge in turn waited
// for them one after another (BENCHMARKS.md).
func (st *state) edgePage(p int32, list []int32, total int, neighbours bool) hanke.EdgePage {
	others := make([]int32, len(list))
	for j, i := range list {
		others[j] = other(&st.edges[i], p)
	}
	ids := make([]string, len(list))
	for j, o := range others {
		ids[j] = st.id(o)
	}
	page := hanke.EdgePage{Edges: make([]hanke.Edge, len(list)), Total: total}
	self := st.id(p)
	for j, i := range list {
		if st.edges[i].from == p {
			page.Edges[j] = st.edgeBetween(i, self, ids[j])
		} else {
			page.Edges[j] = st.edgeBetween(i, ids[j], self)
		}
	}
	if neighbours {
		page.Neighbours = make([]hanke.Node, len(list))
		for j, o := range others {
			page.Neighbours[j] = st.node(o)
		}
	}
	return page
}

// adjacency lists each node's edges, as positions in state.edges, in one
// array: node p's are list[start[p]:start[p+1]], ordered by type and then by
// the other end's id.
type adjacency struct {
	start, list []int32
}

func (a adjacency) of(p int32) []int32 { return a.list[a.start[p]:a.start[p+1]] }

// newAdjacency groups the edges by the end that end gives and orders each
// node's edges by type and the other end's id (by rank), then by position,
// so that the first given of two edges with the same ends and type is first.
func newAdjacency(edges []edge, nodes int, rank []int32, outgoing bool) adjacency {
	ends := func(e *edge) (this, other int32) {
		if outgoing {
			return e.from, e.to
		}
		return e.to, e.from
	}
	a := adjacency{start: make([]int32, nodes+1), list: make([]int32, len(edges))}
	for i := range edges {
		this, _ := ends(&edges[i])
		a.start[this+1]++
	}
	for p := range nodes {
		a.start[p+1] += a.start[p]
	}
	next := slices.Clone(a.start[:nodes])
	for i := range edges {
		this, _ := ends(&edges[i])
		a.list[next[this]] = int32(i)
		next[this]++
	}
	byTypeAndOther := func(x, y int32) int {
		ex, ey := &edges[x], &edges[y]
		if ex.rel != ey.rel {
			return int(ex.rel) - int(ey.rel)
		}
		_, ox := ends(ex)
		_, oy := ends(ey)
		if rank[ox] != rank[oy] {
			return int(rank[ox] - rank[oy])
		}
		return int(x - y)
	}
	for p := range nodes {
		slices.SortFunc(a.of(int32(p)), byTypeAndOther)
	}
	return a
}

// dedupe keeps one edge of each type between the same two nodes: the last
// given, at the place of the first (as Load merges by id). Such edges are
// neighbours in the outgoing adjacency. It returns nil when there were none.
func dedupe(edges []edge, out adjacency) []edge {
	dropped := make(map[int32]bool)
	for p := range len(out.start) - 1 {
		list := out.of(int32(p))
		for i := 0; i < len(list); {
			j := i + 1
			for j < len(list) && edges[list[j]].rel == edges[list[i]].rel && edges[list[j]].to == edges[list[i]].to {
				dropped[list[j]] = true
				j++
			}
			if j > i+1 {
				edges[list[i]] = edges[list[j-1]]
			}
			i = j
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	kept := make([]edge, 0, len(edges)-len(dropped))
	for i, e := range edges {
		if !dropped[int32(i)] {
			kept = append(kept, e)
		}
	}
	return kept
}

// expand is one node's page of edges (see hanke.EdgeQuery), as positions.
// A node's edges of one type in one direction are a run of its list, found
// by binary search and already in the page's order (by type, then the other
// end's id), so the page is merged from the runs' heads and costs what it
// holds and skips, not the node's degree. Only a role is checked edge by
// edge, as the runs are not ordered by it.
func (st *state) expand(p int32, q *hanke.EdgeQuery) (page []int32, total int) {
	var runs [][]int32 // runs of matching types, out first
	types := relSet(q.Types)
	for _, a := range st.directions(q.Direction) {
		list := a.of(p)
		if len(q.Types) == 0 {
			runs = append(runs, list)
			continue
		}
		for m := types; m != 0; m &= m - 1 {
			t := uint8(bits.TrailingZeros64(m))
			lo := sort.Search(len(list), func(i int) bool { return st.edges[list[i]].rel >= t })
			hi := sort.Search(len(list), func(i int) bool { return st.edges[list[i]].rel > t })
			runs = append(runs, list[lo:hi])
		}
	}
	want, known := roleIndex[q.Role]
	keep := func(i int32) bool { return q.Role == "" || known && st.edges[i].role == want }
	for _, run := range runs {
		if q.Role == "" {
			total += len(run)
			continue
		}
		for _, i := range run {
			if keep(i) {
				total++
			}
		}
	}
	if q.Offset >= total {
		return nil, total
	}
	if len(runs) == 1 && q.Role == "" {
		return window(runs[0], q.Offset, q.Limit), total
	}
	end := total
	if q.Limit > 0 {
		end = min(total, q.Offset+q.Limit)
	}
	page = make([]int32, 0, end-q.Offset)
	heads := make([]int, len(runs))
	for n := range end {
		best := -1
		for r, run := range runs {
			for heads[r] < len(run) && !keep(run[heads[r]]) {
				heads[r]++
			}
			// On a tie the earlier run's edge goes first: out before in.
			if heads[r] < len(run) && (best < 0 || st.before(p, run[heads[r]], runs[best][heads[best]])) {
				best = r
			}
		}
		if n >= q.Offset {
			page = append(page, runs[best][heads[best]])
		}
		heads[best]++
	}
	return page, total
}

// relSet is the types' indexes, a bit each, so that ranging over its bits
// is ranging over the types in order; unknown types are left out.
func relSet(types []hanke.RelType) uint64 {
	var m uint64
	for _, t := range types {
		if i, ok := relIndex[t]; ok {
			m |= 1 << i
		}
	}
	return m
}

// before says whether p's edge x comes before its edge y in a page: by
// type, then by the other end's id.
func (st *state) before(p, x, y int32) bool {
	ex, ey := &st.edges[x], &st.edges[y]
	if ex.rel != ey.rel {
		return ex.rel < ey.rel
	}
	return st.rank[other(ex, p)] < st.rank[other(ey, p)]
}

// other is the end of e that is not p.
func other(e *edge, p int32) int32 {
	if e.from == p {
		return e.to
	}
	return e.from
}

func (st *state) directions(d hanke.Direction) []adjacency {
	switch d {
	case hanke.Outgoing:
		return []adjacency{st.out}
	case hanke.Incoming:
		return []adjacency{st.in}
	default:
		return []adjacency{st.out, st.in}
	}
}

// window is the page [offset, offset+limit) of items; limit 0 means to the end.
func window[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return nil
	}
	items = items[offset:]
	if limit > 0 && limit < len(items) {
		items = items[:limit]
	}
	return items
}

// neighbours calls fn with each node one relationship of type t away from
// p, following it in direction d (Outgoing or Incoming): a walk along one
// run of p's adjacency, with nothing allocated.
func (st *state) neighbours(p int32, d hanke.Direction, t hanke.RelType, fn func(int32)) {
	rel := relIndex[t]
	list := st.directions(d)[0].of(p)
	for _, e := range list[sort.Search(len(list), func(i int) bool { return st.edges[list[i]].rel >= rel }):] {
		if st.edges[e].rel != rel {
			return
		}
		fn(other(&st.edges[e], p))
	}
}

// along is neighbours as a step of a filter (see state.union).
func along(d hanke.Direction, t hanke.RelType) func(st *state, p int32, fn func(int32)) {
	return func(st *state, p int32, fn func(int32)) { st.neighbours(p, d, t, fn) }
}
