package embedded_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// The store answers from indexes (adjacency arrays, presorted orders, region
// members, bit sets); these tests check them against answers worked out the
// plain way, over a synthetic graph big enough to have hubs, shared edges
// and every kind of filter.

type world struct {
	store *embedded.Store
	g     *hanke.Graph
	node  map[string]hanke.Node
}

func newWorld(t *testing.T) *world {
	t.Helper()
	base, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	g := synthetic.Generate(3000, 7)
	g = &hanke.Graph{Nodes: slices.Concat(base.Nodes, g.Nodes), Edges: slices.Concat(base.Edges, g.Edges)}
	s := embedded.New()
	if _, err := s.Load(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	w := &world{store: s, g: g, node: map[string]hanke.Node{}}
	for _, n := range g.Nodes {
		w.node[n.NodeID()] = n
	}
	return w
}

// inRegion is hanke.InRegion worked out edge by edge, for every project of a region.
func (w *world) inRegion(region string) map[string]bool {
	located := map[string]bool{}
	for _, e := range w.g.Edges {
		if e.Type == hanke.RelLocatedIn && e.To == region {
			located[e.From] = true
		}
	}
	in := map[string]bool{}
	for _, e := range w.g.Edges {
		if e.Type == hanke.RelOperatesIn && e.To == region {
			in[e.From] = true
		}
		if (e.Type == hanke.RelImplements || e.Type == hanke.RelPartnerIn) && located[e.From] {
			in[e.To] = true
		}
	}
	return in
}

func TestFilteredPagesMatchAPlainScan(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	targets := map[string]map[string]bool{} // sector → projects, a domain's through its sectors
	domainOf := map[string]string{}
	for _, e := range w.g.Edges {
		if e.Type == hanke.RelPartOf && strings.HasPrefix(e.From, "sector:") {
			domainOf[e.From] = e.To
		}
	}
	for _, e := range w.g.Edges {
		if e.Type == hanke.RelTargets {
			for _, s := range []string{e.To, domainOf[e.To]} {
				if targets[s] == nil {
					targets[s] = map[string]bool{}
				}
				targets[s][e.From] = true
			}
		}
	}
	in08, in91, in20 := w.inRegion("region:08"), w.inRegion("region:91"), w.inRegion("region:20")
	cases := []struct {
		name   string
		filter hanke.ProjectFilter
		keep   func(p *hanke.Project) bool
	}{
		{"region", hanke.ProjectFilter{Regions: []string{"region:08"}}, func(p *hanke.Project) bool { return in08[p.ID] }},
		{"two regions, active on a day", hanke.ProjectFilter{Regions: []string{"region:91", "region:20"}, ActiveOn: "2016-03-01"}, func(p *hanke.Project) bool {
			return (in91[p.ID] || in20[p.ID]) && p.StartDate != "" && p.StartDate <= "2016-03-01" && (p.EndDate == "" || p.EndDate >= "2016-03-01")
		}},
		{"domain and kind", hanke.ProjectFilter{Sectors: []string{"sector:synthetic-2"}, Kinds: []hanke.ProjectKind{hanke.KindCityProject, hanke.KindCoordination}}, func(p *hanke.Project) bool {
			return targets["sector:synthetic-2"][p.ID] && (p.Kind == hanke.KindCityProject || p.Kind == hanke.KindCoordination)
		}},
		{"period overlapping a range", hanke.ProjectFilter{From: "2012-01-01", To: "2013-06-30"}, func(p *hanke.Project) bool {
			return p.StartDate != "" && p.StartDate <= "2013-06-30" && (p.EndDate == "" || p.EndDate >= "2012-01-01")
		}},
		{"text and region", hanke.ProjectFilter{Text: "nuorten", Regions: []string{"region:90"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, order := range []hanke.ProjectOrderField{hanke.OrderByName, hanke.OrderByStartDate, hanke.OrderByEndDate, hanke.OrderByTotalBudget} {
				for _, desc := range []bool{false, true} {
					all := w.projectsIn(t, hanke.ProjectQuery{Filter: c.filter, Order: order, Descending: desc})
					if c.keep != nil {
						want := w.plainOrder(c.keep, order, desc)
						if !slices.Equal(all, want) {
							t.Fatalf("%s desc=%v: %d projects, want %d; first %v, want %v", order, desc, len(all), len(want), all[:min(5, len(all))], want[:min(5, len(want))])
						}
					}
					page := w.projectsIn(t, hanke.ProjectQuery{Filter: c.filter, Order: order, Descending: desc, Offset: 70, Limit: 25})
					if !slices.Equal(page, all[min(70, len(all)):min(95, len(all))]) {
						t.Fatalf("%s desc=%v: the page at 70 is not the list's", order, desc)
					}
				}
			}
			var ids []string
			if err := w.store.ProjectIDs(ctx, c.filter, func(id string) error { ids = append(ids, id); return nil }); err != nil {
				t.Fatal(err)
			}
			byName := w.projectsIn(t, hanke.ProjectQuery{Filter: c.filter})
			slices.Sort(byName)
			if len(byName) == 0 || !slices.Equal(ids, byName) {
				t.Errorf("ProjectIDs gives %d ids, Projects %d", len(ids), len(byName))
			}
		})
	}
}

// projectsIn pages through every project a query selects.
func (w *world) projectsIn(t *testing.T, q hanke.ProjectQuery) []string {
	t.Helper()
	page, err := w.store.Projects(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(page.Projects))
	for i, p := range page.Projects {
		out[i] = p.ID
	}
	if q.Limit == 0 && len(out) != page.Total {
		t.Fatalf("total %d for %d projects", page.Total, len(out))
	}
	return out
}

// plainOrder sorts the projects keep keeps as hanke.ProjectQuery says.
func (w *world) plainOrder(keep func(*hanke.Project) bool, order hanke.ProjectOrderField, desc bool) []string {
	key := func(p *hanke.Project) (string, bool) {
		switch order {
		case hanke.OrderByStartDate:
			return p.StartDate, p.StartDate != ""
		case hanke.OrderByEndDate:
			return p.EndDate, p.EndDate != ""
		case hanke.OrderByTotalBudget:
			if p.TotalBudgetEur == nil {
				return "", false
			}
			return fmt.Sprintf("%020.2f", *p.TotalBudgetEur), true
		}
		return hanke.SortName(p), true
	}
	var with, without []*hanke.Project
	for _, n := range w.g.Nodes {
		if p, ok := n.(*hanke.Project); ok && keep(p) {
			if _, has := key(p); has {
				with = append(with, p)
			} else {
				without = append(without, p)
			}
		}
	}
	slices.SortFunc(with, func(a, b *hanke.Project) int {
		ka, _ := key(a)
		kb, _ := key(b)
		c := cmp.Or(strings.Compare(ka, kb), strings.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
	slices.SortFunc(without, func(a, b *hanke.Project) int { return strings.Compare(a.ID, b.ID) })
	var out []string
	for _, p := range slices.Concat(with, without) {
		out = append(out, p.ID)
	}
	return out
}

func TestExpansionsMatchAPlainScan(t *testing.T) {
	w := newWorld(t)
	// A hub: the organisation taking part in the most projects.
	degree := map[string]int{}
	// A project that coordinates others and is coordinated itself, the most
	// such: its outgoing and incoming runs of one type interleave.
	coordinates, coordinated := map[string]int{}, map[string]int{}
	for _, e := range w.g.Edges {
		if strings.HasPrefix(e.From, "org:") {
			degree[e.From]++
		}
		if e.Type == hanke.RelCoordinates {
			coordinates[e.From]++
			coordinated[e.To]++
		}
	}
	both := map[string]int{}
	for id, n := range coordinates {
		both[id] = min(n, coordinated[id])
	}
	hub, middle := most(degree), most(both)
	for _, q := range []hanke.EdgeQuery{
		{IDs: []string{middle}, Direction: hanke.Both, Types: []hanke.RelType{hanke.RelCoordinates}},
		{IDs: []string{middle}, Direction: hanke.Both, Offset: 1, Limit: 3},
		{IDs: []string{hub}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelImplements}, Offset: 3, Limit: 10},
		{IDs: []string{hub}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelImplements}, Role: hanke.RoleLead},
		// Organisation.projects: three types merged, a page from the middle.
		{IDs: []string{hub}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn, hanke.RelFunds}, Offset: 7, Limit: 5},
		{IDs: []string{hub}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelPartnerIn, hanke.RelImplements}, Role: hanke.RoleCoImplementer, Offset: 1, Limit: 3},
		{IDs: []string{hub}, Direction: hanke.Both, Offset: 4, Limit: 20},
		{IDs: []string{hub}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelImplements}, Role: "NO_SUCH_ROLE"},
		{IDs: []string{hub}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn}, Offset: 1 << 20, Limit: 5},
		{IDs: []string{hub, synthetic.ProjectID(5)}, Direction: hanke.Both, Types: []hanke.RelType{hanke.RelPartnerIn, hanke.RelLocatedIn, hanke.RelImplements}},
		{IDs: []string{synthetic.ProjectID(17), "region:90"}, Direction: hanke.Both, Offset: 2, Limit: 5},
		{IDs: []string{"region:05"}, Direction: hanke.Incoming, Types: []hanke.RelType{hanke.RelLocatedIn}},
	} {
		pages, err := w.store.Edges(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range q.IDs {
			want := w.plainEdges(id, q)
			got := pages[i]
			if got.Total != len(want) || !slices.EqualFunc(got.Edges, window(want, q.Offset, q.Limit), func(a, b hanke.Edge) bool { return a.ID() == b.ID() && a.Role == b.Role }) {
				t.Errorf("%s %+v: %d edges (total %d), want %d", id, q, len(got.Edges), got.Total, len(want))
			}
		}
	}
}

