package synthetic

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

func write(t *testing.T, g *hanke.Graph) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := dataset.Write(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTheSameSeedGivesTheSameGraph(t *testing.T) {
	a, b := write(t, Generate(300, 7)), write(t, Generate(300, 7))
	if !bytes.Equal(a, b) {
		t.Error("two graphs of one seed differ")
	}
	if bytes.Equal(a, write(t, Generate(300, 8))) {
		t.Error("another seed gives the same graph")
	}
}

// A generated graph is a valid dataset file on top of the built-in dataset,
// marked synthetic throughout, and touches none of the built-in nodes.
func TestAGeneratedGraphIsValidAndMarkedSynthetic(t *testing.T) {
	g := Generate(500, 1)
	base, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.NewBuilder(base).Add("synthetic.jsonl", bytes.NewReader(write(t, g))); err != nil {
		t.Fatal(err)
	}
	builtin := map[string]bool{}
	for _, n := range base.Nodes {
		builtin[n.NodeID()] = true
	}
	for _, n := range g.Nodes {
		if builtin[n.NodeID()] || !strings.Contains(n.NodeID(), "synthetic") || !isSynthetic(n) {
			t.Fatalf("%s is not marked synthetic or is a built-in node", n.NodeID())
		}
		if n.NodeLabel() != hanke.LabelSource && !slices.Equal(n.SourceIDs(), []string{SourceID}) {
			t.Fatalf("%s cites %v", n.NodeID(), n.SourceIDs())
		}
	}
	for _, e := range g.Edges {
		if !e.Synthetic || !slices.Equal(e.Sources, []string{SourceID}) {
			t.Fatalf("%s is not marked synthetic", e.ID())
		}
	}
}

// isSynthetic reads the node's mark as the dataset format has it.
func isSynthetic(n hanke.Node) bool {
	text, _ := json.Marshal(n)
	return bytes.Contains(text, []byte(`"synthetic":true`))
}

// The graph has the real record's shape: 1–5 implementers with one lead,
// 0–4 partners, heavy-tailed organisations, every region and period used.
func TestTheShapeIsLikeTheRealRecord(t *testing.T) {
	const projects = 20000
	g := Generate(projects, 1)
	implementers, partners, leads := map[string]int{}, map[string]int{}, map[string]int{}
	perOrg := map[string]int{}
	regions, programmes := map[string]int{}, map[string]int{}
	for _, e := range g.Edges {
		switch e.Type {
		case hanke.RelImplements:
			implementers[e.To]++
			perOrg[e.From]++
			if e.Role == hanke.RoleLead {
				leads[e.To]++
			}
		case hanke.RelPartnerIn:
			partners[e.To]++
			perOrg[e.From]++
		case hanke.RelOperatesIn:
			regions[e.To]++
		case hanke.RelFundedFrom:
			programmes[e.To]++
		}
	}
	for i := range projects {
		id := ProjectID(i)
		if implementers[id] < 1 || implementers[id] > 5 || partners[id] > 4 || leads[id] != 1 {
			t.Fatalf("%s: %d implementers (%d leads), %d partners", id, implementers[id], leads[id], partners[id])
		}
	}
	degrees := make([]int, 0, len(perOrg))
	for _, d := range perOrg {
		degrees = append(degrees, d)
	}
	slices.Sort(degrees)
	median, top := degrees[len(degrees)/2], degrees[len(degrees)-1]
	if median > 3 || top < 100 || top > projects/20 {
		t.Errorf("organisations should be heavy-tailed: median %d projects, most %d", median, top)
	}
	if len(regions) != 23 || regions["region:90"] < regions["region:91"]*5 {
		t.Errorf("regions: %v", regions)
	}
	if len(programmes) != 3 {
		t.Errorf("programmes: %v", programmes)
	}
	if n := Organisations(projects); len(perOrg) > n || n != projects/2 {
		t.Errorf("organisations: %d taking part of %d", len(perOrg), n)
	}
}
