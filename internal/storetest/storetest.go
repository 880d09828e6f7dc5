// Package storetest is the contract every hanke.Store must keep: one suite
// that the embedded store and the Neo4j store both run, so that the API gives
// the same answers whichever store is behind it.
package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Open returns a store holding exactly the graph g.
type Open func(t *testing.T, g *hanke.Graph) hanke.Store

// Run runs the contract suite.
func Run(t *testing.T, open Open) {
	g, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	// Each group opens its own store and is done with it before the next
	// opens one, so stores that share a single database (Neo4j) may empty it
	// in open.
	t.Run("BuiltinDataset", func(t *testing.T) {
		builtin := open(t, g)
		t.Run("Nodes", func(t *testing.T) { testNodes(t, builtin) })
		t.Run("Edges", func(t *testing.T) { testEdges(t, builtin) })
		t.Run("All", func(t *testing.T) { testAll(t, builtin) })
		t.Run("Projects", func(t *testing.T) { testProjects(t, builtin) })
		t.Run("ProjectIDs", func(t *testing.T) { testProjectIDs(t, builtin) })
		t.Run("Organisations", func(t *testing.T) { testOrganisations(t, builtin) })
		t.Run("Search", func(t *testing.T) { testSearch(t, builtin) })
		t.Run("Snapshot", func(t *testing.T) { testSnapshot(t, builtin, g) })
	})
	t.Run("SelectProjects", func(t *testing.T) { testSelectProjects(t, open, g) })
	t.Run("Load", func(t *testing.T) { testLoad(t, open) })
	t.Run("Paging", func(t *testing.T) { testPaging(t, open) })
	t.Run("Classifications", func(t *testing.T) { testClassifications(t, open) })
}

func ids[T hanke.Node](nodes []T) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func testNodes(t *testing.T, s hanke.Store) {
	ctx := context.Background()
	nodes, err := s.Nodes(ctx, []string{"project:sokra", "project:nowhere", "org:thl", "region:91", "project:sokra"})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 5 || nodes[1] != nil {
		t.Fatalf("want 5 results with nil for the unknown id, got %v", nodes)
	}
	sokra, ok := nodes[0].(*hanke.Project)
	if !ok || sokra.Acronym != "Sokra" || *sokra.TotalBudgetEur != 8494046 || *sokra.EUContributionEur != 3794929 ||
		*sokra.EUCofinancingPercent != 44.68 || sokra.StartDate != "2014-10-01" || sokra.EndDate != "2022-09-30" || sokra.Kind != hanke.KindCoordination {
		t.Errorf("Sokra: %+v", nodes[0])
	}
	if len(sokra.Identifiers) != 2 || !slices.Contains(sokra.Sources, "source:seed-003") {
		t.Errorf("Sokra's identifiers and sources: %+v %v", sokra.Identifiers, sokra.Sources)
	}
	if thl, ok := nodes[2].(*hanke.Organisation); !ok || thl.Acronym != "THL" || thl.Kind != hanke.OrgResearchInstitute {
		t.Errorf("THL: %+v", nodes[2])
	}
	if aland, ok := nodes[3].(*hanke.WelfareRegion); !ok || aland.Code != "91" || aland.Names.Sv != "Åland" || aland.Centroid == nil {
		t.Errorf("Åland: %+v", nodes[3])
	}
	if nodes[4] == nil || nodes[4].NodeID() != "project:sokra" {
		t.Errorf("a repeated id must be answered again")
	}
	lnp, _ := s.Nodes(ctx, []string{"project:lnp-osallisuuden-koordinaatio"})
	if p := lnp[0].(*hanke.Project); len(p.Figures) != 12 || len(p.Contacts) != 1 || p.Figures[0].Value != 12 || p.Figures[0].Date != "2024-11-28" {
		t.Errorf("the portfolio's reported figures: %+v", p.Figures)
	}
}

