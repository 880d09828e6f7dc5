package atlas_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

func load(t testing.TB, g *hanke.Graph) *embedded.Store { return storetest.Embedded(t, g) }

func builtin(t testing.TB) *embedded.Store { return storetest.Builtin(t) }

func stats(t *testing.T, a *atlas.Atlas, f hanke.ProjectFilter) map[string]atlas.RegionStats {
	t.Helper()
	rows, err := a.Session().Stats(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]atlas.RegionStats{}
	for _, r := range rows {
		byCode[r.Region.Code] = r
	}
	return byCode
}

// The 23 areas' codes, in order.
var codes = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
	"13", "14", "15", "16", "17", "18", "19", "20", "21", "90", "91"}

func TestBuiltinStats(t *testing.T) {
	a := atlas.New(builtin(t))
	rows, err := a.Session().Stats(context.Background(), hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Region.Code)
	}
	if !slices.Equal(got, codes) {
		t.Fatalf("rows for %v, want the 23 areas by code", got)
	}

	all := stats(t, a, hanke.ProjectFilter{})
	// Helsinki: the city's project, led by its education division with three
	// other divisions as partners; the four divisions are located in 90.
	if h := all["90"]; h.Projects != 1 || h.Implementers != 1 || h.Partners != 3 || h.Organisations != 4 || h.PortfolioProjects != 1 {
		t.Errorf("Helsinki: %+v", h)
	}
	if aland := all["91"]; aland != (atlas.RegionStats{Region: aland.Region}) {
		t.Errorf("Åland: %+v, want zeros", aland)
	}

	// The children's and families' coordination reports its portfolio working
	// in every area but Kanta-Häme (07) and Åland (91): a reported fact,
	// which adds no project to those areas.
	var reported []string
	for _, code := range codes {
		r := all[code]
		if r.PortfolioProjects > 0 {
			reported = append(reported, code)
		}
		if code != "90" && r.Projects != 0 {
			t.Errorf("area %s: %d projects, want 0: no project operates there and no organisation is located there", code, r.Projects)
		}
	}
	want := slices.DeleteFunc(slices.Clone(codes), func(c string) bool { return c == "07" || c == "91" })
	if !slices.Equal(reported, want) || all["01"].PortfolioProjects != 1 {
		t.Errorf("areas with a reported portfolio: %v, want the 21 of %v", reported, want)
	}

	// A filter the Helsinki project does not match empties Helsinki's
	// project counts but not its organisations.
	coordination := stats(t, a, hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCoordination}})
	if h := coordination["90"]; h.Projects != 0 || h.Implementers != 0 || h.Partners != 0 || h.Organisations != 4 {
		t.Errorf("Helsinki, coordination projects only: %+v", h)
	}
	if c := coordination["05"]; c.PortfolioProjects != 1 {
		t.Errorf("the portfolio is a coordination's: %+v", c)
	}
	city := stats(t, a, hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCityProject}})
	if h := city["90"]; h.Projects != 1 || city["05"].PortfolioProjects != 0 {
		t.Errorf("city projects: Helsinki %+v, 05 %+v", h, city["05"])
	}

	flows, err := a.Session().Flows(context.Background(), hanke.ProjectFilter{})
	if err != nil || len(flows) != 0 {
		t.Errorf("flows: %+v, %v; want none: every located organisation of the built-in data is in Helsinki", flows, err)
	}
}

