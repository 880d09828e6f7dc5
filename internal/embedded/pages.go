package embedded

import (
	"context"
	"math"
	"math/bits"
	"slices"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Projects pages through the projects that match a filter (see
// projectMatcher), in a presorted order (see ordering.page).
func (s *Store) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	st := s.state.Load()
	keep, candidates := st.projectMatcher(q.Filter)
	order := q.Order
	if order == "" {
		order = hanke.OrderByName
	}
	items, total, err := st.projectOrder[order].page(ctx, q.Descending, q.Offset, q.Limit, keep, candidates)
	if err != nil {
		return hanke.ProjectPage{}, err
	}
	page := hanke.ProjectPage{Total: total, Projects: make([]*hanke.Project, len(items))}
	for i, p := range items {
		page.Projects[i] = st.nodes[p].(*hanke.Project)
	}
	return page, nil
}

// ProjectIDs streams the ids of the projects that match a filter, in id
// order. With candidates, they are put in that order by a bit for each
// project, as ordering.page does; without, every project is checked.
func (s *Store) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(id string) error) error {
	st := s.state.Load()
	keep, candidates := st.projectMatcher(f)
	if candidates == nil {
		for i, p := range st.byLabel[hanke.LabelProject] {
			if i%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if keep == nil || keep(p) {
				if err := fn(st.projectIDs[i]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	selected := newBitset(len(st.projectIDs))
	for _, p := range candidates.members {
		if keep(p) {
			selected.add(st.labelIndex[p])
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for w, word := range selected {
		for ; word != 0; word &= word - 1 {
			if err := fn(st.projectIDs[w*64+bits.TrailingZeros64(word)]); err != nil {
				return err
			}
		}
	}
	return nil
}

// projectMatcher compiles a filter. Filters that follow relationships
// (region, sector, fund, …) and text each give a set of candidates, found at
// the cost of its size; keep checks the rest on a candidate, and candidates
// is the smallest set. With no filter at all, both are nil; with no set,
// candidates is nil and every project is to be checked.
func (st *state) projectMatcher(f hanke.ProjectFilter) (keep func(int32) bool, candidates *set) {
	var sets []*set
	if f.Text != "" {
		sets = append(sets, st.setOf(st.text.Match(f.Text)))
	}
	if len(f.Regions) > 0 {
		sets = append(sets, st.inRegions(f.Regions))
	}
	for _, r := range []struct {
		ids  []string
		find func(int32) []int32
	}{
		{f.Sectors, st.projectsTargeting},
		{f.Funds, st.projectsOfFund},
		{f.Programmes, st.via(hanke.Incoming, hanke.RelFundedFrom)},
		{f.Implementers, st.via(hanke.Outgoing, hanke.RelImplements)},
		{f.Funders, st.via(hanke.Outgoing, hanke.RelFunds)},
	} {
		if len(r.ids) > 0 {
			sets = append(sets, st.union(r.ids, r.find))
		}
	}
	period := f.ActiveOn != "" || f.From != "" || f.To != ""
	if len(sets) == 0 && len(f.Kinds) == 0 && !period {
		return nil, nil
	}
	kinds := ^uint32(0)
	if len(f.Kinds) > 0 {
		kinds = 0
		for _, k := range f.Kinds {
			kinds |= 1 << projectKindIndex[k]
		}
	}
	on, from, to := dateNumber(f.ActiveOn), dateNumber(f.From), dateNumber(f.To)
	keep = func(p int32) bool {
		if k := st.facts.kind[p]; k == 0 || kinds&(1<<k) == 0 || period && !st.facts.activeIn(p, on, from, to) {
			return false
		}
		for _, s := range sets {
			if !s.in.contains(p) {
				return false
			}
		}
		return true
	}
	return keep, smallest(sets)
}

// Organisations pages through the organisations that match a filter.
func (s *Store) Organisations(ctx context.Context, q hanke.OrganisationQuery) (hanke.OrganisationPage, error) {
	st := s.state.Load()
	f := q.Filter
	var sets []*set
	if f.Text != "" {
		sets = append(sets, st.setOf(st.text.Match(f.Text)))
	}
	if len(f.Regions) > 0 {
		sets = append(sets, st.union(f.Regions, st.via(hanke.Incoming, hanke.RelLocatedIn)))
	}
	var keep func(int32) bool
	if len(sets) > 0 || len(f.Kinds) > 0 {
		keep = func(p int32) bool {
			o, ok := st.nodes[p].(*hanke.Organisation)
			if !ok || (len(f.Kinds) > 0 && !slices.Contains(f.Kinds, o.Kind)) {
				return false
			}
			for _, s := range sets {
				if !s.in.contains(p) {
					return false
				}
			}
			return true
		}
	}
	items, total, err := st.orgOrder.page(ctx, q.Descending, q.Offset, q.Limit, keep, smallest(sets))
	if err != nil {
		return hanke.OrganisationPage{}, err
	}
	page := hanke.OrganisationPage{Total: total, Organisations: make([]*hanke.Organisation, len(items))}
	for i, p := range items {
		page.Organisations[i] = st.nodes[p].(*hanke.Organisation)
	}
	return page, nil
}

// projectFacts are what filters check on each candidate project, in arrays
// by node position rather than behind each project's pointer, so that
// checking a hundred thousand candidates reads memory in sequence.
type projectFacts struct {
	kind       []uint8 // projectKindIndex of the project's kind; 0 for nodes that are not projects
	start, end []int32 // dates as the number YYYYMMDD; 0 when unknown
}

// projectKindIndex numbers the project kinds from 1.
var projectKindIndex = func() map[hanke.ProjectKind]uint8 {
	m := map[hanke.ProjectKind]uint8{}
	for i, k := range hanke.ProjectKinds {
		m[k] = uint8(i + 1)
	}
	return m
}()

func (st *state) collectFacts() {
	f := projectFacts{kind: make([]uint8, len(st.nodes)), start: make([]int32, len(st.nodes)), end: make([]int32, len(st.nodes))}
	for _, p := range st.byLabel[hanke.LabelProject] {
		pr := st.nodes[p].(*hanke.Project)
		f.kind[p] = max(projectKindIndex[pr.Kind], 1) // an unknown kind still makes a project
		f.start[p], f.end[p] = dateNumber(pr.StartDate), dateNumber(pr.EndDate)
	}
	st.facts = f
}

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

// activeIn checks the period filters (see hanke.ProjectFilter), given as
// date numbers, 0 for none: a project whose start is unknown never matches;
// one whose end is unknown is still running.
func (f *projectFacts) activeIn(p, on, from, to int32) bool {
	start, end := f.start[p], f.end[p]
	if start == 0 {
		return false
	}
	if end == 0 {
		end = math.MaxInt32
	}
	return (on == 0 || start <= on && on <= end) && (to == 0 || start <= to) && (from == 0 || from <= end)
}

// set is a set of node positions: a bit for each node, to check one in a
// step, and the members, to walk just them.
type set struct {
	in      bitset
	members []int32
}

func (st *state) newSet() *set { return &set{in: newBitset(len(st.nodes))} }

func (s *set) add(p int32) {
	if !s.in.contains(p) {
		s.in.add(p)
		s.members = append(s.members, p)
	}
}

// setOf is the set of the positions in list, which has no repeats; the set
// shares it.
func (st *state) setOf(list []int32) *set {
	s := &set{in: newBitset(len(st.nodes)), members: list}
	for _, p := range list {
		s.in.add(p)
	}
	return s
}

// smallest is the smallest of the candidate sets, nil when there are none.
func smallest(sets []*set) *set {
	var best *set
	for _, s := range sets {
		if best == nil || len(s.members) < len(best.members) {
			best = s
		}
	}
	return best
}

// union collects find(id) over the ids that exist.
func (st *state) union(ids []string, find func(int32) []int32) *set {
	s := st.newSet()
	for _, id := range ids {
		if p, ok := st.position[id]; ok {
			for _, q := range find(p) {
				s.add(q)
			}
		}
	}
	return s
}

// inRegions is the projects in any of the regions, from the index built
// with the state.
func (st *state) inRegions(ids []string) *set {
	var lists [][]int32
	for _, id := range ids {
		if p, ok := st.position[id]; ok {
			lists = append(lists, st.inRegion[p])
		}
	}
	if len(lists) == 1 {
		return st.setOf(lists[0])
	}
	s := st.newSet()
	for _, list := range lists {
		for _, p := range list {
			s.add(p)
		}
	}
	return s
}

// regionMembers finds the projects in each welfare region, as hanke.InRegion
// defines it: those that operate there and those of organisations located
// there. Region filters and counts then cost what their answer holds.
func (st *state) regionMembers() map[int32][]int32 {
	out := map[int32][]int32{}
	seen := newBitset(len(st.nodes))
	for _, region := range st.byLabel[hanke.LabelWelfareRegion] {
		var members []int32
		add := func(p int32) {
			if !seen.contains(p) {
				seen.add(p)
				members = append(members, p)
			}
		}
		for _, p := range st.via(hanke.Incoming, hanke.RelOperatesIn)(region) {
			add(p)
		}
		for _, org := range st.via(hanke.Incoming, hanke.RelLocatedIn)(region) {
			for _, t := range []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn} {
				for _, p := range st.via(hanke.Outgoing, t)(org) {
					add(p)
				}
			}
		}
		for _, p := range members {
			seen[p/64] = 0 // clear for the next region, at the cost of the members
		}
		slices.Sort(members)
		out[region] = members
	}
	return out
}

// projectsTargeting finds projects that target a sector, or any sector of a domain.
func (st *state) projectsTargeting(sector int32) []int32 {
	out := st.via(hanke.Incoming, hanke.RelTargets)(sector)
	for _, child := range st.via(hanke.Incoming, hanke.RelPartOf)(sector) {
		out = append(out, st.via(hanke.Incoming, hanke.RelTargets)(child)...)
	}
	return out
}

// projectsOfFund finds projects funded from any programme of the fund.
func (st *state) projectsOfFund(fund int32) []int32 {
	var out []int32
	for _, programme := range st.via(hanke.Incoming, hanke.RelPartOf)(fund) {
		out = append(out, st.via(hanke.Incoming, hanke.RelFundedFrom)(programme)...)
	}
	return out
}