func edgesOf(t *testing.T, s hanke.Store, q hanke.EdgeQuery) []hanke.EdgePage {
	t.Helper()
	pages, err := s.Edges(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != len(q.IDs) {
		t.Fatalf("want %d pages, got %d", len(q.IDs), len(pages))
	}
	return pages
}

func others(id string, edges []hanke.Edge) []string {
	out := make([]string, len(edges))
	for i, e := range edges {
		out[i] = e.Other(id)
	}
	return out
}

func testEdges(t *testing.T, s hanke.Store) {
	const lnp, teema = "project:lnp-osallisuuden-koordinaatio", "project:osallisuuden-tuki-ja-koordinaatio"
	pages := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{"project:sokra", lnp, "project:nowhere"}, Direction: hanke.Incoming, Types: []hanke.RelType{hanke.RelImplements}})
	same(t, "Sokra's implementers", others("project:sokra", pages[0].Edges), []string{"org:diak", "org:thl"})
	if pages[0].Edges[1].Role != hanke.RoleLead || pages[0].Edges[0].Role != hanke.RoleCoImplementer || len(pages[0].Edges[0].Sources) == 0 {
		t.Errorf("roles and sources: %+v", pages[0].Edges)
	}
	same(t, "the children's and families' coordination's implementers", others(lnp, pages[1].Edges), []string{"org:nuorten-akatemia", "org:opetushallitus", "org:sos-lapsikyla"})
	if pages[2].Total != 0 || len(pages[2].Edges) != 0 {
		t.Errorf("an unknown id has no edges: %+v", pages[2])
	}

	lead := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{lnp}, Direction: hanke.Incoming, Types: []hanke.RelType{hanke.RelImplements}, Role: hanke.RoleLead})
	same(t, "lead only", others(lnp, lead[0].Edges), []string{"org:sos-lapsikyla"})

	pred := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{teema}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelSucceeds}})
	same(t, "the national theme's predecessors", others(teema, pred[0].Edges), []string{"project:osuma", "project:sokra", "project:solmu", "project:valtava"})

	page := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{teema}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelSucceeds}, Offset: 1, Limit: 2})
	if same(t, "a page of predecessors", others(teema, page[0].Edges), []string{"project:sokra", "project:solmu"}); page[0].Total != 4 {
		t.Errorf("total %d, want 4", page[0].Total)
	}

	both := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{"project:solmu"}, Direction: hanke.Both})
	var got []string
	for _, e := range both[0].Edges {
		got = append(got, string(e.Type)+" "+e.Other("project:solmu"))
	}
	same(t, "Solmu's edges both ways, by type and other end", got, []string{
		"COOPERATES_WITH project:sokra", "FUNDED_FROM programme:esf-2014-2020", "FUNDS org:stm",
		"IMPLEMENTS org:ttl", "SUCCEEDS project:osallisuuden-tuki-ja-koordinaatio"})
	if both[0].Neighbours != nil {
		t.Errorf("neighbours that were not asked for: %v", ids(both[0].Neighbours))
	}

	// With the nodes at the other ends: the nodes that Nodes gives.
	reached := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{"project:solmu", "project:nowhere"}, Direction: hanke.Both, Neighbours: true})
	want, err := s.Nodes(context.Background(), others("project:solmu", reached[0].Edges))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 5 || !reflect.DeepEqual(reached[0].Neighbours, want) {
		t.Errorf("Solmu's neighbours %v, want %v as Nodes gives them", ids(reached[0].Neighbours), ids(want))
	}
	if len(reached[1].Neighbours) != 0 {
		t.Errorf("an unknown id has no neighbours: %v", ids(reached[1].Neighbours))
	}

	regions := edgesOf(t, s, hanke.EdgeQuery{IDs: []string{lnp}, Direction: hanke.Outgoing, Types: []hanke.RelType{hanke.RelPortfolioWorksIn}})
	if regions[0].Total != 21 || slices.Contains(others(lnp, regions[0].Edges), "region:07") || slices.Contains(others(lnp, regions[0].Edges), "region:91") {
		t.Errorf("the portfolio works in 21 areas, not Kanta-Häme or Åland: %v", others(lnp, regions[0].Edges))
	}
}

func testAll(t *testing.T, s hanke.Store) {
	regions, err := s.All(context.Background(), hanke.LabelWelfareRegion)
	if err != nil {
		t.Fatal(err)
	}
	got := ids(regions)
	if len(got) != 23 || got[0] != "region:01" || got[22] != "region:91" || !slices.IsSorted(got) {
		t.Errorf("welfare regions: %v", got)
	}
	funds, _ := s.All(context.Background(), hanke.LabelFund)
	same(t, "funds", ids(funds), []string{"fund:esf", "fund:esf-plus"})
}

