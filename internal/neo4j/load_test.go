package neo4j

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

func TestLoadBatches(t *testing.T) {
	g := sampleGraph()
	batches, outside, err := loadBatches(g)
	if err != nil {
		t.Fatal(err)
	}
	if len(outside) != 0 {
		t.Errorf("the sample's edges name nodes outside it: %v", outside)
	}
	// Nodes first, by label, then one batch per kind of edge.
	if len(batches) != len(g.Nodes)+len(g.Edges) {
		t.Fatalf("got %d batches, want %d", len(batches), len(g.Nodes)+len(g.Edges))
	}
	for i, l := range hanke.Labels {
		if batches[i].st != loadNodeStatements[l] {
			t.Errorf("batch %d runs %s, want %s", i, batches[i].st.Name, loadNodeStatements[l].Name)
		}
	}
	project := batches[0].rows[0]
	props, _ := nodeProperties(g.Nodes[0])
	if project["id"] != "project:sokra" || !reflect.DeepEqual(project["props"], props) {
		t.Errorf("a node's row: %v", project)
	}
	implements := batches[len(hanke.Labels)]
	if implements.st != loadEdgeStatements[edgeKind{hanke.RelImplements, hanke.LabelOrganisation, hanke.LabelProject}] {
		t.Errorf("the first edge batch runs %s", implements.st.Name)
	}
	if row := implements.rows[0]; row["from"] != "org:thl" || row["to"] != "project:sokra" || !reflect.DeepEqual(row["props"], edgeProperties(g.Edges[0])) {
		t.Errorf("an edge's row: %v", row)
	}
}

func TestLoadBatchesAreBounded(t *testing.T) {
	g := &hanke.Graph{}
	for i := range 2*loadBatchSize + 500 {
		g.Nodes = append(g.Nodes, &hanke.Fund{Base: hanke.Base{ID: fmt.Sprintf("fund:f%d", i)}})
	}
	batches, _, err := loadBatches(g)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, b := range batches {
		sizes = append(sizes, len(b.rows))
	}
	if !reflect.DeepEqual(sizes, []int{loadBatchSize, loadBatchSize, 500}) {
		t.Errorf("batch sizes %v", sizes)
	}
}

func TestLoadBatchesListNodesOutsideTheGraph(t *testing.T) {
	g := &hanke.Graph{
		Nodes: []hanke.Node{&hanke.Project{Base: hanke.Base{ID: "project:new"}}},
		Edges: []hanke.Edge{
			{Type: hanke.RelImplements, From: "org:stored", To: "project:new", Role: hanke.RoleLead},
			{Type: hanke.RelTargets, From: "project:new", To: "sector:stored"},
		},
	}
	_, outside, err := loadBatches(g)
	if err != nil {
		t.Fatal(err)
	}
	if len(outside) != 2 || outside["org:stored"].Type != hanke.RelImplements || outside["sector:stored"].Type != hanke.RelTargets {
		t.Errorf("outside: %v", outside)
	}
}

// TestLoadBatchesRefuseBeforeWriting: what can be checked without the
// database is refused before the first write, as bad input.
func TestLoadBatchesRefuseBeforeWriting(t *testing.T) {
	for name, g := range map[string]*hanke.Graph{
		"an id of another label's prefix": {Nodes: []hanke.Node{&hanke.Project{Base: hanke.Base{ID: "org:x"}}}},
		"an id of no label":               {Nodes: []hanke.Node{&hanke.Fund{Base: hanke.Base{ID: "x"}}}},
		"a partial date":                  {Nodes: []hanke.Node{&hanke.Project{Base: hanke.Base{ID: "project:x"}, EndDate: "2024-05"}}},
		"a type between the wrong labels": {Edges: []hanke.Edge{{Type: hanke.RelTargets, From: "org:x", To: "project:y"}}},
		"an unknown type":                 {Edges: []hanke.Edge{{Type: "KNOWS", From: "org:x", To: "org:y"}}},
		"an edge end of no label":         {Edges: []hanke.Edge{{Type: hanke.RelTargets, From: "project:x", To: "y"}}},
	} {
		if _, _, err := loadBatches(g); hanke.ErrorCode(err) != hanke.ECodeInvalid {
			t.Errorf("%s: got %v, want %s", name, err, hanke.ECodeInvalid)
		}
	}
}
