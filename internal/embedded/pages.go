package embedded

import (
	"context"
	"slices"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Projects pages through the projects that match a filter. Filters that
// follow relationships (region, sector, fund, …) each give a set of
// candidates, found through the adjacency lists at the cost of their size;
// the rest are checked on each candidate. Pages then come from the presorted
// order, so a page costs what the matching set costs, not the whole graph.
func (s *Store) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	st := s.state.Load()
	f := q.Filter
	sets := []map[int32]bool{}
	if f.Text != "" {
		sets = append(sets, st.text.Match(f.Text))
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
	keep := func(p int32) bool {
		pr, ok := st.nodes[p].(*hanke.Project)
		if !ok || (len(f.Kinds) > 0 && !slices.Contains(f.Kinds, pr.Kind)) || !activeIn(pr, f) {
			return false
		}
		for _, set := range sets {
			if !set[p] {
				return false
			}
		}
		return true
	}
	order := q.Order
	if order == "" {
		order = hanke.OrderByName
	}
	positions, err := st.page(ctx, st.projectOrder[order], projectOrderKeys[order], q.Descending, keep, q.Offset, q.Limit, smallest(sets))
	if err != nil {
		return hanke.ProjectPage{}, err
	}
	page := hanke.ProjectPage{Total: positions.total}
	for _, p := range positions.items {
		page.Projects = append(page.Projects, st.nodes[p].(*hanke.Project))
	}
	return page, nil
}

// Organisations pages through the organisations that match a filter.
func (s *Store) Organisations(ctx context.Context, q hanke.OrganisationQuery) (hanke.OrganisationPage, error) {
	st := s.state.Load()
	f := q.Filter
	sets := []map[int32]bool{}
	if f.Text != "" {
		sets = append(sets, st.text.Match(f.Text))
	}
	if len(f.Regions) > 0 {
		sets = append(sets, st.union(f.Regions, st.via(hanke.Incoming, hanke.RelLocatedIn)))
	}
	keep := func(p int32) bool {
		o, ok := st.nodes[p].(*hanke.Organisation)
		if !ok || (len(f.Kinds) > 0 && !slices.Contains(f.Kinds, o.Kind)) {
			return false
		}
		for _, set := range sets {
			if !set[p] {
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
func (st *state) page(ctx context.Context, sorted []int32, key func(hanke.Node) string, desc bool, keep func(int32) bool, offset, limit int, candidates map[int32]bool) (positionPage, error) {
	var matching []int32
	if candidates != nil && len(candidates) < len(sorted)/4 {
		for p := range candidates {
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

// smallest is the smallest of the candidate sets, nil when there are none.
func smallest(sets []map[int32]bool) map[int32]bool {
	var best map[int32]bool
	for _, s := range sets {
		if best == nil || len(s) < len(best) {
			best = s
		}
	}
	return best
}

// union collects find(id) over the ids that exist.
func (st *state) union(ids []string, find func(int32) []int32) map[int32]bool {
	set := map[int32]bool{}
	for _, id := range ids {
		if p, ok := st.position[id]; ok {
			for _, q := range find(p) {
				set[q] = true
			}
		}
	}
	return set
}

// via finds the nodes one relationship type away.
func (st *state) via(d hanke.Direction, t hanke.RelType) func(int32) []int32 {
	return func(p int32) []int32 {
		var out []int32
		for _, list := range st.adjacency(p, d) {
			for _, ep := range list {
				if e := st.edges[ep]; e.Type == t {
					if d == hanke.Outgoing {
						out = append(out, st.position[e.To])
					} else {
						out = append(out, st.position[e.From])
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
