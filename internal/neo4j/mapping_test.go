package neo4j

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

func ptr[T any](v T) *T { return &v }

// sampleGraph has one node of every label with every field set, and an edge
// of every type, the first with every field set; TestSampleSetsEveryField
// keeps it so as the domain grows.
func sampleGraph() *hanke.Graph {
	names := func(s string) hanke.LocalizedText {
		return hanke.LocalizedText{Fi: s + " (fi)", Sv: s + " (sv)", En: s + " (en)"}
	}
	base := func(id, name string) hanke.Base {
		return hanke.Base{ID: id, Names: names(name), Sources: []string{"source:a", "source:b"}, Synthetic: true}
	}
	figure := hanke.Figure{Key: "projects", Label: names("Hankkeita"), Value: 12, Unit: "count", Date: "2024-05", Note: "as reported", Sources: []string{"source:a"}}
	return &hanke.Graph{
		Nodes: []hanke.Node{
			&hanke.Project{
				Base: base("project:sokra", "Sosiaalisen osallisuuden edistämisen koordinaatiohanke"), Acronym: "Sokra",
				Kind: hanke.KindCoordination, Summary: names("Koordinaatio"), StartDate: "2015-03-01", EndDate: "2020-12-31",
				Note: "dates differ between sources", TotalBudgetEur: ptr(2.5e6), EUContributionEur: ptr(1.2e6), EUCofinancingPercent: ptr(48.5),
				Identifiers:     []hanke.Identifier{{Scheme: "EURA", Value: "S20220"}},
				Classifications: []hanke.Classification{{Scheme: "kohesio-category-of-intervention", Code: "109", Label: "Active inclusion"}, {Scheme: "kohesio-thematic-objective", Code: "09"}},
				Contacts:        []hanke.Contact{{Name: "Anna Esimerkki", Role: "project manager", Sources: []string{"source:a"}}},
				Figures:         []hanke.Figure{figure},
			},
			&hanke.Organisation{Base: base("org:thl", "Terveyden ja hyvinvoinnin laitos"), Acronym: "THL", Kind: hanke.OrgResearchInstitute,
				AltNames: []string{"Institutet för hälsa och välfärd", "Finnish Institute for Health and Welfare"}, BusinessID: "2229536-9"},
			&hanke.WelfareRegion{Base: base("region:21", "Ahvenanmaa"), Code: "21", NUTS3: []string{"FI200"}, Centroid: &hanke.LatLon{Lat: 60.2, Lon: 19.9}},
			&hanke.Sector{Base: base("sector:education", "Koulutus"), Figures: []hanke.Figure{figure}},
			&hanke.Fund{Base: base("fund:esf-plus", "Euroopan sosiaalirahasto plus"), Acronym: "ESR+"},
			&hanke.Programme{Base: base("programme:esf-2021", "Uudistuva ja osaava Suomi"), PeriodStart: 2021, PeriodEnd: 2027},
			&hanke.Source{Base: base("source:a", "Lähde"), URL: "https://example.org/a", Publisher: "THL", Published: "2024-11", Reference: "S20220"},
		},
		Edges: []hanke.Edge{
			{Type: hanke.RelImplements, From: "org:thl", To: "project:sokra", Role: hanke.RoleLead, Priority: "4", SpecificObjective: "4.11",
				Note: "joined September 2023", Sources: []string{"source:a"}, Synthetic: true},
			{Type: hanke.RelPartnerIn, From: "org:thl", To: "project:sokra"},
			{Type: hanke.RelFunds, From: "org:thl", To: "project:sokra", Role: hanke.FunderRoleFunder},
			{Type: hanke.RelLocatedIn, From: "org:thl", To: "region:21"},
			{Type: hanke.RelOperatesIn, From: "project:sokra", To: "region:21"},
			{Type: hanke.RelPortfolioWorksIn, From: "project:sokra", To: "region:21"},
			{Type: hanke.RelTargets, From: "project:sokra", To: "sector:education"},
			{Type: hanke.RelFundedFrom, From: "project:sokra", To: "programme:esf-2021"},
			{Type: hanke.RelPartOf, From: "programme:esf-2021", To: "fund:esf-plus"},
			{Type: hanke.RelSucceeds, From: "project:sokra", To: "project:sokra"},
			{Type: hanke.RelCoordinates, From: "project:sokra", To: "project:sokra"},
			{Type: hanke.RelCooperatesWith, From: "project:sokra", To: "project:sokra"},
		},
	}
}

