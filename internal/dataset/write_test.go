package dataset

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The built-in dataset written out reads back as the same graph.
func TestWriteRoundTrips(t *testing.T) {
	g, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := Write(&file, g); err != nil {
		t.Fatal(err)
	}
	regions, err := welfareRegions()
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(&hanke.Graph{Nodes: regions})
	if err := b.Add("written.jsonl", bytes.NewReader(file.Bytes())); err != nil {
		t.Fatal(err)
	}
	back := b.Graph()
	if len(back.Nodes) != len(g.Nodes) || len(back.Edges) != len(g.Edges) {
		t.Fatalf("nodes %d→%d, edges %d→%d", len(g.Nodes), len(back.Nodes), len(g.Edges), len(back.Edges))
	}
	for i := range g.Nodes {
		want, _ := json.Marshal(g.Nodes[i])
		got, _ := json.Marshal(back.Nodes[i])
		if !bytes.Equal(got, want) || g.Nodes[i].NodeLabel() != back.Nodes[i].NodeLabel() {
			t.Errorf("node %d changed:\n got  %s\n want %s", i, got, want)
		}
	}
	for i := range g.Edges {
		want, _ := json.Marshal(g.Edges[i])
		got, _ := json.Marshal(back.Edges[i])
		if !bytes.Equal(got, want) {
			t.Errorf("edge %d changed:\n got  %s\n want %s", i, got, want)
		}
	}
}

// A written file of new records is what Load takes on top of the built-in dataset.
func TestWrittenFilesLoad(t *testing.T) {
	src := []string{"source:new"}
	g := &hanke.Graph{
		Nodes: []hanke.Node{
			&hanke.Source{Base: hanke.Base{ID: "source:new", Names: hanke.LocalizedText{En: "New"}}},
			&hanke.Project{Base: hanke.Base{ID: "project:new", Names: hanke.LocalizedText{Fi: "Uusi \"hanke\"\nrivit"}, Sources: src, Synthetic: true}, Kind: hanke.KindDevelopmentProject},
		},
		Edges: []hanke.Edge{{Type: hanke.RelOperatesIn, From: "project:new", To: "region:91", Sources: src, Synthetic: true}},
	}
	path := filepath.Join(t.TempDir(), "new.jsonl")
	var file bytes.Buffer
	if err := Write(&file, g); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, file.Bytes(), 0o644)
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	last := loaded.Nodes[len(loaded.Nodes)-1].(*hanke.Project)
	if last.Names.Fi != "Uusi \"hanke\"\nrivit" || !last.Synthetic || !loaded.Edges[len(loaded.Edges)-1].Synthetic {
		t.Errorf("got %+v", last)
	}
}
