package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The 23 areas' codes, in order.
var regionCodes = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
	"13", "14", "15", "16", "17", "18", "19", "20", "21", "90", "91"}

type statsRow struct {
	Region                                                             struct{ Code string }
	Projects, Implementers, Partners, Organisations, PortfolioProjects int
}

func TestRegionStats(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct{ All, Coordination []statsRow }
	c.MustPost(`{
		all: regionStats { region { code } projects implementers partners organisations portfolioProjects }
		coordination: regionStats(filter: { kind: COORDINATION }) { region { code } projects implementers partners organisations portfolioProjects }
	}`, &resp)
	var codes, reported []string
	byCode := map[string]statsRow{}
	for _, r := range resp.All {
		codes = append(codes, r.Region.Code)
		byCode[r.Region.Code] = r
		if r.PortfolioProjects > 0 {
			reported = append(reported, r.Region.Code)
		}
	}
	if !slices.Equal(codes, regionCodes) {
		t.Fatalf("rows for %v, want the 23 areas by code", codes)
	}
	if h := byCode["90"]; h.Projects != 1 || h.Implementers != 1 || h.Partners != 3 || h.Organisations != 4 {
		t.Errorf("Helsinki: %+v", h)
	}
	if a := byCode["91"]; a.Projects+a.Implementers+a.Partners+a.Organisations+a.PortfolioProjects != 0 {
		t.Errorf("Åland: %+v, want zeros", a)
	}
	if want := slices.DeleteFunc(slices.Clone(regionCodes), func(c string) bool { return c == "07" || c == "91" }); !slices.Equal(reported, want) {
		t.Errorf("areas with a reported portfolio: %v", reported)
	}
	if h := resp.Coordination[21]; h.Region.Code != "90" || h.Projects != 0 || h.Implementers != 0 || h.Organisations != 4 || h.PortfolioProjects != 1 {
		t.Errorf("Helsinki, coordinations only: %+v", h)
	}
}

// An area's stats and the projects it lists agree, under any filter.
func TestRegionStatsAgreeWithRegionProjects(t *testing.T) {
	c := newClient(builtinStore(t))
	for _, filter := range []string{`{}`, `{ kind: CITY_PROJECT }`, `{ kind: COORDINATION }`, `{ activeOn: "2019-12-31" }`, `{ text: "ojämlikhet" }`} {
		var resp struct {
			WelfareRegions []struct {
				Code     string
				Stats    struct{ Projects int }
				Projects struct{ TotalCount int }
			}
		}
		c.MustPost(fmt.Sprintf(`{ welfareRegions { code stats(filter: %[1]s) { projects } projects(filter: %[1]s) { totalCount } } }`, filter), &resp)
		for _, r := range resp.WelfareRegions {
			if r.Stats.Projects != r.Projects.TotalCount {
				t.Errorf("filter %s, area %s: stats say %d projects, projects lists %d", filter, r.Code, r.Stats.Projects, r.Projects.TotalCount)
			}
		}
	}
}

func TestRegionsGeoJSON(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct{ All, City any }
	c.MustPost(`{ all: regionsGeoJSON city: regionsGeoJSON(filter: { kind: NATIONAL_THEME }) }`, &resp)
	type collection struct {
		Type, Attribution string
		Features          []struct {
			Type       string
			Geometry   struct{ Type string }
			Properties struct {
				Code, NameFi, NameSv, NameEn                              string
				Projects, Implementers, Partners, Organisations, Reported int
			}
		}
	}
	read := func(v any) collection {
		raw := remarshal(t, v)
		// The properties' names are the contract the map page reads.
		text := strings.NewReplacer(`"name_fi"`, `"NameFi"`, `"name_sv"`, `"NameSv"`, `"name_en"`, `"NameEn"`, `"portfolio_projects"`, `"Reported"`).Replace(string(raw))
		var fc collection
		if err := json.Unmarshal([]byte(text), &fc); err != nil {
			t.Fatalf("%v: %.200s", err, raw)
		}
		return fc
	}
	all, theme := read(resp.All), read(resp.City)
	if all.Type != "FeatureCollection" || len(all.Features) != 23 || !strings.Contains(all.Attribution, "Contains data from the National Land Survey of Finland, 2023") {
		t.Fatalf("%s of %d features, attribution %q", all.Type, len(all.Features), all.Attribution)
	}
	for i, f := range all.Features {
		p := f.Properties
		if f.Type != "Feature" || !strings.HasSuffix(f.Geometry.Type, "Polygon") || p.Code != regionCodes[i] || p.NameFi == "" || p.NameSv == "" || p.NameEn == "" {
			t.Errorf("feature %d: %+v", i, f)
		}
	}
	if h := all.Features[21].Properties; h.NameSv != "Helsingfors stad" || h.Projects != 1 || h.Implementers != 1 || h.Partners != 3 || h.Organisations != 4 || h.Reported != 1 {
		t.Errorf("Helsinki: %+v", h)
	}
	if h := theme.Features[21].Properties; h.Projects != 0 || h.Partners != 0 || h.Organisations != 4 || h.Reported != 0 {
		t.Errorf("Helsinki, national themes only: %+v", h)
	}
}