func TestBuiltinGeoJSON(t *testing.T) {
	fc, err := atlas.New(builtin(t)).Session().GeoJSON(context.Background(), hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Type, Attribution string
		Features          []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type != "FeatureCollection" || len(doc.Features) != 23 || !strings.Contains(doc.Attribution, "National Land Survey of Finland") {
		t.Fatalf("%s with %d features, attribution %q", doc.Type, len(doc.Features), doc.Attribution)
	}
	for i, f := range doc.Features {
		p := f.Properties
		if f.Type != "Feature" || (f.Geometry.Type != "Polygon" && f.Geometry.Type != "MultiPolygon") || p["code"] != codes[i] {
			t.Errorf("feature %d: %s, %s, code %v", i, f.Type, f.Geometry.Type, p["code"])
		}
		for _, key := range []string{"name_fi", "name_sv", "name_en", "projects", "implementers", "partners", "organisations", "portfolio_projects"} {
			if _, ok := p[key]; !ok {
				t.Errorf("area %v has no property %s", p["code"], key)
			}
		}
	}
	if h := doc.Features[21].Properties; h["name_sv"] != "Helsingfors stad" || h["projects"] != 1.0 || h["partners"] != 3.0 {
		t.Errorf("Helsinki: %v", h)
	}
}

// randomGraph is made-up test data, not facts: n projects and n/3
// organisations over the 23 areas, linked at random, with some
// organisations located nowhere and some projects in no area.
func randomGraph(t testing.TB, n int, seed uint64) *hanke.Graph {
	t.Helper()
	builtin, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(seed, 1))
	src := []string{"source:synthetic"}
	g := &hanke.Graph{Nodes: []hanke.Node{&hanke.Source{Base: hanke.Base{ID: "source:synthetic", Names: hanke.LocalizedText{En: "synthetic test data"}, Synthetic: true}}}}
	for _, node := range builtin.Nodes {
		if node.NodeLabel() == hanke.LabelWelfareRegion {
			g.Nodes = append(g.Nodes, node)
		}
	}
	edge := func(t hanke.RelType, from, to, role string) {
		g.Edges = append(g.Edges, hanke.Edge{Type: t, From: from, To: to, Role: role, Sources: src, Synthetic: true})
	}
	region := func() string { return hanke.RegionID(codes[rnd.IntN(len(codes))]) }
	orgs := max(n/3, 1)
	for i := range orgs {
		id := fmt.Sprintf("org:o%07d", i)
		g.Nodes = append(g.Nodes, &hanke.Organisation{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}, Sources: src, Synthetic: true}, Kind: hanke.OrgOther})
		switch rnd.IntN(10) {
		case 0: // located nowhere
		case 1: // located in two areas
			a, b := region(), region()
			edge(hanke.RelLocatedIn, id, a, "")
			if b != a {
				edge(hanke.RelLocatedIn, id, b, "")
			}
		default:
			edge(hanke.RelLocatedIn, id, region(), "")
		}
	}
	org := func() string { return fmt.Sprintf("org:o%07d", rnd.IntN(orgs)) }
	for i := range n {
		id := fmt.Sprintf("project:p%07d", i)
		g.Nodes = append(g.Nodes, &hanke.Project{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}, Sources: src, Synthetic: true},
			Kind: hanke.ProjectKinds[rnd.IntN(len(hanke.ProjectKinds))]})
		seen := map[string]bool{}
		for range rnd.IntN(6) {
			if o := org(); !seen[o] {
				seen[o] = true
				edge(hanke.RelImplements, o, id, hanke.RoleLead)
			}
		}
		for range rnd.IntN(6) {
			if o := org(); !seen[o] {
				seen[o] = true
				edge(hanke.RelPartnerIn, o, id, "")
			}
		}
		if rnd.IntN(2) == 0 {
			edge(hanke.RelOperatesIn, id, region(), "")
		}
		if rnd.IntN(20) == 0 {
			edge(hanke.RelPortfolioWorksIn, id, region(), "")
		}
	}
	return g
}