// most is the id with the highest count, the first by id of those tied.
func most(counts map[string]int) string {
	best := ""
	for id, n := range counts {
		if best == "" || n > counts[best] || n == counts[best] && id < best {
			best = id
		}
	}
	return best
}

// plainEdges is id's edges as EdgeQuery describes them, found edge by edge.
func (w *world) plainEdges(id string, q hanke.EdgeQuery) []hanke.Edge {
	var out []hanke.Edge
	for _, e := range w.g.Edges {
		out1 := e.From == id && q.Direction != hanke.Incoming
		in := e.To == id && q.Direction != hanke.Outgoing
		if (out1 || in) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) && (q.Role == "" || e.Role == q.Role) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b hanke.Edge) int {
		return cmp.Or(strings.Compare(string(a.Type), string(b.Type)), strings.Compare(a.Other(id), b.Other(id)))
	})
	return out
}

func window[T any](items []T, offset, limit int) []T {
	items = items[min(offset, len(items)):]
	if limit > 0 {
		items = items[:min(limit, len(items))]
	}
	return items
}

// An edge given again — in the same graph or a later one — replaces the
// first in its place, as a node does.
func TestAnEdgeGivenAgainReplacesTheFirst(t *testing.T) {
	ctx := context.Background()
	src := []string{"source:s"}
	base := func(id string) hanke.Base {
		return hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}, Sources: src}
	}
	g := &hanke.Graph{
		Nodes: []hanke.Node{
			&hanke.Source{Base: hanke.Base{ID: "source:s", Names: hanke.LocalizedText{En: "S"}}},
			&hanke.Organisation{Base: base("org:a"), Kind: hanke.OrgOther},
			&hanke.Project{Base: base("project:x"), Kind: hanke.KindDevelopmentProject},
			&hanke.Project{Base: base("project:y"), Kind: hanke.KindDevelopmentProject},
		},
		Edges: []hanke.Edge{
			{Type: hanke.RelImplements, From: "org:a", To: "project:y", Role: hanke.RoleLead, Note: "first", Sources: src},
			{Type: hanke.RelImplements, From: "org:a", To: "project:x", Role: hanke.RoleLead, Sources: src},
			{Type: hanke.RelImplements, From: "org:a", To: "project:y", Role: hanke.RoleCoImplementer, Note: "second", Sources: src},
		},
	}
	s := embedded.New()
	if _, err := s.Load(ctx, g); err != nil {
		t.Fatal(err)
	}
	again := hanke.Edge{Type: hanke.RelImplements, From: "org:a", To: "project:x", Role: hanke.RoleCoImplementer, Note: "corrected", Sources: src}
	if _, err := s.Load(ctx, &hanke.Graph{Edges: []hanke.Edge{again}}); err != nil {
		t.Fatal(err)
	}
	snap, _ := s.Snapshot(ctx)
	var got []string
	for _, e := range snap.Edges {
		got = append(got, e.To+" "+e.Role+" "+e.Note)
	}
	want := []string{"project:y CO_IMPLEMENTER second", "project:x CO_IMPLEMENTER corrected"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	pages, _ := s.Edges(ctx, hanke.EdgeQuery{IDs: []string{"org:a"}, Direction: hanke.Outgoing})
	if pages[0].Total != 2 || pages[0].Edges[0].To != "project:x" {
		t.Errorf("edges of org:a: %+v", pages[0])
	}
	bad := &hanke.Graph{Edges: []hanke.Edge{{Type: hanke.RelImplements, From: "org:a", To: "project:x", Role: "BOSS", Sources: src}}}
	if _, err := s.Load(ctx, bad); hanke.ErrorCode(err) != hanke.ECodeInvalid {
		t.Errorf("an unknown role: %v", err)
	}
}
