package embedded_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The store answers filters with sets of projects and indexes of dates;
// this checks them against every filter field read literally from
// hanke.ProjectFilter's docs, project by project, over a graph where some
// projects have no start or no end date, on days at and next to the
// projects' own dates, with several fields at once.
func TestFiltersMatchANaiveCheck(t *testing.T) {
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(3, 9))
	// Copies, as the built-in dataset's nodes are shared.
	var projects []*hanke.Project
	for i, n := range w.g.Nodes {
		if p, ok := n.(*hanke.Project); ok {
			c := *p
			projects = append(projects, &c)
			w.g.Nodes[i], w.node[p.ID] = &c, &c
		}
	}
	// Classifications, one code in two schemes; and unknown dates. Loaded
	// again into a store of their own.
	classes := []hanke.Classification{{Scheme: "category", Code: "109"}, {Scheme: "category", Code: "112"}, {Scheme: "objective", Code: "109"}}
	for _, p := range projects {
		for _, c := range classes {
			if rng.IntN(3) == 0 {
				p.Classifications = append(p.Classifications, hanke.Classification{Scheme: c.Scheme, Code: c.Code, Label: "a label, not compared"})
			}
		}
	}
	for _, p := range projects {
		switch rng.IntN(10) {
		case 0:
			p.StartDate = ""
		case 1:
			p.EndDate = ""
		case 2:
			p.StartDate, p.EndDate = "", ""
		case 3:
			p.EndDate = p.StartDate // a project of one day
		}
	}
	w.store = embedded.New()
	if _, err := w.store.Load(context.Background(), w.g); err != nil {
		t.Fatal(err)
	}

	n := w.naive()
	days := []string{"1990-01-01", "2040-12-31"}
	for range 40 {
		p := projects[rng.IntN(len(projects))]
		for _, d := range []string{p.StartDate, p.EndDate} {
			if d != "" {
				days = append(days, d, shift(d, -1), shift(d, 1))
			}
		}
	}
	pick := func(from []string) []string {
		out := []string{from[rng.IntN(len(from))]}
		if rng.IntN(4) == 0 {
			out = append(out, from[rng.IntN(len(from))])
		}
		return out
	}
	day := func() string { return days[rng.IntN(len(days))] }
	for i := range 400 {
		var f hanke.ProjectFilter
		for _, set := range []func(){
			func() { f.Regions = pick(n.regions) },
			func() { f.Sectors = pick(n.sectors) },
			func() { f.Funds = pick(n.funds) },
			func() { f.Programmes = pick(n.programmes) },
			func() { f.Implementers = pick(n.organisations) },
			func() { f.Funders = pick(n.funders) },
			func() {
				f.Kinds = []hanke.ProjectKind{hanke.ProjectKinds[rng.IntN(4)], hanke.ProjectKinds[rng.IntN(4)]}
			},
			func() {
				f.Classifications = []hanke.Classification{classes[rng.IntN(3)]}
				if rng.IntN(4) == 0 {
					f.Classifications = append(f.Classifications, classes[rng.IntN(3)])
				}
			},
			func() { f.ActiveOn = day() },
			func() { f.From = day() },
			func() { f.To = day() },
		} {
			if rng.IntN(4) == 0 {
				set()
			}
		}
		want := n.selects_(f)
		var got []string
		if err := w.store.ProjectIDs(context.Background(), f, func(id string) error { got = append(got, id); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("filter %d %+v: %d projects, want %d", i, f, len(got), len(want))
		}
		// A page in a date order, where the selection may be sparse
		// where the order begins, and somewhere past its start.
		order := []hanke.ProjectOrderField{hanke.OrderByStartDate, hanke.OrderByEndDate, hanke.OrderByName}[i%3]
		desc := i%2 == 0
		all := w.plainOrder(func(p *hanke.Project) bool { _, ok := slices.BinarySearch(want, p.ID); return ok }, order, desc)
		offset := []int{0, 3, len(all) / 2, len(all)}[rng.IntN(4)]
		page, err := w.store.Projects(context.Background(), hanke.ProjectQuery{Filter: f, Order: order, Descending: desc, Offset: offset, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range page.Projects {
			ids = append(ids, p.ID)
		}
		if page.Total != len(want) || !slices.Equal(ids, window(all, offset, 20)) {
			t.Fatalf("filter %d %+v, %s desc=%v at %d: total %d, want %d; page %v, want %v", i, f, order, desc, offset, page.Total, len(want), ids, window(all, offset, 20))
		}
	}
}

// Text narrows like any other field: text and a region select what each
// selects alone.
func TestTextNarrowsWithOtherFilters(t *testing.T) {
	w := newWorld(t)
	ids := func(f hanke.ProjectFilter) []string {
		var out []string
		if err := w.store.ProjectIDs(context.Background(), f, func(id string) error { out = append(out, id); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, word := range []string{"nuorten", "työllisyyttä", "verkosto"} {
		text := ids(hanke.ProjectFilter{Text: word})
		both := ids(hanke.ProjectFilter{Text: word, Regions: []string{"region:90"}, ActiveOn: "2016-03-01"})
		var want []string
		for _, id := range ids(hanke.ProjectFilter{Regions: []string{"region:90"}, ActiveOn: "2016-03-01"}) {
			if _, ok := slices.BinarySearch(text, id); ok {
				want = append(want, id)
			}
		}
		if len(text) == 0 || !slices.Equal(both, want) {
			t.Errorf("%q: %d projects, want %d (%d by text alone)", word, len(both), len(want), len(text))
		}
	}
}

func TestOrganisationFiltersMatchANaiveCheck(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	located := map[string]map[string]bool{}
	for _, e := range w.g.Edges {
		if e.Type == hanke.RelLocatedIn {
			if located[e.To] == nil {
				located[e.To] = map[string]bool{}
			}
			located[e.To][e.From] = true
		}
	}
	for _, f := range []hanke.OrganisationFilter{
		{Regions: []string{"region:08"}},
		{Regions: []string{"region:90", "region:01"}, Kinds: []hanke.OrganisationKind{hanke.OrgNGO, hanke.OrgMunicipality}},
		{Kinds: []hanke.OrganisationKind{hanke.OrgCompany}},
		{Regions: []string{"region:none"}},
	} {
		var want []string
		for _, node := range w.g.Nodes {
			o, ok := node.(*hanke.Organisation)
			if !ok || len(f.Kinds) > 0 && !slices.Contains(f.Kinds, o.Kind) {
				continue
			}
			in := len(f.Regions) == 0
			for _, r := range f.Regions {
				in = in || located[r][o.ID]
			}
			if in {
				want = append(want, o.ID)
			}
		}
		slices.Sort(want)
		page, err := w.store.Organisations(ctx, hanke.OrganisationQuery{Filter: f})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range page.Organisations {
			got = append(got, o.ID)
		}
		if !slices.IsSortedFunc(page.Organisations, func(a, b *hanke.Organisation) int { return cmpName(a, b) }) {
			t.Errorf("%+v: not by name", f)
		}
		slices.Sort(got)
		if page.Total != len(want) || !slices.Equal(got, want) {
			t.Errorf("%+v: %d organisations (total %d), want %d", f, len(got), page.Total, len(want))
		}
		tail, _ := w.store.Organisations(ctx, hanke.OrganisationQuery{Filter: f, Descending: true, Offset: 5, Limit: 7})
		if len(tail.Organisations) != len(window(want, 5, 7)) || tail.Total != len(want) {
			t.Errorf("%+v: a page of %d, total %d", f, len(tail.Organisations), tail.Total)
		}
	}
}

func cmpName(a, b *hanke.Organisation) int {
	if c := strings.Compare(hanke.SortName(a), hanke.SortName(b)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func shift(iso string, days int) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		panic(fmt.Sprint(iso, err))
	}
	return d.AddDate(0, 0, days).Format(time.DateOnly)
}

// naive is what each filter field selects, worked out edge by edge.
type naive struct {
	w                                                           *world
	regions, sectors, funds, programmes, organisations, funders []string
	selects                                                     map[string]map[string]bool // region, sector, domain, fund, programme, organisation (IMPLEMENTS) → projects
	fundedBy                                                    map[string]map[string]bool // funder → projects
}

func (w *world) naive() *naive {
	n := &naive{w: w, selects: map[string]map[string]bool{}, fundedBy: map[string]map[string]bool{}}
	add := func(m map[string]map[string]bool, key, project string) {
		if m[key] == nil {
			m[key] = map[string]bool{}
		}
		m[key][project] = true
	}
	partOf := map[string]string{}
	for _, e := range w.g.Edges {
		if e.Type == hanke.RelPartOf {
			partOf[e.From] = e.To
		}
	}
	for _, node := range w.g.Nodes {
		switch node.NodeLabel() {
		case hanke.LabelWelfareRegion:
			n.regions = append(n.regions, node.NodeID())
			for p := range w.inRegion(node.NodeID()) {
				add(n.selects, node.NodeID(), p)
			}
		case hanke.LabelSector:
			n.sectors = append(n.sectors, node.NodeID())
		case hanke.LabelFund:
			n.funds = append(n.funds, node.NodeID())
		case hanke.LabelProgramme:
			n.programmes = append(n.programmes, node.NodeID())
		}
	}
	for _, e := range w.g.Edges {
		switch e.Type {
		case hanke.RelTargets:
			add(n.selects, e.To, e.From)
			if d, ok := partOf[e.To]; ok {
				add(n.selects, d, e.From)
			}
		case hanke.RelFundedFrom:
			add(n.selects, e.To, e.From)
			if f, ok := partOf[e.To]; ok {
				add(n.selects, f, e.From)
			}
		case hanke.RelImplements:
			add(n.selects, e.From, e.To)
		case hanke.RelFunds:
			add(n.fundedBy, e.From, e.To)
		}
	}
	for id := range n.selects {
		if _, ok := w.node[id].(*hanke.Organisation); ok {
			n.organisations = append(n.organisations, id)
		}
	}
	for id := range n.fundedBy {
		n.funders = append(n.funders, id)
	}
	n.funders = append(n.funders, "org:nobody")
	slices.Sort(n.organisations)
	slices.Sort(n.funders)
	return n
}

// select_ is the ids of the projects f selects, in id order.
func (n *naive) selects_(f hanke.ProjectFilter) []string {
	anyOf := func(m map[string]map[string]bool, ids []string, p string) bool {
		for _, id := range ids {
			if m[id][p] {
				return true
			}
		}
		return false
	}
	var out []string
	for _, node := range n.w.g.Nodes {
		p, ok := node.(*hanke.Project)
		if !ok {
			continue
		}
		keep := (len(f.Kinds) == 0 || slices.Contains(f.Kinds, p.Kind)) &&
			(len(f.Regions) == 0 || anyOf(n.selects, f.Regions, p.ID)) &&
			(len(f.Sectors) == 0 || anyOf(n.selects, f.Sectors, p.ID)) &&
			(len(f.Funds) == 0 || anyOf(n.selects, f.Funds, p.ID)) &&
			(len(f.Programmes) == 0 || anyOf(n.selects, f.Programmes, p.ID)) &&
			(len(f.Implementers) == 0 || anyOf(n.selects, f.Implementers, p.ID)) &&
			(len(f.Funders) == 0 || anyOf(n.fundedBy, f.Funders, p.ID)) &&
			(len(f.Classifications) == 0 || slices.ContainsFunc(p.Classifications, func(c hanke.Classification) bool {
				return slices.ContainsFunc(f.Classifications, func(w hanke.Classification) bool { return w.Scheme == c.Scheme && w.Code == c.Code })
			}))
		if f.ActiveOn != "" || f.From != "" || f.To != "" {
			running := func(day string) bool { return p.EndDate == "" || day <= p.EndDate }
			keep = keep && p.StartDate != "" &&
				(f.ActiveOn == "" || p.StartDate <= f.ActiveOn && running(f.ActiveOn)) &&
				(f.To == "" || p.StartDate <= f.To) &&
				(f.From == "" || running(f.From))
		}
		if keep {
			out = append(out, p.ID)
		}
	}
	slices.Sort(out)
	return out
}