func projects(t *testing.T, s hanke.Store, q hanke.ProjectQuery) ([]string, int) {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	page, err := s.Projects(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return ids(page.Projects), page.Total
}

// filterCases are filters on the built-in dataset and the projects each
// selects, ordered by name.
var filterCases = []struct {
	name   string
	filter hanke.ProjectFilter
	want   []string
}{
	{"kind", hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindNationalTheme, hanke.KindCityProject}},
		[]string{"project:osallisuuden-tuki-ja-koordinaatio", "project:helsinki-eriarvoisuus-ja-syrjaytyminen"}},
	{"active on a day", hanke.ProjectFilter{ActiveOn: "2020-06-01"}, []string{"project:osuma", "project:sokra", "project:solmu"}},
	{"overlapping a range", hanke.ProjectFilter{From: "2022-01-01", To: "2023-06-30"}, []string{"project:sokra", "project:solmu", "project:yhdenvertaisen-osallisuuden-koordinaatio"}},
	{"region", hanke.ProjectFilter{Regions: []string{"region:90"}}, []string{"project:helsinki-eriarvoisuus-ja-syrjaytyminen"}},
	{"implementer", hanke.ProjectFilter{Implementers: []string{"org:thl"}}, []string{"project:sokra", "project:yhdenvertaisen-osallisuuden-koordinaatio"}},
	{"funder", hanke.ProjectFilter{Funders: []string{"org:stm"}}, []string{"project:osallisuuden-tuki-ja-koordinaatio", "project:sokra", "project:solmu"}},
	{"fund", hanke.ProjectFilter{Funds: []string{"fund:esf"}}, []string{"project:osuma", "project:sokra", "project:solmu", "project:valtava"}},
	{"programme", hanke.ProjectFilter{Programmes: []string{"programme:uudistuva-ja-osaava-suomi-2021-2027"}},
		[]string{"project:lnp-osallisuuden-koordinaatio", "project:osallisuuden-tuki-ja-koordinaatio"}},
	{"text", hanke.ProjectFilter{Text: "sosiaalinen osallisuus"}, []string{"project:sokra", "project:solmu"}},
	{"several fields must all match", hanke.ProjectFilter{Funders: []string{"org:stm"}, Kinds: []hanke.ProjectKind{hanke.KindCoordination}, ActiveOn: "2015-01-01"},
		[]string{"project:sokra", "project:solmu"}},
	{"unknown ids match nothing", hanke.ProjectFilter{Regions: []string{"region:99"}}, nil},
}

func testProjects(t *testing.T, s hanke.Store) {
	for _, c := range filterCases {
		t.Run(c.name, func(t *testing.T) {
			got, total := projects(t, s, hanke.ProjectQuery{Filter: c.filter})
			same(t, "projects", got, c.want)
			if total != len(c.want) {
				t.Errorf("total %d, want %d", total, len(c.want))
			}
		})
	}
	t.Run("by start date, descending, undated last", func(t *testing.T) {
		got, total := projects(t, s, hanke.ProjectQuery{Order: hanke.OrderByStartDate, Descending: true})
		same(t, "projects", got, []string{
			"project:yhdenvertaisen-osallisuuden-koordinaatio", "project:osuma", "project:solmu", "project:sokra", "project:valtava",
			"project:helsinki-eriarvoisuus-ja-syrjaytyminen", "project:lnp-osallisuuden-koordinaatio", "project:osallisuuden-tuki-ja-koordinaatio"})
		if total != 8 {
			t.Errorf("total %d", total)
		}
	})
	t.Run("by budget", func(t *testing.T) {
		got, _ := projects(t, s, hanke.ProjectQuery{Order: hanke.OrderByTotalBudget, Limit: 2})
		same(t, "cheapest first", got, []string{"project:yhdenvertaisen-osallisuuden-koordinaatio", "project:sokra"})
	})
	t.Run("a page", func(t *testing.T) {
		got, total := projects(t, s, hanke.ProjectQuery{Offset: 2, Limit: 3})
		all, _ := projects(t, s, hanke.ProjectQuery{})
		same(t, "page 2..4 by name", got, all[2:5])
		if total != 8 {
			t.Errorf("total %d", total)
		}
		past, total := projects(t, s, hanke.ProjectQuery{Offset: 50, Limit: 3})
		if len(past) != 0 || total != 8 {
			t.Errorf("a page past the end: %v %d", past, total)
		}
	})
}