// remarshal is a JSON value as the client decoded it, as JSON again.
func remarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWelfareRegionGeography(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct {
		Helsinki, Aland struct {
			Geometry       any
			Attribution    string
			Nuts3          []string
			Municipalities []struct {
				Code, Name, Nuts3 string
				Names             struct{ Fi, Sv, En string }
			}
		}
	}
	c.MustPost(`{
		helsinki: welfareRegion(code: "90") { geometry attribution nuts3 municipalities { code name names { fi sv en } nuts3 } }
		aland: welfareRegion(code: "91") { geometry attribution nuts3 municipalities { code name names { fi sv en } nuts3 } }
	}`, &resp)
	var geometry struct {
		Type        string
		Coordinates [][][]float64
	}
	if err := json.Unmarshal(remarshal(t, resp.Helsinki.Geometry), &geometry); err != nil || geometry.Type != "Polygon" || len(geometry.Coordinates[0]) < 4 {
		t.Fatalf("Helsinki's geometry: %v %.100s", err, remarshal(t, resp.Helsinki.Geometry))
	}
	if lon, lat := geometry.Coordinates[0][0][0], geometry.Coordinates[0][0][1]; lon < 24.5 || lon > 25.5 || lat < 60 || lat > 60.5 {
		t.Errorf("Helsinki's boundary starts at %v, %v: not in Helsinki (or not lon, lat)", lon, lat)
	}
	m := resp.Helsinki.Municipalities
	if len(m) != 1 || m[0].Code != "091" || m[0].Name != "Helsinki" || m[0].Names.Sv != "Helsingfors" || m[0].Nuts3 != "FI1B1" {
		t.Errorf("Helsinki's municipalities: %+v", m)
	}
	if !strings.Contains(resp.Helsinki.Attribution, "National Land Survey of Finland") || !strings.Contains(resp.Helsinki.Attribution, "Natural Earth") {
		t.Errorf("attribution %q", resp.Helsinki.Attribution)
	}
	if a := resp.Aland; len(a.Municipalities) != 16 || a.Municipalities[0].Names.Sv != "Brändö" || a.Nuts3[0] != "FI200" || !strings.Contains(string(remarshal(t, a.Geometry)), "MultiPolygon") {
		t.Errorf("Åland: %d municipalities, nuts3 %v, geometry %.40s", len(a.Municipalities), a.Nuts3, a.Geometry)
	}
}

func TestPortfolioRegions(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct {
		Project struct {
			PortfolioRegions []struct {
				Region  struct{ Code string }
				Note    *string
				Sources []struct{ ID, Title string }
			}
			Regions []struct{ Code string }
		}
		Sokra struct{ PortfolioRegions []any }
	}
	c.MustPost(`{
		project(id: "project:lnp-osallisuuden-koordinaatio") { portfolioRegions { region { code } note sources { id title } } regions { code } }
		sokra: project(id: "project:sokra") { portfolioRegions { note } }
	}`, &resp)
	var codes []string
	for _, r := range resp.Project.PortfolioRegions {
		codes = append(codes, r.Region.Code)
		if len(r.Sources) != 1 || r.Sources[0].ID != "source:seed-001" || r.Sources[0].Title != "Lasten, nuorten ja perheiden osallisuuden koordinaatio (ESR+)" ||
			r.Note == nil || !strings.Contains(*r.Note, "Kanta-Häme") {
			t.Errorf("area %s: note %v, sources %+v", r.Region.Code, r.Note, r.Sources)
		}
	}
	want := slices.DeleteFunc(slices.Clone(regionCodes), func(c string) bool { return c == "07" || c == "91" })
	if !slices.Equal(codes, want) {
		t.Errorf("the portfolio's areas: %v, want the 21 of %v", codes, want)
	}
	// Reported, not where the coordination itself operates.
	if len(resp.Project.Regions) != 0 || len(resp.Sokra.PortfolioRegions) != 0 {
		t.Errorf("regions %v; Sokra's portfolio regions %v", resp.Project.Regions, resp.Sokra.PortfolioRegions)
	}
}

