package embedded

import (
	"slices"
	"sort"
	"strings"

	"github.com/hankegraph/hankegraph/internal/bitset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// filterIndex answers project filters with sets of projects by their
// places in id order (byLabel; the order SelectProjects gives): a filter is
// the intersection of a set for each of its fields, taken word by word, and
// its count a popcount. So a filter costs some word operations for each
// field and what text and organisation filters find, never a check of
// every candidate project.
type filterIndex struct {
	// selects are the projects each region, sector, fund and programme
	// selects in a filter, by the node's position (see selections).
	selects map[int32]bitset.Set
	// kinds are the projects of each kind, by projectKindIndex.
	kinds []bitset.Set
	// starts and ends are the projects with a known start and a known end
	// date, by date (see dateIndex).
	starts, ends dateIndex
	// classes are the projects under each classification: most hold few
	// projects, so a filter makes its set from their places rather than the
	// index keeping a set for each.
	classes map[classKey]*class
}

// classKey is what a classification filter compares: scheme and code.
type classKey struct{ scheme, code string }

// class is the projects under one classification.
type class struct {
	label  string  // the first one a project gives, in id order
	places []int32 // in order
}

// selected is the projects a filter selects (hanke.ProjectFilter), a bit
// for each at its place; nil when the filter is empty and selects them all.
func (st *state) selected(f hanke.ProjectFilter) bitset.Set {
	ix := &st.filters
	var sets []bitset.Set
	if f.Text != "" {
		sets = append(sets, st.matching(hanke.LabelProject, f.Text))
	}
	for _, ids := range [][]string{f.Regions, f.Sectors, f.Funds, f.Programmes} {
		if len(ids) > 0 {
			sets = append(sets, st.selectedBy(ids))
		}
	}
	for _, r := range []struct {
		ids []string
		rel hanke.RelType
	}{{f.Implementers, hanke.RelImplements}, {f.Funders, hanke.RelFunds}} {
		if len(r.ids) > 0 {
			sets = append(sets, st.linkedFrom(hanke.LabelProject, r.ids, hanke.Outgoing, r.rel))
		}
	}
	if len(f.Classifications) > 0 {
		classified := bitset.New(len(st.byLabel[hanke.LabelProject]))
		for _, c := range f.Classifications {
			if cl, ok := ix.classes[classKey{c.Scheme, c.Code}]; ok {
				for _, place := range cl.places {
					classified.Add(place)
				}
			}
		}
		sets = append(sets, classified)
	}
	if len(f.Kinds) > 0 {
		ofKinds := bitset.New(len(st.byLabel[hanke.LabelProject]))
		for _, k := range f.Kinds {
			if i, ok := projectKindIndex[k]; ok {
				ofKinds.Or(ix.kinds[i])
			}
		}
		sets = append(sets, ofKinds)
	}
	period := f.ActiveOn != "" || f.From != "" || f.To != ""
	if len(sets) == 0 && !period {
		return nil
	}
	var sel bitset.Set
	if len(sets) == 0 {
		sel = bitset.Full(len(st.byLabel[hanke.LabelProject]))
	} else {
		sel = slices.Clone(sets[0]) // it may be one of the index's sets
		for _, s := range sets[1:] {
			sel.And(s)
		}
	}
	if period {
		ix.keepActive(sel, periodOf(f))
	}
	return sel
}

// period is the days a filter's period fields ask about, as date numbers (0:
// unbounded on that side). A project runs on a day, or overlaps a range, when
// it started by the last day and has not ended before the first; one whose
// start is unknown never matches, one whose end is unknown is still running.
type period struct{ first, last int32 }

func periodOf(f hanke.ProjectFilter) period {
	p := period{first: dateNumber(f.From), last: dateNumber(f.To)}
	if on := dateNumber(f.ActiveOn); on != 0 {
		if p.last == 0 || on < p.last {
			p.last = on
		}
		if p.first == 0 || on > p.first {
			p.first = on
		}
	}
	return p
}

// keepActive keeps in sel the projects that run in the period.
func (ix *filterIndex) keepActive(sel bitset.Set, p period) {
	ix.starts.intersect(sel, ix.starts.upTo(p.last), true)
	if p.first != 0 {
		ix.ends.intersect(sel, ix.ends.before(p.first), false)
	}
}

// ruledOut is how many places at the start of a page's walk through an order
// the filter's period rules out by the order's own date: projects started
// after the period, first in the latest-started order, or ended before it,
// first in the earliest-ended. A page skips them, rather than checking each
// against the selection (at a million projects most of them, for a day in
// the past).
func (ix *filterIndex) ruledOut(order hanke.ProjectOrderField, desc bool, f hanke.ProjectFilter) int {
	p := periodOf(f)
	switch {
	case order == hanke.OrderByStartDate && desc && p.last != 0:
		return len(ix.starts.dates) - ix.starts.upTo(p.last)
	case order == hanke.OrderByEndDate && !desc && p.first != 0:
		return ix.ends.before(p.first)
	}
	return 0
}

// dateIndex holds the projects with a known date by date, and the sets of
// the first of them at every step: the projects started by a day (or ended
// before one) are always the first so many, so their set is the nearest
// such set with at most half a step of projects added or taken away, rather
// than a set built bit by bit or a date check on every candidate.
type dateIndex struct {
	places []int32 // the projects, by date and then place
	dates  []int32 // their dates as date numbers, in the same order
	step   int
	// prefix[k] is the set of places[:min(k*step, len(places))]; the last
	// is all of them.
	prefix []bitset.Set
}

// dateIndexSteps is how many sets a dateIndex keeps: at a million projects
// 8 MB, and at most 8 000 projects to add or take away from the nearest.
const dateIndexSteps = 64

// upTo is how many of the projects have a date by last (all of them when
// last is 0).
func (ix *dateIndex) upTo(last int32) int {
	if last == 0 {
		return len(ix.dates)
	}
	return sort.Search(len(ix.dates), func(i int) bool { return ix.dates[i] > last })
}

// before is how many of the projects have a date before first.
func (ix *dateIndex) before(first int32) int {
	return sort.Search(len(ix.dates), func(i int) bool { return ix.dates[i] >= first })
}

// ordering is the projects in the index's order, those without a date
// after them by place: the order of pages by this date, so that a page and
// ruledOut count the same projects.
func (ix *dateIndex) ordering(projects int) *ordering {
	o := &ordering{sorted: slices.Grow(slices.Clone(ix.places), projects-len(ix.places)), valued: len(ix.places), rank: make([]int32, projects)}
	dated := bitset.New(projects)
	for _, place := range ix.places {
		dated.Add(place)
	}
	for place := range int32(projects) {
		if !dated.Contains(place) {
			o.sorted = append(o.sorted, place)
		}
	}
	for i, place := range o.sorted {
		o.rank[place] = int32(i)
	}
	return o
}

// newDateIndex indexes the projects by a date number, 0 for unknown.
func newDateIndex(dates []int32) dateIndex {
	// Date and place in one number, to sort by both; the date's sign bit
	// flipped so that the numbers order as the dates do.
	var keyed []uint64
	for place, d := range dates {
		if d != 0 {
			keyed = append(keyed, uint64(uint32(d)^1<<31)<<32|uint64(place))
		}
	}
	slices.Sort(keyed)
	ix := dateIndex{places: make([]int32, len(keyed)), dates: make([]int32, len(keyed)), step: max(64, (len(keyed)+dateIndexSteps-1)/dateIndexSteps)}
	for i, k := range keyed {
		ix.dates[i], ix.places[i] = int32(uint32(k>>32)^1<<31), int32(uint32(k))
	}
	set := bitset.New(len(dates))
	for i := 0; ; i += ix.step {
		for _, place := range ix.places[max(0, i-ix.step):min(i, len(keyed))] {
			set.Add(place)
		}
		ix.prefix = append(ix.prefix, slices.Clone(set))
		if i >= len(keyed) {
			return ix
		}
	}
}

// intersect keeps in sel what is among places[:n] (inside) or what is not
// (!inside), starting from the nearest prefix set and then setting right the
// places between it and n.
func (ix *dateIndex) intersect(sel bitset.Set, n int, inside bool) {
	k := min((n+ix.step/2)/ix.step, len(ix.prefix)-1)
	at := min(k*ix.step, len(ix.places))
	missing := at <= n // between is in places[:n] and not in the prefix, or the other way round
	between := ix.places[min(at, n):max(at, n)]
	// Where the prefix differs from places[:n], sel's own bits decide
	// when the prefix would wrongly clear them; otherwise they go.
	var held []int32
	restore := inside == missing
	if restore {
		for _, place := range between {
			if sel.Contains(place) {
				held = append(held, place)
			}
		}
	}
	if inside {
		sel.And(ix.prefix[k])
	} else {
		sel.AndNot(ix.prefix[k])
	}
	if restore {
		for _, place := range held {
			sel.Add(place)
		}
	} else {
		for _, place := range between {
			sel.Remove(place)
		}
	}
}

// placesOf is the set of the places of the nodes of a label that find
// finds (other nodes are left out).
func (st *state) placesOf(label hanke.Label, find func(fn func(int32))) bitset.Set {
	of := st.byLabel[label]
	set := bitset.New(len(of))
	find(func(p int32) {
		if place := st.labelIndex[p]; int(place) < len(of) && of[place] == p {
			set.Add(place)
		}
	})
	return set
}

// matching is the set of the places of the nodes of a label whose texts
// match text.
func (st *state) matching(label hanke.Label, text string) bitset.Set {
	return st.placesOf(label, func(fn func(int32)) {
		for _, p := range st.text.Match(text) {
			fn(p)
		}
	})
}

// linkedFrom is the set of the places of the nodes of a label that any of
// the ids (those that exist) links to along relationships of type t in
// direction d.
func (st *state) linkedFrom(label hanke.Label, ids []string, d hanke.Direction, t hanke.RelType) bitset.Set {
	return st.placesOf(label, func(fn func(int32)) {
		for _, id := range ids {
			if p, ok := st.find(id); ok {
				st.neighbours(p, d, t, fn)
			}
		}
	})
}

// selectedBy is the projects that any of the ids selects in a filter, from
// the sets built with the state (see selections). One id's set is shared;
// several are joined.
func (st *state) selectedBy(ids []string) bitset.Set {
	var sets []bitset.Set
	for _, id := range ids {
		if p, ok := st.find(id); ok && st.filters.selects[p] != nil {
			sets = append(sets, st.filters.selects[p])
		}
	}
	if len(sets) == 1 {
		return sets[0]
	}
	union := bitset.New(len(st.byLabel[hanke.LabelProject]))
	for _, s := range sets {
		union.Or(s)
	}
	return union
}

// selections finds, for every node a filter can name by region, sector,
// fund or programme, the projects it selects: those in a welfare region (as
// hanke.InRegion defines it: they operate there, or an organisation located
// there implements or partners in them), those targeting a sector or a
// sector of a domain, funded from a fund's programmes or from a programme.
// Such filters then cost a few word operations.
func (st *state) selections() map[int32]bitset.Set {
	out := map[int32]bitset.Set{}
	for _, l := range []struct {
		label hanke.Label
		find  func(st *state, p int32, fn func(int32))
	}{
		{hanke.LabelWelfareRegion, projectsInRegion},
		{hanke.LabelSector, projectsTargeting},
		{hanke.LabelFund, projectsOfFund},
		{hanke.LabelProgramme, func(st *state, p int32, fn func(int32)) {
			st.neighbours(p, hanke.Incoming, hanke.RelFundedFrom, fn)
		}},
	} {
		for _, node := range st.byLabel[l.label] {
			out[node] = st.placesOf(hanke.LabelProject, func(fn func(int32)) { l.find(st, node, fn) })
		}
	}
	return out
}

// projectsInRegion finds the projects in a welfare region (hanke.InRegion),
// some more than once.
func projectsInRegion(st *state, region int32, fn func(int32)) {
	st.neighbours(region, hanke.Incoming, hanke.RelOperatesIn, fn)
	st.neighbours(region, hanke.Incoming, hanke.RelLocatedIn, func(org int32) {
		st.neighbours(org, hanke.Outgoing, hanke.RelImplements, fn)
		st.neighbours(org, hanke.Outgoing, hanke.RelPartnerIn, fn)
	})
}

// projectsTargeting finds projects that target a sector, or any sector of a domain.
func projectsTargeting(st *state, sector int32, fn func(int32)) {
	st.neighbours(sector, hanke.Incoming, hanke.RelTargets, fn)
	st.neighbours(sector, hanke.Incoming, hanke.RelPartOf, func(child int32) {
		st.neighbours(child, hanke.Incoming, hanke.RelTargets, fn)
	})
}

// projectsOfFund finds projects funded from any programme of the fund.
func projectsOfFund(st *state, fund int32, fn func(int32)) {
	st.neighbours(fund, hanke.Incoming, hanke.RelPartOf, func(programme int32) {
		st.neighbours(programme, hanke.Incoming, hanke.RelFundedFrom, fn)
	})
}

// indexProjects makes the sets of projects by kind and the date indexes.
func (st *state) indexProjects() {
	projects := st.byLabel[hanke.LabelProject]
	ix := &st.filters
	ix.kinds = make([]bitset.Set, len(hanke.ProjectKinds)+1)
	for k := 1; k < len(ix.kinds); k++ {
		ix.kinds[k] = bitset.New(len(projects))
	}
	starts, ends := make([]int32, len(projects)), make([]int32, len(projects))
	ix.classes = map[classKey]*class{}
	for place, p := range projects {
		pr := st.nodes[p].(*hanke.Project)
		ix.kinds[max(projectKindIndex[pr.Kind], 1)].Add(int32(place)) // an unknown kind still makes a project
		starts[place], ends[place] = dateNumber(pr.StartDate), dateNumber(pr.EndDate)
		for _, c := range pr.Classifications {
			cl, ok := ix.classes[classKey{c.Scheme, c.Code}]
			if !ok {
				// The node's strings may sit in blocks that packing lets go.
				cl = &class{}
				ix.classes[classKey{strings.Clone(c.Scheme), strings.Clone(c.Code)}] = cl
			}
			if cl.label == "" {
				cl.label = strings.Clone(c.Label)
			}
			if n := len(cl.places); n == 0 || cl.places[n-1] != int32(place) { // a classification given twice
				cl.places = append(cl.places, int32(place))
			}
		}
	}
	ix.starts, ix.ends = newDateIndex(starts), newDateIndex(ends)
}

// projectKindIndex numbers the project kinds from 1.
var projectKindIndex = func() map[hanke.ProjectKind]uint8 {
	m := map[hanke.ProjectKind]uint8{}
	for i, k := range hanke.ProjectKinds {
		m[k] = uint8(i + 1)
	}
	return m
}()

// dateNumber is an ISO date (YYYY-MM-DD, as datasets have them) as the
// number YYYYMMDD, which orders as the date does; 0 for no date.
func dateNumber(iso string) int32 {
	if len(iso) != len("2006-01-02") {
		return 0
	}
	n := int32(0)
	for _, c := range iso[0:4] + iso[5:7] + iso[8:10] {
		n = n*10 + int32(c-'0')
	}
	return n
}