// projectIDs collects what ProjectIDs gives, in the order given.
func projectIDs(t *testing.T, s hanke.Store, f hanke.ProjectFilter) []string {
	t.Helper()
	var got []string
	if err := s.ProjectIDs(context.Background(), f, func(id string) error {
		got = append(got, id)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// testProjectIDs checks that ProjectIDs selects what Projects selects, once
// each and in id order, which is what callers that merge its ids with
// their own sorted lists rely on.
func testProjectIDs(t *testing.T, s hanke.Store) {
	for _, c := range filterCases {
		t.Run(c.name, func(t *testing.T) {
			want := slices.Clone(c.want)
			slices.Sort(want)
			same(t, "ids, by id", projectIDs(t, s, c.filter), want)
		})
	}
	t.Run("an empty filter selects every project", func(t *testing.T) {
		got := projectIDs(t, s, hanke.ProjectFilter{})
		if len(got) != 8 || !slices.IsSorted(got) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("an error from fn stops it", func(t *testing.T) {
		enough := errors.New("enough")
		calls := 0
		err := s.ProjectIDs(context.Background(), hanke.ProjectFilter{}, func(string) error {
			calls++
			return enough
		})
		if !errors.Is(err, enough) || calls != 1 {
			t.Errorf("got %v after %d calls, want fn's error after 1", err, calls)
		}
	})
	t.Run("a cancelled context stops it", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.ProjectIDs(ctx, hanke.ProjectFilter{}, func(string) error { return nil }); err == nil {
			t.Error("no error")
		}
	})
}

// testSelectProjects checks, for a store that is a hanke.ProjectSelector,
// that SelectProjects selects what ProjectIDs selects, at the places of the
// ids in the order ProjectIDs gives every project, and names the version
// those places belong to, also after a load adds projects before others.
func testSelectProjects(t *testing.T, open Open, g *hanke.Graph) {
	s := open(t, g)
	if _, ok := s.(hanke.ProjectSelector); !ok {
		t.Skip("the store is not a hanke.ProjectSelector")
	}
	ctx := context.Background()
	check := func(t *testing.T, f hanke.ProjectFilter) {
		t.Helper()
		set, err := s.(hanke.ProjectSelector).SelectProjects(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		version, _ := s.Version(ctx)
		every := projectIDs(t, s, hanke.ProjectFilter{})
		if set.Version != version || len(set.Places) != (len(every)+63)/64 {
			t.Fatalf("version %q with %d words, want %q with %d for %d projects", set.Version, len(set.Places), version, (len(every)+63)/64, len(every))
		}
		var got []string
		for i := range 64 * len(set.Places) {
			if set.Places[i/64]&(1<<(i%64)) != 0 {
				if i >= len(every) {
					t.Fatalf("bit %d is set, beyond the %d projects", i, len(every))
				}
				got = append(got, every[i])
			}
		}
		same(t, "the projects at the places", got, projectIDs(t, s, f))
	}
	for _, c := range filterCases {
		t.Run(c.name, func(t *testing.T) { check(t, c.filter) })
	}
	t.Run("an empty filter selects every project", func(t *testing.T) { check(t, hanke.ProjectFilter{}) })
	t.Run("after a load", func(t *testing.T) {
		early := &hanke.Project{Base: hanke.Base{ID: "project:aaa-first", Names: hanke.LocalizedText{Fi: "Ensimmäinen"}, Synthetic: true}, Kind: hanke.KindCoordination}
		if _, err := s.Load(ctx, &hanke.Graph{Nodes: []hanke.Node{early}}); err != nil {
			t.Fatal(err)
		}
		check(t, hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCoordination}})
	})
	t.Run("a cancelled context stops it", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.(hanke.ProjectSelector).SelectProjects(ctx, hanke.ProjectFilter{ActiveOn: "2020-06-01"}); err == nil {
			t.Error("no error")
		}
	})
}

func testOrganisations(t *testing.T, s hanke.Store) {
	page, err := s.Organisations(context.Background(), hanke.OrganisationQuery{Filter: hanke.OrganisationFilter{Kinds: []hanke.OrganisationKind{hanke.OrgMinistry}}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "ministries by name", ids(page.Organisations), []string{"org:okm", "org:stm", "org:tem"})
	page, _ = s.Organisations(context.Background(), hanke.OrganisationQuery{Filter: hanke.OrganisationFilter{Regions: []string{"region:90"}}, Limit: 2, Descending: true})
	if page.Total != 4 || len(page.Organisations) != 2 {
		t.Errorf("Helsinki's divisions: %d, page %v", page.Total, ids(page.Organisations))
	}
	page, _ = s.Organisations(context.Background(), hanke.OrganisationQuery{Filter: hanke.OrganisationFilter{Text: "ammattikorkeakoulu"}, Limit: 10})
	same(t, "text", ids(page.Organisations), []string{"org:diak", "org:metropolia"})
}

func testSearch(t *testing.T, s hanke.Store) {
	for _, c := range []struct{ query, want string }{
		{"sosiaalinen osallisuus", "project:sokra"},
		{"Sokra", "project:sokra"},
		{"Aland", "region:91"},
		{"SOS-Lapsikylä", "org:sos-lapsikyla"},
		{"Koordination för jämlik delaktighet", "project:yhdenvertaisen-osallisuuden-koordinaatio"},
		{"social inclusion coordination", "project:sokra"},
	} {
		hits, err := s.Search(context.Background(), c.query, 5)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Node.NodeID())
		}
		if len(got) == 0 || !slices.Contains(got[:min(2, len(got))], c.want) {
			t.Errorf("search %q: got %v, want %s among the first two", c.query, got, c.want)
		}
		if !slices.IsSortedFunc(hits, func(a, b hanke.SearchHit) int { return -cmp.Compare(a.Score, b.Score) }) {
			t.Errorf("search %q: hits not best first", c.query)
		}
	}
}

func testSnapshot(t *testing.T, s hanke.Store, g *hanke.Graph) {
	snap, err := s.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Nodes) != len(g.Nodes) || len(snap.Edges) != len(g.Edges) {
		t.Errorf("snapshot has %d nodes, %d edges; want %d, %d", len(snap.Nodes), len(snap.Edges), len(g.Nodes), len(g.Edges))
	}
}

