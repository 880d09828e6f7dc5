package storetest

import (
	"context"
	"testing"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Embedded is a new embedded store holding g, for the tests of the code
// above the store port.
func Embedded(t testing.TB, g *hanke.Graph) *embedded.Store {
	t.Helper()
	s := embedded.New()
	if _, err := s.Load(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	return s
}

// Builtin is a new embedded store holding the built-in dataset.
func Builtin(t testing.TB) *embedded.Store {
	t.Helper()
	g, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return Embedded(t, g)
}
