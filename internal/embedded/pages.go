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
// order (see selected).
func (s *Store) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(id string) error) error {
	st := s.state.Load()
	selected, err := st.selected(ctx, f)
	if err != nil {
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

// SelectProjects is the set of projects that match a filter, by their
// places in id order (see selected).
func (s *Store) SelectProjects(ctx context.Context, f hanke.ProjectFilter) (hanke.ProjectSet, error) {
	st := s.state.Load()
	selected, err := st.selected(ctx, f)
	if err != nil {
		return hanke.ProjectSet{}, err
	}
	return hanke.ProjectSet{Version: st.versionString(), Places: selected}, nil
}

// selected is the projects that match a filter, a bit for each at its place
// among the projects in id order (labelIndex). With candidates, only they
// are checked, as ordering.page does; without, every project is.
func (st *state) selected(ctx context.Context, f hanke.ProjectFilter) (bitset, error) {
	projects := st.byLabel[hanke.LabelProject]
	selected := newBitset(len(projects))
	keep, candidates := st.projectMatcher(f)
	switch {
	case keep == nil:
		for i := range projects {
			selected.add(int32(i))
		}
	case candidates == nil:
		for i, p := range projects {
			if i%4096 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if keep(p) {
				selected.add(int32(i))
			}
		}
	default:
		for _, p := range candidates.members {
			if keep(p) {
				selected.add(st.labelIndex[p])
			}
		}
	}
	return selected, ctx.Err()
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
	for _, ids := range [][]string{f.Regions, f.Sectors, f.Funds, f.Programmes} {
		if len(ids) > 0 {
			sets = append(sets, st.selectedBy(ids))
		}
	}
	for _, r := range []struct {
		ids  []string
		find func(st *state, p int32, fn func(int32))
	}{
		{f.Implementers, along(hanke.Outgoing, hanke.RelImplements)},
		{f.Funders, along(hanke.Outgoing, hanke.RelFunds)},
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
	// keep is only asked about candidates, so it need not check their set.
	candidates = smallest(sets)
	others := slices.DeleteFunc(slices.Clone(sets), func(s *set) bool { return s == candidates })
	keep = func(p int32) bool {
		if k := st.facts.kind[p]; k == 0 || kinds&(1<<k) == 0 || period && !st.facts.activeIn(p, on, from, to) {
			return false
		}
		for _, s := range others {
			if !s.in.contains(p) {
				return false
			}
		}
		return true
	}
	return keep, candidates
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
		sets = append(sets, st.union(f.Regions, along(hanke.Incoming, hanke.RelLocatedIn)))
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

// union collects what find finds from each of the ids that exist.
func (st *state) union(ids []string, find func(st *state, p int32, fn func(int32))) *set {
	s := st.newSet()
	for _, id := range ids {
		if p, ok := st.position[id]; ok {
			find(st, p, s.add)
		}
	}
	return s
}

// selectedBy is the projects that any of the ids selects in a filter, from
// the sets built with the state (see selections). One id's set is shared;
// several are joined.
func (st *state) selectedBy(ids []string) *set {
	var sets []*set
	for _, id := range ids {
		if p, ok := st.position[id]; ok && st.selects[p] != nil {
			sets = append(sets, st.selects[p])
		}
	}
	if len(sets) == 1 {
		return sets[0]
	}
	s := st.newSet()
	for _, other := range sets {
		for _, p := range other.members {
			s.add(p)
		}
	}
	return s
}

// selections finds, for every node a filter can name by region, sector,
// fund or programme, the projects it selects: those in a welfare region (as
// hanke.InRegion defines it: they operate there, or an organisation located
// there implements or partners in them), those targeting a sector or a
// sector of a domain, funded from a fund's programmes or from a programme.
// Such filters then cost nothing to set up, and the pages and counts under
// them what their answer holds.
func (st *state) selections() map[int32]*set {
	out := map[int32]*set{}
	collect := func(node int32, find func(st *state, p int32, fn func(int32))) {
		s := st.newSet()
		find(st, node, s.add)
		slices.Sort(s.members) // in position order, which reads the nodes in sequence
		out[node] = s
	}
	for _, l := range []struct {
		label hanke.Label
		find  func(st *state, p int32, fn func(int32))
	}{
		{hanke.LabelWelfareRegion, projectsInRegion},
		{hanke.LabelSector, projectsTargeting},
		{hanke.LabelFund, projectsOfFund},
		{hanke.LabelProgramme, along(hanke.Incoming, hanke.RelFundedFrom)},
	} {
		for _, node := range st.byLabel[l.label] {
			collect(node, l.find)
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