// testLoad checks that loading is a merge by id and that loading the same
// graph again changes nothing.
func testLoad(t *testing.T, open Open) {
	ctx := context.Background()
	g := fixture()
	s := open(t, g)
	for range 2 {
		if _, err := s.Load(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	snap, _ := s.Snapshot(ctx)
	if len(snap.Nodes) != len(g.Nodes) || len(snap.Edges) != len(g.Edges) {
		t.Errorf("loading twice: %d nodes %d edges, want %d %d", len(snap.Nodes), len(snap.Edges), len(g.Nodes), len(g.Edges))
	}
	before, _ := s.Version(ctx)
	renamed := &hanke.Project{Base: hanke.Base{ID: "project:p000", Names: hanke.LocalizedText{Fi: "Uusi nimi"}, Sources: []string{"source:fixture"}}, Kind: hanke.KindDevelopmentProject}
	if _, err := s.Load(ctx, &hanke.Graph{Nodes: []hanke.Node{renamed}}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Version(ctx)
	if before == after {
		t.Error("the version did not change with the data")
	}
	nodes, _ := s.Nodes(ctx, []string{"project:p000"})
	if nodes[0].Name() != "Uusi nimi" {
		t.Errorf("a node loaded again was not replaced: %v", nodes[0].Name())
	}
	pages, _ := s.Edges(ctx, hanke.EdgeQuery{IDs: []string{"project:p000"}, Direction: hanke.Incoming})
	if pages[0].Total == 0 {
		t.Error("replacing a node lost its edges")
	}
}

// testPaging walks a larger fixture page by page.
func testPaging(t *testing.T, open Open) {
	s := open(t, fixture())
	seen := map[string]bool{}
	for offset := 0; ; offset += 7 {
		got, total := projects(t, s, hanke.ProjectQuery{Offset: offset, Limit: 7, Filter: hanke.ProjectFilter{Sectors: []string{"sector:domain"}}})
		if total != 40 {
			t.Fatalf("total %d, want 40 (every project targets a sector of the domain)", total)
		}
		if len(got) == 0 {
			break
		}
		for _, id := range got {
			if seen[id] {
				t.Fatalf("%s on two pages", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != 40 {
		t.Errorf("paged through %d projects, want 40", len(seen))
	}
	got, total := projects(t, s, hanke.ProjectQuery{Filter: hanke.ProjectFilter{Sectors: []string{"sector:s1"}}})
	if total != 20 || got[0] != "project:p001" {
		t.Errorf("sector s1: %d %v", total, got)
	}
	t.Run("a few of many, by id", func(t *testing.T) {
		same(t, "the projects org:few implements", projectIDs(t, s, hanke.ProjectFilter{Implementers: []string{"org:few"}}),
			[]string{"project:p002", "project:p007", "project:p015", "project:p021", "project:p030", "project:p039"})
		odd := projectIDs(t, s, hanke.ProjectFilter{Sectors: []string{"sector:s1"}})
		if len(odd) != 20 || odd[0] != "project:p001" || odd[19] != "project:p039" || !slices.IsSorted(odd) {
			t.Errorf("sector s1: %q", odd)
		}
	})
}

// testClassifications reads projects' classifications back, lists them
// with their counts, and filters by them: by scheme and code, whatever the
// label.
func testClassifications(t *testing.T, open Open) {
	s := open(t, fixture())
	counts, err := s.Classifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Only some of the projects give a label; the first in id order that
	// does gives the one listed.
	if want := []hanke.ClassificationCount{
		{Classification: hanke.Classification{Scheme: "category", Code: "109", Label: "Luokka 109 (p003)"}, Projects: 14},
		{Classification: hanke.Classification{Scheme: "objective", Code: "109"}, Projects: 8},
	}; !slices.Equal(counts, want) {
		t.Errorf("classifications: %+v, want %+v", counts, want)
	}
	nodes, err := s.Nodes(context.Background(), []string{"project:p015", "project:p001"})
	if err != nil {
		t.Fatal(err)
	}
	want := []hanke.Classification{{Scheme: "category", Code: "109", Label: "Luokka 109 (p015)"}, {Scheme: "objective", Code: "109"}}
	if got := nodes[0].(*hanke.Project).Classifications; !slices.Equal(got, want) {
		t.Errorf("project:p015's classifications: %+v, want %+v", got, want)
	}
	if got := nodes[1].(*hanke.Project).Classifications; len(got) != 0 {
		t.Errorf("project:p001's classifications: %+v, want none", got)
	}
	every := func(n int) []string {
		var out []string
		for i := 0; i < 40; i += n {
			out = append(out, fmt.Sprintf("project:p%03d", i))
		}
		return out
	}
	for _, c := range []struct {
		name string
		by   []hanke.Classification
		want []string
	}{
		{"a code in one scheme", []hanke.Classification{{Scheme: "category", Code: "109"}}, every(3)},
		{"the same code in another", []hanke.Classification{{Scheme: "objective", Code: "109", Label: "not compared"}}, every(5)},
		{"either", []hanke.Classification{{Scheme: "category", Code: "109"}, {Scheme: "objective", Code: "109"}},
			slices.Compact(slices.Sorted(slices.Values(append(every(3), every(5)...))))},
		{"an unknown code", []hanke.Classification{{Scheme: "category", Code: "110"}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := hanke.ProjectFilter{Classifications: c.by}
			same(t, "selected", projectIDs(t, s, f), c.want)
			got, total := projects(t, s, hanke.ProjectQuery{Filter: f})
			if total != len(c.want) {
				t.Errorf("a page's total: %d, want %d", total, len(c.want))
			}
			same(t, "a page", got, c.want) // by name, which orders as the ids do
		})
	}
}
