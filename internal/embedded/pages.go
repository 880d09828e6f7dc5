package embedded

import (
	"context"
	"slices"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Projects pages through the projects that match a filter (see
// projectMatcher). Pages come from the presorted order, so a page costs what
// the matching set costs, not the whole graph.
func (s *Store) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	st := s.state.Load()
	keep, candidates := st.projectMatcher(q.Filter)
	order := q.Order
	if order == "" {
		order = hanke.OrderByName
	}
	positions, err := st.page(ctx, st.projectOrder[order], projectOrderKeys[order], q.Descending, keep, q.Offset, q.Limit, candidates)
	if err != nil {
		return hanke.ProjectPage{}, err
	}
	page := hanke.ProjectPage{Total: positions.total}
	for _, p := range positions.items {
		page.Projects = append(page.Projects, st.nodes[p].(*hanke.Project))
	}
	return page, nil
}

// ProjectIDs streams the ids of the projects that match a filter, walking
// the projects in id order, which is the order it must give. With a
// candidate set it checks only the candidates; skipping the others by the
// set's membership array is cheaper than sorting the candidates by id.
func (s *Store) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(id string) error) error {
	st := s.state.Load()
	keep, candidates := st.projectMatcher(f)
	for i, p := range st.byLabel[hanke.LabelProject] {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if (candidates == nil || candidates.in[p]) && keep(p) {
			if err := fn(st.projectIDs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// projectMatcher compiles a filter. Filters that follow relationships
// (region, sector, fund, …) each give a set of candidates, found through the
// adjacency lists at the cost of their size; keep checks the rest on each
// candidate, and candidates is the smallest set (nil when there is none).
func (st *state) projectMatcher(f hanke.ProjectFilter) (keep func(int32) bool, candidates *set) {
	sets := []*set{}
	if f.Text != "" {
		sets = append(sets, st.setOf(st.text.Match(f.Text)))
	}
	related := []struct {
		ids  []string
		find func(int32) []int32
	}{
		{f.Regions, st.projectsInRegion},
		{f.Sectors, st.projectsTargeting},
		{f.Funds, st.projectsOfFund},
		{f.Programmes, st.via(hanke.Incoming, hanke.RelFundedFrom)},
		{f.Implementers, st.via(hanke.Outgoing, hanke.RelImplements)},
		{f.Funders, st.via(hanke.Outgoing, hanke.RelFunds)},
	}
	for _, r := range related {
		if len(r.ids) > 0 {
			sets = append(sets, st.union(r.ids, r.find))
		}
	}
	keep = func(p int32) bool {
		pr, ok := st.nodes[p].(*hanke.Project)
		if !ok || (len(f.Kinds) > 0 && !slices.Contains(f.Kinds, pr.Kind)) || !activeIn(pr, f) {
			return false
		}
		for _, s := range sets {
			if !s.in[p] {
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
	sets := []*set{}
	if f.Text != "" {
		sets = append(sets, st.setOf(st.text.Match(f.Text)))
	}
	if len(f.Regions) > 0 {
		sets = append(sets, st.union(f.Regions, st.via(hanke.Incoming, hanke.RelLocatedIn)))
	}
	keep := func(p int32) bool {
		o, ok := st.nodes[p].(*hanke.Organisation)
		if !ok || (len(f.Kinds) > 0 && !slices.Contains(f.Kinds, o.Kind)) {
			return false
		}
		for _, s := range sets {
			if !s.in[p] {
				return false
			}
		}
		return true
	}
	positions, err := st.page(ctx, st.orgOrder, func(n hanke.Node) string { return hanke.SortName(n) }, q.Descending, keep, q.Offset, q.Limit, smallest(sets))
	if err != nil {
		return hanke.OrganisationPage{}, err
	}
	page := hanke.OrganisationPage{Total: positions.total}
	for _, p := range positions.items {
		page.Organisations = append(page.Organisations, st.nodes[p].(*hanke.Organisation))
	}
	return page, nil
}

// activeIn checks the period filters; see hanke.ProjectFilter.
func activeIn(p *hanke.Project, f hanke.ProjectFilter) bool {
	if f.ActiveOn == "" && f.From == "" && f.To == "" {
		return true
	}
	if p.StartDate == "" {
		return false
	}
	if f.ActiveOn != "" && (p.StartDate > f.ActiveOn || (p.EndDate != "" && p.EndDate < f.ActiveOn)) {
		return false
	}
	if f.To != "" && p.StartDate > f.To {
		return false
	}
	if f.From != "" && p.EndDate != "" && p.EndDate < f.From {
		return false
	}
	return true
}

type positionPage struct {
	items []int32
	total int
}

// page selects one page of the positions kept by keep, in the given order.
// With a small candidate set it sorts just the candidates; otherwise it walks
// the presorted order.
func (st *state) page(ctx context.Context, sorted []int32, key func(hanke.Node) string, desc bool, keep func(int32) bool, offset, limit int, candidates *set) (positionPage, error) {
	var matching []int32
	if candidates != nil && len(candidates.members) < len(sorted)/4 {
		for _, p := range candidates.members {
			if keep(p) {
				matching = append(matching, p)
			}
		}
		matching = st.sortedBy(matching, key)
	} else {
		for i, p := range sorted {
			if i%4096 == 0 && ctx.Err() != nil {
				return positionPage{}, ctx.Err()
			}
			if keep(p) {
				matching = append(matching, p)
			}
		}
	}
	if desc {
		matching = descending(matching, func(p int32) bool { return key(st.nodes[p]) != "" })
	}
	return positionPage{items: window(matching, offset, limit), total: len(matching)}, nil
}

// descending reverses the positions that have a value and keeps those
// without one last, in id order.
func descending(sorted []int32, hasValue func(int32) bool) []int32 {
	n := 0
	for n < len(sorted) && hasValue(sorted[n]) {
		n++
	}
	out := make([]int32, 0, len(sorted))
	for i := n - 1; i >= 0; i-- {
		out = append(out, sorted[i])
	}
	return append(out, sorted[n:]...)
}

// set is a set of node positions: a membership array over every node, for
// checking a position in a step, and the members, for walking just them.
type set struct {
	in      []bool
	members []int32
}

func (st *state) newSet() *set { return &set{in: make([]bool, len(st.nodes))} }

func (s *set) add(p int32) {
	if !s.in[p] {
		s.in[p] = true
		s.members = append(s.members, p)
	}
}

// setOf is the set of the positions in m.
func (st *state) setOf(m map[int32]bool) *set {
	s := st.newSet()
	for p := range m {
		s.add(p)
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

// via finds the nodes one relationship type away.
func (st *state) via(d hanke.Direction, t hanke.RelType) func(int32) []int32 {
	rel := relIndex[t]
	return func(p int32) []int32 {
		var out []int32
		for _, list := range st.adjacency(p, d) {
			for _, ep := range list {
				if l := st.links[ep]; l.rel == rel {
					if d == hanke.Outgoing {
						out = append(out, l.to)
					} else {
						out = append(out, l.from)
					}
				}
			}
		}
		return out
	}
}

// projectsInRegion follows hanke.InRegion: projects that operate in the
// region, and projects of organisations located in it.
func (st *state) projectsInRegion(region int32) []int32 {
	out := st.via(hanke.Incoming, hanke.RelOperatesIn)(region)
	for _, org := range st.via(hanke.Incoming, hanke.RelLocatedIn)(region) {
		out = append(out, st.via(hanke.Outgoing, hanke.RelImplements)(org)...)
		out = append(out, st.via(hanke.Outgoing, hanke.RelPartnerIn)(org)...)
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