// naive counts what RegionStats and Flow define, straight from the graph's
// edges, for the projects in selected.
func naive(g *hanke.Graph, selected map[string]bool) (map[string]atlas.RegionStats, map[[2]string]int) {
	located := map[string][]string{} // organisation → area codes
	operates, reported := map[string][]string{}, map[string][]string{}
	for _, e := range g.Edges {
		code := strings.TrimPrefix(e.To, "region:")
		switch e.Type {
		case hanke.RelLocatedIn:
			located[e.From] = append(located[e.From], code)
		case hanke.RelOperatesIn:
			operates[e.From] = append(operates[e.From], code)
		case hanke.RelPortfolioWorksIn:
			reported[e.From] = append(reported[e.From], code)
		}
	}
	in := map[string]map[string]bool{}           // project → areas it is in
	linked := map[string]map[string]bool{}       // project → areas of its implementers and partners
	implementers := map[string]map[string]bool{} // area → organisations
	partners := map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, k, v string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][v] = true
	}
	for p := range selected {
		for _, c := range operates[p] {
			add(in, p, c)
		}
	}
	for _, e := range g.Edges {
		if !selected[e.To] || (e.Type != hanke.RelImplements && e.Type != hanke.RelPartnerIn) {
			continue
		}
		for _, c := range located[e.From] {
			add(in, e.To, c)
			add(linked, e.To, c)
			if e.Type == hanke.RelImplements {
				add(implementers, c, e.From)
			} else {
				add(partners, c, e.From)
			}
		}
	}
	rows := map[string]atlas.RegionStats{}
	for _, c := range codes {
		r := atlas.RegionStats{Implementers: len(implementers[c]), Partners: len(partners[c])}
		for _, areas := range located {
			if slices.Contains(areas, c) {
				r.Organisations++
			}
		}
		for p := range selected {
			if in[p][c] {
				r.Projects++
			}
			if slices.Contains(reported[p], c) {
				r.PortfolioProjects++
			}
		}
		rows[c] = r
	}
	flows := map[[2]string]int{}
	for _, areas := range linked {
		for a := range areas {
			for b := range areas {
				if a < b {
					flows[[2]string{a, b}]++
				}
			}
		}
	}
	return rows, flows
}

// idsOnly is a store that is not a hanke.ProjectSelector, whose selections
// the atlas finds by their ids.
type idsOnly struct{ hanke.Store }

