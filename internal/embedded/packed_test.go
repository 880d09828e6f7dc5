package embedded_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// The store keeps projects and organisations encoded; what it gives back
// must be what it was given, field by field, in every way a node is read.
func TestNodesComeBackAsTheyWereGiven(t *testing.T) {
	ctx := context.Background()
	builtin, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	zero, big := 0.0, 1234567.89
	odd := []hanke.Node{
		&hanke.Project{ // every field packed, a zero budget kept apart from none, a summary longer than a block
			Base:    hanke.Base{ID: "project:every-field", Names: hanke.LocalizedText{Fi: "Kaikki kentät – äö", Sv: "Alla fält", En: "Every field"}, Sources: []string{"source:a", "source:b"}},
			Acronym: "EF", Kind: hanke.KindCityProject, Summary: hanke.LocalizedText{Fi: strings.Repeat("pitkä ", 300000), En: "long"},
			StartDate: "2020-01-01", EndDate: "2021-12-31", Note: "note", TotalBudgetEur: &big, EUContributionEur: &zero,
			Identifiers:     []hanke.Identifier{{Scheme: "eura2014", Value: "S1"}, {Scheme: "kohesio", Value: "Q1"}},
			Classifications: []hanke.Classification{{Scheme: "kohesio-category-of-intervention", Code: "109", Label: "Active inclusion"}, {Scheme: "kohesio-policy-objective", Code: "PO4"}},
		},
		&hanke.Project{Base: hanke.Base{ID: "project:bare"}, Kind: hanke.KindCoordination},
		&hanke.Organisation{Base: hanke.Base{ID: "org:every-field", Names: hanke.LocalizedText{Fi: "Yhdistys ry"}, Sources: []string{"source:a"}, Synthetic: true},
			Acronym: "Y", Kind: hanke.OrgNGO, AltNames: []string{"Förening rf", "Association"}, BusinessID: "1234567-8"},
		&hanke.Source{Base: hanke.Base{ID: "source:a", Names: hanke.LocalizedText{En: "A"}}},
		&hanke.Source{Base: hanke.Base{ID: "source:b", Names: hanke.LocalizedText{En: "B"}}},
	}
	g := &hanke.Graph{Nodes: slices.Concat(builtin.Nodes, odd, synthetic.Generate(300, 1).Nodes), Edges: builtin.Edges}

	s := embedded.New()
	if _, err := s.Load(ctx, g); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	ids := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		want[n.NodeID()], ids[i] = asJSON(t, n), n.NodeID()
	}
	check := func(how string, nodes []hanke.Node) {
		t.Helper()
		for _, n := range nodes {
			if got := asJSON(t, n); got != want[n.NodeID()] {
				t.Errorf("%s %s:\n got %.300s\nwant %.300s", how, n.NodeID(), got, want[n.NodeID()])
			}
		}
	}
	nodes, _ := s.Nodes(ctx, append(ids, "project:none", ""))
	if unknown := nodes[len(ids):]; unknown[0] != nil || unknown[1] != nil {
		t.Errorf("unknown ids found: %v", unknown)
	}
	check("Nodes", nodes[:len(ids)])
	for _, label := range []hanke.Label{hanke.LabelProject, hanke.LabelOrganisation} {
		all, _ := s.All(ctx, label)
		check("All", all)
	}
	snap, _ := s.Snapshot(ctx)
	check("Snapshot", snap.Nodes)

	// A second load builds a new state from the packed one, packing a
	// project given again anew.
	if _, err := s.Load(ctx, &hanke.Graph{Nodes: odd[:1]}); err != nil {
		t.Fatal(err)
	}
	nodes, _ = s.Nodes(ctx, ids)
	check("Nodes after another load", nodes)
}

func asJSON(t *testing.T, n hanke.Node) string {
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
