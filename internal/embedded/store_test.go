package embedded_test

import (
	"context"
	"testing"

	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, g *hanke.Graph) hanke.Store {
		s := embedded.New()
		if _, err := s.Load(context.Background(), g); err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestLoadRefusesDanglingEdgesAndKeepsWhatItHad(t *testing.T) {
	ctx := context.Background()
	s := embedded.New()
	src := &hanke.Source{Base: hanke.Base{ID: "source:s", Names: hanke.LocalizedText{En: "S"}}}
	if _, err := s.Load(ctx, &hanke.Graph{Nodes: []hanke.Node{src}}); err != nil {
		t.Fatal(err)
	}
	bad := &hanke.Graph{Edges: []hanke.Edge{{Type: hanke.RelImplements, From: "org:x", To: "project:y", Role: hanke.RoleLead}}}
	if _, err := s.Load(ctx, bad); hanke.ErrorCode(err) != hanke.ECodeInvalid {
		t.Fatalf("got %v", err)
	}
	snap, _ := s.Snapshot(ctx)
	if len(snap.Nodes) != 1 || len(snap.Edges) != 0 {
		t.Errorf("a refused load changed the store: %d nodes %d edges", len(snap.Nodes), len(snap.Edges))
	}
}