// The counts agree with their definitions counted the slow way, and
// Projects with what the store's region filter gives, on random graphs and
// filters, whether the store gives a selection's places or its ids.
func TestStatsAndFlowsMatchTheirDefinitions(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(8) {
		g := randomGraph(t, 600, seed)
		store := load(t, g)
		a := atlas.New(store)
		if seed%2 == 1 {
			a = atlas.New(idsOnly{store})
		}
		for _, f := range []hanke.ProjectFilter{
			{},
			{Kinds: []hanke.ProjectKind{hanke.KindCoordination, hanke.KindCityProject}},
			{Regions: []string{"region:05"}},
			{Implementers: []string{"org:o0000007", "org:o0000100"}},
			{Kinds: []hanke.ProjectKind{hanke.KindNationalTheme}, Regions: []string{"region:90", "region:91"}},
		} {
			selected := map[string]bool{}
			if err := store.ProjectIDs(ctx, f, func(id string) error { selected[id] = true; return nil }); err != nil {
				t.Fatal(err)
			}
			wantRows, wantFlows := naive(g, selected)
			s := a.Session()
			rows, err := s.Stats(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				want := wantRows[r.Region.Code]
				want.Region = r.Region
				if r != want {
					t.Errorf("seed %d, filter %+v, area %s:\n got  %+v\n want %+v", seed, f, r.Region.Code, r, want)
				}
				inRegion := f
				inRegion.Regions = append(slices.Clone(f.Regions), r.Region.ID)
				if len(f.Regions) > 0 {
					continue // the port's region filter is "any of", so adding an area widens it
				}
				page, err := store.Projects(ctx, hanke.ProjectQuery{Filter: inRegion, Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != r.Projects {
					t.Errorf("seed %d, filter %+v, area %s: %d projects, the store's region filter gives %d", seed, f, r.Region.Code, r.Projects, page.Total)
				}
			}
			flows, err := s.Flows(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got := map[[2]string]int{}
			for i, fl := range flows {
				got[[2]string{fl.From.Code, fl.To.Code}] = fl.Projects
				if fl.From.Code >= fl.To.Code || (i > 0 && !lessFlow(flows[i-1], fl)) {
					t.Errorf("flows out of order at %d: %s–%s", i, fl.From.Code, fl.To.Code)
				}
				if len(fl.ProjectIDs) != min(fl.Projects, atlas.MaxFlowProjectIDs) || !slices.IsSorted(fl.ProjectIDs) {
					t.Errorf("flow %s–%s: %d ids for %d projects", fl.From.Code, fl.To.Code, len(fl.ProjectIDs), fl.Projects)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(wantFlows) {
				t.Errorf("seed %d, filter %+v: flows\n got  %v\n want %v", seed, f, got, wantFlows)
			}
		}
	}
}

func lessFlow(a, b atlas.Flow) bool {
	return a.From.Code < b.From.Code || (a.From.Code == b.From.Code && a.To.Code < b.To.Code)
}

// A flow lists at most MaxFlowProjectIDs ids, the first by id, and counts all.
func TestFlowsListTheFirstProjectIDs(t *testing.T) {
	src := []string{"source:s"}
	g := &hanke.Graph{Nodes: []hanke.Node{
		&hanke.Source{Base: hanke.Base{ID: "source:s", Names: hanke.LocalizedText{En: "synthetic"}, Synthetic: true}},
		&hanke.WelfareRegion{Base: hanke.Base{ID: "region:01", Names: hanke.LocalizedText{Fi: "A"}}, Code: "01"},
		&hanke.WelfareRegion{Base: hanke.Base{ID: "region:90", Names: hanke.LocalizedText{Fi: "B"}}, Code: "90"},
		&hanke.Organisation{Base: hanke.Base{ID: "org:a", Names: hanke.LocalizedText{Fi: "a"}}, Kind: hanke.OrgOther},
		&hanke.Organisation{Base: hanke.Base{ID: "org:b", Names: hanke.LocalizedText{Fi: "b"}}, Kind: hanke.OrgOther},
	}, Edges: []hanke.Edge{
		{Type: hanke.RelLocatedIn, From: "org:a", To: "region:01", Sources: src},
		{Type: hanke.RelLocatedIn, From: "org:b", To: "region:90", Sources: src},
	}}
	for i := range 150 {
		id := fmt.Sprintf("project:p%03d", 149-i)
		g.Nodes = append(g.Nodes, &hanke.Project{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}}, Kind: hanke.KindDevelopmentProject})
		g.Edges = append(g.Edges,
			hanke.Edge{Type: hanke.RelImplements, From: "org:a", To: id, Role: hanke.RoleLead, Sources: src},
			hanke.Edge{Type: hanke.RelPartnerIn, From: "org:b", To: id, Sources: src})
	}
	for _, f := range []hanke.ProjectFilter{{}, {Kinds: []hanke.ProjectKind{hanke.KindDevelopmentProject}}} {
		flows, err := atlas.New(load(t, g)).Session().Flows(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(flows) != 1 || flows[0].From.Code != "01" || flows[0].To.Code != "90" || flows[0].Projects != 150 ||
			len(flows[0].ProjectIDs) != atlas.MaxFlowProjectIDs || flows[0].ProjectIDs[0] != "project:p000" || flows[0].ProjectIDs[99] != "project:p099" {
			t.Errorf("filter %+v: %+v", f, flows)
		}
	}
}

// countingStore counts the calls made to the store it wraps.
type countingStore struct {
	hanke.Store
	mu    sync.Mutex
	calls map[string]int
}

func (s *countingStore) count(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[name]++
}

func (s *countingStore) Version(ctx context.Context) (string, error) {
	s.count("Version")
	return s.Store.Version(ctx)
}

func (s *countingStore) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(string) error) error {
	s.count("ProjectIDs")
	return s.Store.ProjectIDs(ctx, f, fn)
}

func (s *countingStore) Edges(ctx context.Context, q hanke.EdgeQuery) ([]hanke.EdgePage, error) {
	s.count("Edges")
	return s.Store.Edges(ctx, q)
}

func (s *countingStore) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	s.count("Projects")
	return s.Store.Projects(ctx, q)
}

func (s *countingStore) reset() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := s.calls
	s.calls = map[string]int{}
	return calls
}

// A request asks the store for the version once and for each filter's
// projects once, however many of its fields ask, and concurrently; the
// index is read again only when the version changes.
func TestOneStoreCallPerFilterPerRequest(t *testing.T) {
	ctx := context.Background()
	inner := builtin(t)
	store := &countingStore{Store: inner, calls: map[string]int{}}
	a := atlas.New(store)
	coordination := hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCoordination}}

	if _, err := a.Session().Stats(ctx, hanke.ProjectFilter{}); err != nil {
		t.Fatal(err)
	}
	// Building the index: every project's id, the areas' edges, and one
	// batch of what their organisations implement and partner in.
	if calls := store.reset(); calls["Version"] != 1 || calls["ProjectIDs"] != 1 || calls["Edges"] != 2 || calls["Projects"] != 0 {
		t.Errorf("the first request, which builds the index: %v", calls)
	}

	s := a.Session()
	regions, _ := inner.All(ctx, hanke.LabelWelfareRegion)
	var wg sync.WaitGroup
	for _, f := range []hanke.ProjectFilter{{}, coordination} {
		for _, r := range regions {
			wg.Go(func() {
				if _, err := s.RegionStats(ctx, f, r.(*hanke.WelfareRegion)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Go(func() {
			if _, err := s.GeoJSON(ctx, f); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := s.Flows(ctx, f); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if calls := store.reset(); calls["Version"] != 1 || calls["ProjectIDs"] != 1 || calls["Edges"] != 0 || calls["Projects"] != 0 {
		t.Errorf("a request with 50 map fields over two filters: %v; want Version once and ProjectIDs once, for the filter that is not empty", calls)
	}

	// New data: the next request sees it.
	extra := &hanke.Graph{
		Nodes: []hanke.Node{&hanke.Organisation{Base: hanke.Base{ID: "org:aland", Names: hanke.LocalizedText{Sv: "Ålänsk förening"}, Synthetic: true}, Kind: hanke.OrgNGO}},
		Edges: []hanke.Edge{{Type: hanke.RelLocatedIn, From: "org:aland", To: "region:91", Synthetic: true}},
	}
	if _, err := inner.Load(ctx, extra); err != nil {
		t.Fatal(err)
	}
	if r, err := a.Session().RegionStats(ctx, hanke.ProjectFilter{}, regions[22].(*hanke.WelfareRegion)); err != nil || r.Organisations != 1 {
		t.Errorf("Åland after a load: %+v, %v", r, err)
	}
	if calls := store.reset(); calls["Version"] != 1 || calls["ProjectIDs"] != 1 || calls["Edges"] != 2 {
		t.Errorf("the request after a load, which rebuilds the index: %v", calls)
	}
}

// selectorCounter counts the calls of a hanke.ProjectSelector, and can
// give its sets as of another version, as a store that changed since the
// index was built does.
type selectorCounter struct {
	*countingStore
	selector hanke.ProjectSelector
	stale    bool
}

func (s *selectorCounter) SelectProjects(ctx context.Context, f hanke.ProjectFilter) (hanke.ProjectSet, error) {
	s.count("SelectProjects")
	set, err := s.selector.SelectProjects(ctx, f)
	if s.stale {
		set.Version += "-another"
	}
	return set, err
}

// A store that is a hanke.ProjectSelector is asked for a filter's places,
// not its ids; a set of another version than the index's is not used, and
// the ids are asked for instead.
func TestSelectorsGivePlaces(t *testing.T) {
	ctx := context.Background()
	inner := builtin(t)
	store := &selectorCounter{countingStore: &countingStore{Store: inner, calls: map[string]int{}}, selector: inner}
	a := atlas.New(store)
	coordination := hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCoordination}}
	want := stats(t, atlas.New(idsOnly{inner}), coordination)
	if _, err := a.Session().Stats(ctx, hanke.ProjectFilter{}); err != nil { // builds the index
		t.Fatal(err)
	}
	for _, c := range []struct {
		stale            bool
		selects, fromIDs int
	}{{false, 1, 0}, {true, 1, 1}} {
		store.reset()
		store.stale = c.stale
		if got := stats(t, a, coordination); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("stale %v: got %v, want %v", c.stale, got, want)
		}
		if calls := store.reset(); calls["Version"] != 1 || calls["SelectProjects"] != c.selects || calls["ProjectIDs"] != c.fromIDs {
			t.Errorf("stale %v: %v; want Version and SelectProjects once, ProjectIDs %d times", c.stale, calls, c.fromIDs)
		}
	}
}

// failingStore fails the calls a map request makes.
type failingStore struct {
	hanke.Store
	err error
}

func (s failingStore) ProjectIDs(context.Context, hanke.ProjectFilter, func(string) error) error {
	return s.err
}

func TestStoreErrorsReachTheCaller(t *testing.T) {
	down := hanke.Unavailable(fmt.Errorf("connection refused"))
	a := atlas.New(failingStore{Store: builtin(t), err: down})
	_, err := a.Session().Stats(context.Background(), hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindCoordination}})
	if hanke.ErrorCode(err) != hanke.ECodeUnavailable {
		t.Errorf("got %v", err)
	}
}