// unset names the fields of v (a struct, through pointers) left at their
// zero value, nested structs included.
func unset(v reflect.Value, path string) []string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return []string{path}
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		if v.IsZero() || (v.Kind() == reflect.Slice && v.Len() == 0) {
			return []string{path}
		}
		return nil
	}
	var out []string
	for i := range v.NumField() {
		out = append(out, unset(v.Field(i), path+"."+v.Type().Field(i).Name)...)
	}
	return out
}

func TestSampleSetsEveryField(t *testing.T) {
	g := sampleGraph()
	labels := map[hanke.Label]bool{}
	for _, n := range g.Nodes {
		labels[n.NodeLabel()] = true
		if missing := unset(reflect.ValueOf(n), n.NodeID()); len(missing) > 0 {
			t.Errorf("the sample leaves fields unset (add them, and their storage): %v", missing)
		}
	}
	if len(labels) != len(hanke.Labels) {
		t.Errorf("the sample has %d of the %d labels", len(labels), len(hanke.Labels))
	}
	if missing := unset(reflect.ValueOf(g.Edges[0]), "edge"); len(missing) > 0 {
		t.Errorf("the sample edge leaves fields unset: %v", missing)
	}
	types := map[hanke.RelType]bool{}
	for _, e := range g.Edges {
		types[e.Type] = true
	}
	if len(types) != len(hanke.AllRelTypes) {
		t.Errorf("the sample has %d of the %d relationship types", len(types), len(hanke.AllRelTypes))
	}
}

// asDriverValue is what the driver hands back for a value we stored: lists
// come back as []any.
func asDriverValue(v any) any {
	if list, ok := v.([]string); ok {
		out := make([]any, len(list))
		for i, s := range list {
			out[i] = s
		}
		return out
	}
	return v
}

func asDriverProps(props map[string]any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		out[k] = asDriverValue(v)
	}
	return out
}

func storedNode(t *testing.T, n hanke.Node) dbtype.Node {
	t.Helper()
	props, err := nodeProperties(n)
	if err != nil {
		t.Fatal(err)
	}
	return dbtype.Node{ElementId: "4:db:" + n.NodeID(), Labels: []string{string(n.NodeLabel())}, Props: asDriverProps(props)}
}

func storedEdge(e hanke.Edge) map[string]any {
	rel := dbtype.Relationship{ElementId: "5:db:" + e.ID(), Type: string(e.Type), Props: asDriverProps(edgeProperties(e))}
	return map[string]any{"rel": rel, "from": e.From, "to": e.To}
}

func TestNodesRoundTrip(t *testing.T) {
	for _, n := range sampleGraph().Nodes {
		got, err := decodeNode(storedNode(t, n))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, n) {
			t.Errorf("round trip of %s:\n got %#v\nwant %#v", n.NodeID(), got, n)
		}
	}
}

func TestEdgesRoundTrip(t *testing.T) {
	for _, e := range sampleGraph().Edges {
		got, _, err := decodeEdgeMap(storedEdge(e), false)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("round trip:\n got %#v\nwant %#v", got, e)
		}
	}
}

func TestStoredFormLeavesEmptyValuesOut(t *testing.T) {
	props, err := nodeProperties(&hanke.Project{Base: hanke.Base{ID: "project:x", Names: hanke.LocalizedText{Sv: "Projekt X"}}, Kind: hanke.KindCityProject})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "project:x", "sortName": "projekt x", "name_sv": "Projekt X", "kind": "CITY_PROJECT"}
	if !reflect.DeepEqual(props, want) {
		t.Errorf("got %v, want %v", props, want)
	}
	if got := edgeProperties(hanke.Edge{Type: hanke.RelTargets, From: "project:x", To: "sector:y"}); len(got) != 0 {
		t.Errorf("an edge without properties is stored with %v", got)
	}
}