// flowGraph is made-up test data: organisations in 01, 05 and 90, and
// projects that link them.
func flowGraph() *hanke.Graph {
	src := []string{"source:s"}
	g := &hanke.Graph{Nodes: []hanke.Node{&hanke.Source{Base: hanke.Base{ID: "source:s", Names: hanke.LocalizedText{En: "synthetic"}, Synthetic: true}}}}
	for _, code := range []string{"01", "05", "90"} {
		g.Nodes = append(g.Nodes,
			&hanke.WelfareRegion{Base: hanke.Base{ID: hanke.RegionID(code), Names: hanke.LocalizedText{Fi: code}}, Code: code},
			&hanke.Organisation{Base: hanke.Base{ID: "org:in-" + code, Names: hanke.LocalizedText{Fi: code}, Synthetic: true}, Kind: hanke.OrgOther})
		g.Edges = append(g.Edges, hanke.Edge{Type: hanke.RelLocatedIn, From: "org:in-" + code, To: hanke.RegionID(code), Sources: src})
	}
	project := func(id string, kind hanke.ProjectKind, orgs ...string) {
		g.Nodes = append(g.Nodes, &hanke.Project{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: id}, Synthetic: true}, Kind: kind})
		g.Edges = append(g.Edges, hanke.Edge{Type: hanke.RelImplements, From: orgs[0], To: id, Role: hanke.RoleLead, Sources: src})
		for _, o := range orgs[1:] {
			g.Edges = append(g.Edges, hanke.Edge{Type: hanke.RelPartnerIn, From: o, To: id, Sources: src})
		}
	}
	project("project:a", hanke.KindCoordination, "org:in-90", "org:in-01", "org:in-05")
	project("project:b", hanke.KindDevelopmentProject, "org:in-05", "org:in-90")
	project("project:c", hanke.KindDevelopmentProject, "org:in-90", "org:in-05")
	project("project:d", hanke.KindDevelopmentProject, "org:in-01")
	return g
}

func TestRegionFlows(t *testing.T) {
	s := embedded.New()
	if _, err := s.Load(context.Background(), flowGraph()); err != nil {
		t.Fatal(err)
	}
	c := newClient(s)
	type flow struct {
		From, To   struct{ Code string }
		Projects   int
		ProjectIds []string
	}
	var resp struct{ All, Development []flow }
	c.MustPost(`{
		all: regionFlows { from { code } to { code } projects projectIds(first: 2) }
		development: regionFlows(filter: { kind: DEVELOPMENT_PROJECT }) { from { code } to { code } projects projectIds }
	}`, &resp)
	if got := fmt.Sprint(resp.All); got != "[{{01} {05} 1 [project:a]} {{01} {90} 1 [project:a]} {{05} {90} 3 [project:a project:b]}]" {
		t.Errorf("flows: %s", got)
	}
	if got := fmt.Sprint(resp.Development); got != "[{{05} {90} 2 [project:b project:c]}]" {
		t.Errorf("flows of development projects: %s", got)
	}
	var builtin struct{ RegionFlows []flow }
	newClient(builtinStore(t)).MustPost(`{ regionFlows { projects } }`, &builtin)
	if len(builtin.RegionFlows) != 0 {
		t.Errorf("the built-in data's organisations are all in Helsinki, so there are no flows: %v", builtin.RegionFlows)
	}
	r, err := c.RawPost(`{ regionFlows { projectIds(first: 101) } }`)
	if err != nil || !strings.Contains(string(r.Errors), "BAD_USER_INPUT") {
		t.Errorf("first: 101: %s %v", r.Errors, err)
	}
}

// projectIDsCounter counts the calls of ProjectIDs.
type projectIDsCounter struct {
	countingStore
	projectIDs int
}

func (s *projectIDsCounter) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(string) error) error {
	s.count()
	s.mu.Lock()
	s.projectIDs++
	s.mu.Unlock()
	return s.Store.ProjectIDs(ctx, f, fn)
}

// The map fields of one request ask the store for each filter's projects
// once, however many ask; a filterless request asks not at all once the
// atlas has indexed the store.
func TestMapFieldsShareTheStoreCalls(t *testing.T) {
	s := &projectIDsCounter{countingStore: countingStore{Store: builtinStore(t)}}
	limits := graph.DefaultLimits
	limits.BatchWait = 100 * time.Millisecond
	c := client.New(graph.NewHandler(graph.NewServices(s), limits))
	var warm struct{ RegionStats []any }
	c.MustPost(`{ regionStats { projects } }`, &warm)
	s.projectIDs, s.calls = 0, 0
	var resp struct {
		RegionStats, RegionFlows, WelfareRegions []any
		RegionsGeoJSON                           any
	}
	c.MustPost(`query($f: ProjectFilter) {
		regionStats(filter: $f) { projects }
		regionsGeoJSON(filter: $f)
		regionFlows(filter: $f) { projects }
		welfareRegions { code stats(filter: $f) { projects } all: stats { projects } }
	}`, &resp, client.Var("f", map[string]any{"kind": "COORDINATION"}))
	if len(resp.WelfareRegions) != 23 || s.projectIDs != 1 {
		t.Errorf("ProjectIDs called %d times, want 1", s.projectIDs)
	}
	// welfareRegions and the region nodes the rows name: the rest comes from the atlas.
	if s.calls > 3 {
		t.Errorf("%d store calls", s.calls)
	}
}
