package network

import (
	"bytes"
	"context"
	"encoding/xml"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/formats/gexf12"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

// The acceptance facts, on the built-in dataset.

// builtinAnalyzer analyses the built-in dataset in the embedded store, so that
// project filters mean what the service means by them.
func builtinAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	return NewAnalyzer(storetest.Builtin(t), DefaultLimits)
}

func TestBuiltinPathThroughSharedSteeringGroup(t *testing.T) {
	s, err := builtinAnalyzer(t).ShortestPath(context.Background(), "org:thl", "org:sos-lapsikyla", 4, nil)
	if err != nil || s == nil {
		t.Fatalf("path %v, %v", s, err)
	}
	want := []string{
		"org:thl",
		"project:yhdenvertaisen-osallisuuden-koordinaatio",
		"project:lnp-osallisuuden-koordinaatio",
		"org:sos-lapsikyla",
	}
	if !slices.Equal(ids(s.Nodes), want) {
		t.Errorf("path %v, want %v", ids(s.Nodes), want)
	}
	cooperation := edge("project:lnp-osallisuuden-koordinaatio", hanke.RelCooperatesWith, "project:yhdenvertaisen-osallisuuden-koordinaatio").ID()
	if !slices.Contains(edgeIDs(s.Edges), cooperation) {
		t.Errorf("edges %v lack %s", edgeIDs(s.Edges), cooperation)
	}
}

func TestBuiltinLineage(t *testing.T) {
	got, err := builtinAnalyzer(t).Lineage(context.Background(), "project:osallisuuden-tuki-ja-koordinaatio")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"project:sokra", "project:solmu", "project:osuma", "project:valtava"} {
		if !slices.Contains(ids(got), id) {
			t.Errorf("lineage %v lacks %s", ids(got), id)
		}
	}
	if !slices.IsSortedFunc(got, func(x, y *hanke.Project) int { return compareDates(x.StartDate, y.StartDate) }) {
		t.Errorf("lineage %v is not oldest first", ids(got))
	}
}

func TestBuiltinCollaboration(t *testing.T) {
	a := builtinAnalyzer(t)
	ctx := context.Background()
	c, err := a.CollaborationNetwork(ctx, hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(c.Links, func(l Link) bool { return l.A.ID == "org:diak" && l.B.ID == "org:thl" })
	if i < 0 || !slices.Contains(ids(c.Links[i].Projects), "project:sokra") {
		t.Fatalf("org:diak and org:thl are not linked through project:sokra: %v", links(c))
	}

	// The filter goes through the store: THL's projects.
	c, err = a.CollaborationNetwork(ctx, hanke.ProjectFilter{Implementers: []string{"org:thl"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := links(c); !slices.Equal(got, []string{"org:diak org:thl 1"}) {
		t.Errorf("links among THL's projects %v, want org:diak–org:thl only", got)
	}

	comm, err := a.Communities(ctx, hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	together := slices.ContainsFunc(comm.Groups, func(g Community) bool {
		m := ids(g.Members)
		return slices.Contains(m, "org:diak") && slices.Contains(m, "org:thl")
	})
	if !together || comm.Modularity <= 0 {
		t.Errorf("communities %v (Q %v): want org:diak and org:thl together", comm.Groups, comm.Modularity)
	}
}

// TestBuiltinExport writes the whole knowledge graph, whose names have every
// character the sources use, and reads it back.
func TestBuiltinExport(t *testing.T) {
	s, err := builtinAnalyzer(t).KnowledgeGraph(context.Background(), hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	table := s.Table()
	var buf bytes.Buffer
	if err := WriteGEXF(&buf, table); err != nil {
		t.Fatal(err)
	}
	var doc gexf12.Content
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Graph.Nodes.Nodes) != len(s.Nodes) || len(doc.Graph.Edges.Edges) != len(s.Edges) {
		t.Errorf("read back %d nodes and %d edges, want %d and %d",
			len(doc.Graph.Nodes.Nodes), len(doc.Graph.Edges.Edges), len(s.Nodes), len(s.Edges))
	}
	for i, n := range doc.Graph.Nodes.Nodes {
		if n.Label != s.Nodes[i].Name() {
			t.Errorf("node %s has label %q, want %q", n.ID, n.Label, s.Nodes[i].Name())
		}
	}
}