func TestStoredTypes(t *testing.T) {
	g := sampleGraph()
	project, _ := nodeProperties(g.Nodes[0])
	if d, ok := project["startDate"].(dbtype.Date); !ok || time.Time(d).Format(dateLayout) != "2015-03-01" {
		t.Errorf("startDate is stored as %#v, want a DATE", project["startDate"])
	}
	if s, ok := project["figures"].(string); !ok || !strings.HasPrefix(s, `[{"key":"projects"`) {
		t.Errorf("figures are stored as %#v, want JSON", project["figures"])
	}
	if k, ok := project["classificationKeys"].([]string); !ok || !slices.Equal(k, []string{"kohesio-category-of-intervention\x1f109", "kohesio-thematic-objective\x1f09"}) {
		t.Errorf("classifications are searched in %#v, want a list of scheme and code", project["classificationKeys"])
	}
	if l, ok := project["classificationLabels"].([]string); !ok || !slices.Equal(l, []string{"Active inclusion", ""}) {
		t.Errorf("classifications are counted with the labels %#v, want a list in the keys' order", project["classificationLabels"])
	}
	region, _ := nodeProperties(g.Nodes[2])
	if p, ok := region["centroid"].(dbtype.Point2D); !ok || p != (dbtype.Point2D{X: 19.9, Y: 60.2, SpatialRefId: 4326}) {
		t.Errorf("centroid is stored as %#v, want a WGS 84 point (x longitude, y latitude)", region["centroid"])
	}
	if _, err := nodeProperties(&hanke.Project{Base: hanke.Base{ID: "project:x"}, StartDate: "2015"}); err == nil || !strings.Contains(err.Error(), "startDate") {
		t.Errorf("a partial start date is accepted: %v", err)
	}
}

