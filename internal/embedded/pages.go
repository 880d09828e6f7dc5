package embedded

import (
	"context"
	"slices"

	"github.com/hankegraph/hankegraph/internal/bitset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Projects pages through the projects that match a filter (see selected),
// in a presorted order (see ordering.page).
func (s *Store) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	st := s.state.Load()
	order := q.Order
	if order == "" {
		order = hanke.OrderByName
	}
	sel := st.selected(q.Filter)
	if err := ctx.Err(); err != nil {
		return hanke.ProjectPage{}, err
	}
	from := st.filters.ruledOut(order, q.Descending, q.Filter)
	places, total := st.projectOrder[order].page(q.Descending, from, q.Offset, q.Limit, sel)
	projects := st.byLabel[hanke.LabelProject]
	page := hanke.ProjectPage{Total: total, Projects: make([]*hanke.Project, len(places))}
	for i, place := range places {
		page.Projects[i] = st.node(projects[place]).(*hanke.Project)
	}
	return page, nil
}

// ProjectIDs streams the ids of the projects that match a filter, in id
// order (see selectedOrAll).
func (s *Store) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(id string) error) error {
	st := s.state.Load()
	for place := range st.selectedOrAll(f).Members() {
		if place%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(st.projectIDs.At(int(place))); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// SelectProjects is the set of projects that match a filter, by their
// places in id order (see selectedOrAll).
func (s *Store) SelectProjects(ctx context.Context, f hanke.ProjectFilter) (hanke.ProjectSet, error) {
	st := s.state.Load()
	sel := st.selectedOrAll(f)
	if err := ctx.Err(); err != nil {
		return hanke.ProjectSet{}, err
	}
	return hanke.ProjectSet{Version: st.versionString(), Places: sel}, nil
}

// selectedOrAll is the projects a filter selects, a bit for each at its
// place among the projects in id order (byLabel), made for the caller.
func (st *state) selectedOrAll(f hanke.ProjectFilter) bitset.Set {
	if sel := st.selected(f); sel != nil {
		return sel
	}
	return bitset.Full(len(st.byLabel[hanke.LabelProject]))
}

// Organisations pages through the organisations that match a filter.
func (s *Store) Organisations(ctx context.Context, q hanke.OrganisationQuery) (hanke.OrganisationPage, error) {
	st := s.state.Load()
	f := q.Filter
	organisations := st.byLabel[hanke.LabelOrganisation]
	var sel bitset.Set // the organisations' places; nil for all
	narrow := func(set bitset.Set) {
		if sel == nil {
			sel = set
		} else {
			sel.And(set)
		}
	}
	if f.Text != "" {
		narrow(st.matching(hanke.LabelOrganisation, f.Text))
	}
	if len(f.Regions) > 0 {
		narrow(st.linkedFrom(hanke.LabelOrganisation, f.Regions, hanke.Incoming, hanke.RelLocatedIn))
	}
	if len(f.Kinds) > 0 {
		if sel == nil {
			sel = bitset.Full(len(organisations))
		}
		for place := range sel.Members() {
			if !slices.Contains(f.Kinds, st.node(organisations[place]).(*hanke.Organisation).Kind) {
				sel.Remove(place)
			}
		}
	}
	places, total := st.orgOrder.page(q.Descending, 0, q.Offset, q.Limit, sel)
	page := hanke.OrganisationPage{Total: total, Organisations: make([]*hanke.Organisation, len(places))}
	for i, place := range places {
		page.Organisations[i] = st.node(organisations[place]).(*hanke.Organisation)
	}
	return page, nil
}
