package dataset

import (
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Two edges whose hashes collide are both found, and either can go.
func TestEdgeIndexCollisions(t *testing.T) {
	edges := []hanke.Edge{
		{Type: hanke.RelImplements, From: "org:a", To: "project:x"},
		{Type: hanke.RelPartnerIn, From: "org:b", To: "project:y"},
	}
	a, b := keyOf(&edges[0]), keyOf(&edges[1])
	x := newEdgeIndex(0)
	x.put(a, 0)
	x.byHash[x.hash(b)] = 0 // as if b's hash were a's
	x.put(b, 1)
	for i, k := range []edgeKey{a, b} {
		if at, ok := x.find(edges, k); !ok || at != int32(i) {
			t.Errorf("%v: %d %v", k, at, ok)
		}
	}
	x.remove(b)
	if _, ok := x.find(edges, b); ok {
		t.Error("removed, yet found")
	}
	if at, ok := x.find(edges, a); !ok || at != 0 {
		t.Error("the other edge was lost")
	}
}