// TestDecodeDriverValues reads values as other writers (Cypher, another
// tool) may have left them, in the driver's own types.
func TestDecodeDriverValues(t *testing.T) {
	day := time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)
	n, err := decodeNode(dbtype.Node{Labels: []string{"Imported", "Project"}, Props: map[string]any{
		"id":             "project:x",
		"name_fi":        "X",
		"summary_en":     nil, // a null property reads as empty
		"startDate":      dbtype.Date(day),
		"endDate":        dbtype.LocalDateTime(day.AddDate(2, 0, 0)),
		"totalBudgetEur": int64(100000), // an integer where a float is expected
		"sources":        []any{},
		"synthetic":      false,
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := &hanke.Project{Base: hanke.Base{ID: "project:x", Names: hanke.LocalizedText{Fi: "X"}}, StartDate: "2021-09-01", EndDate: "2023-09-01", TotalBudgetEur: ptr(100000.0)}
	if !reflect.DeepEqual(n, want) {
		t.Errorf("got %#v, want %#v", n, want)
	}

	n, err = decodeNode(dbtype.Node{Labels: []string{"Programme"}, Props: map[string]any{
		"id": "programme:p", "periodStart": float64(2014), "periodEnd": int64(2020),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if p := n.(*hanke.Programme); p.PeriodStart != 2014 || p.PeriodEnd != 2020 {
		t.Errorf("got period %d–%d", p.PeriodStart, p.PeriodEnd)
	}

	n, err = decodeNode(dbtype.Node{Labels: []string{"Project"}, Props: map[string]any{
		"id": "project:y", "startDate": time.Date(2020, 1, 2, 15, 4, 5, 0, time.UTC), // a DATETIME
	}})
	if err != nil || n.(*hanke.Project).StartDate != "2020-01-02" {
		t.Errorf("a datetime start reads as %v, %v", n, err)
	}
}

func TestDecodeRefusesWrongValues(t *testing.T) {
	for _, tc := range []struct {
		labels []string
		props  map[string]any
		want   string
	}{
		{[]string{"Project"}, map[string]any{"id": "project:x", "kind": int64(1)}, "property kind is int64"},
		{[]string{"Project"}, map[string]any{"id": "project:x", "startDate": "2020"}, "property startDate"},
		{[]string{"Project"}, map[string]any{"id": "project:x", "sources": []any{"source:a", int64(2)}}, "property sources"},
		{[]string{"Project"}, map[string]any{"id": "project:x", "figures": "[{"}, "property figures"},
		{[]string{"Project"}, map[string]any{"id": "project:x", "totalBudgetEur": "many"}, "property totalBudgetEur"},
		{[]string{"Programme"}, map[string]any{"id": "programme:x", "periodStart": 2014.5}, "property periodStart"},
		{[]string{"WelfareRegion"}, map[string]any{"id": "region:x", "centroid": dbtype.Point2D{X: 1, Y: 2, SpatialRefId: 7203}}, "property centroid"},
		{[]string{"Fund"}, map[string]any{"id": "fund:x", "synthetic": "yes"}, "property synthetic"},
		{[]string{"Person"}, map[string]any{"id": "person:x"}, "none of hankegraph's labels"},
		{[]string{"Fund"}, map[string]any{"name_fi": "Nimetön"}, "no id"},
	} {
		_, err := decodeNode(dbtype.Node{Labels: tc.labels, Props: tc.props})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: got error %v, want one saying %q", tc.labels, tc.props, err, tc.want)
		}
	}
	for _, v := range []any{
		"not a map",
		map[string]any{"rel": "not a relationship", "from": "a", "to": "b"},
		map[string]any{"rel": dbtype.Relationship{Type: "TARGETS"}, "from": nil, "to": "b"},
		map[string]any{"rel": dbtype.Relationship{Type: "TARGETS", Props: map[string]any{"role": true}}, "from": "a", "to": "b"},
	} {
		if _, _, err := decodeEdgeMap(v, false); err == nil {
			t.Errorf("decodeEdgeMap(%v) accepted it", v)
		}
	}
	for _, v := range []any{
		map[string]any{"rel": dbtype.Relationship{Type: "TARGETS"}, "from": "a", "to": "b"},
		map[string]any{"rel": dbtype.Relationship{Type: "TARGETS"}, "from": "a", "to": "b", "neighbour": "b"},
		map[string]any{"rel": dbtype.Relationship{Type: "TARGETS"}, "from": "a", "to": "b", "neighbour": dbtype.Node{Labels: []string{"Fund"}}},
	} {
		if _, _, err := decodeEdgeMap(v, true); err == nil {
			t.Errorf("decodeEdgeMap(%v) accepted it with a neighbour asked for", v)
		}
	}
}

func record(keys []string, values ...any) *neo4j.Record {
	return &neo4j.Record{Keys: keys, Values: values}
}

func TestDecodeRecords(t *testing.T) {
	g := sampleGraph()
	project, org := g.Nodes[0], g.Nodes[1]

	t.Run("edge pages", func(t *testing.T) {
		keys := []string{"id", "total", "edges"}
		pages, err := decodeEdgePages(edgeStatements[hanke.Incoming], []*neo4j.Record{
			record(keys, "project:sokra", int64(3), []any{storedEdge(g.Edges[0]), storedEdge(g.Edges[1])}),
			record(keys, "org:thl", int64(0), []any{}),
		}, false)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]hanke.EdgePage{
			"project:sokra": {Edges: g.Edges[:2], Total: 3},
			"org:thl":       {Total: 0},
		}
		if !reflect.DeepEqual(pages, want) {
			t.Errorf("got %#v, want %#v", pages, want)
		}
	})

	t.Run("edge pages with neighbours", func(t *testing.T) {
		e := storedEdge(g.Edges[0])
		e["neighbour"] = storedNode(t, org)
		pages, err := decodeEdgePages(edgeStatements[hanke.Incoming], []*neo4j.Record{
			record([]string{"id", "total", "edges"}, "project:sokra", int64(1), []any{e}),
		}, true)
		if err != nil {
			t.Fatal(err)
		}
		want := hanke.EdgePage{Edges: g.Edges[:1], Neighbours: []hanke.Node{org}, Total: 1}
		if !reflect.DeepEqual(pages["project:sokra"], want) {
			t.Errorf("got %#v, want %#v", pages["project:sokra"], want)
		}
	})

	t.Run("page", func(t *testing.T) {
		st := projectStatements[pageVariant{order: hanke.OrderByName}]
		keys := []string{"total", "page"}
		nodes, total, err := decodePage(st, []*neo4j.Record{record(keys, int64(7), []any{storedNode(t, project)})})
		if err != nil || total != 7 || len(nodes) != 1 || !reflect.DeepEqual(nodes[0], project) {
			t.Errorf("got %v, %d, %v", nodes, total, err)
		}
		nodes, total, err = decodePage(st, []*neo4j.Record{record(keys, int64(7), []any{})})
		if err != nil || total != 7 || nodes != nil {
			t.Errorf("a page past the end: got %v, %d, %v", nodes, total, err)
		}
		if _, _, err := decodePage(st, []*neo4j.Record{record(keys, int64(1), []any{"project:x"})}); err == nil {
			t.Error("a page of strings is accepted")
		}
		if _, _, err := decodePage(st, nil); err == nil {
			t.Error("no record is accepted")
		}
	})

	t.Run("hits", func(t *testing.T) {
		keys := []string{"node", "score"}
		hits, err := decodeHits([]*neo4j.Record{record(keys, storedNode(t, org), 2.5), record(keys, storedNode(t, project), 0.5)})
		want := []hanke.SearchHit{{Node: org, Score: 2.5}, {Node: project, Score: 0.5}}
		if err != nil || !reflect.DeepEqual(hits, want) {
			t.Errorf("got %v, %v", hits, err)
		}
		if _, err := decodeHits([]*neo4j.Record{record(keys, storedNode(t, org), int64(2))}); err == nil {
			t.Error("an integer score is accepted")
		}
	})

	t.Run("classifications", func(t *testing.T) {
		keys := []string{"key", "projects", "label"}
		got, err := decodeClassifications([]*neo4j.Record{
			record(keys, "kohesio-category-of-intervention-2014-2020\x1f109", int64(12), "Active inclusion"),
			record(keys, "kohesio-policy-objective\x1fPO4", int64(3), ""),
		})
		want := []hanke.ClassificationCount{
			{Classification: hanke.Classification{Scheme: "kohesio-category-of-intervention-2014-2020", Code: "109", Label: "Active inclusion"}, Projects: 12},
			{Classification: hanke.Classification{Scheme: "kohesio-policy-objective", Code: "PO4"}, Projects: 3},
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, %v", got, err)
		}
		if _, err := decodeClassifications([]*neo4j.Record{record(keys, "k", 1.5, "")}); err == nil {
			t.Error("a fractional count is accepted")
		}
	})

	t.Run("snapshot", func(t *testing.T) {
		keys := []string{"node", "rel", "from", "to"}
		e := g.Edges[0]
		edge := storedEdge(e)
		got, err := decodeSnapshot([]*neo4j.Record{
			record(keys, storedNode(t, project), nil, nil, nil),
			record(keys, nil, edge["rel"], e.From, e.To),
			record(keys, storedNode(t, org), nil, nil, nil),
		})
		if err != nil {
			t.Fatal(err)
		}
		want := &hanke.Graph{Nodes: []hanke.Node{org, project}, Edges: []hanke.Edge{e}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v, want %#v", got, want)
		}
	})
}

// TestIDStream: ProjectIDs hands each id to fn once, also when the driver
// retries the transaction and the ids come again, and stops at fn's error.
func TestIDStream(t *testing.T) {
	var got []string
	stream := &idStream{st: projectIDStatements[false], fn: func(id string) error {
		got = append(got, id)
		return nil
	}}
	keys := []string{"id"}
	for _, id := range []string{"project:a", "project:b"} {
		if err := stream.Accept(record(keys, id)); err != nil {
			t.Fatal(err)
		}
	}
	// The driver retries: the transaction runs again from the start.
	for _, id := range []string{"project:a", "project:b", "project:c"} {
		if err := stream.Accept(record(keys, id)); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"project:a", "project:b", "project:c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}

	stop := errors.New("enough")
	stream = &idStream{st: projectIDStatements[false], fn: func(string) error { return stop }}
	var caller callerError
	if err := stream.Accept(record(keys, "project:a")); !errors.As(err, &caller) || caller.err != stop {
		t.Errorf("fn's error came back as %v", err)
	}
}
