package network

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// testStore is the part of a hanke.Store that an Analyzer uses, over a graph
// in memory: Snapshot, Version, and ProjectIDs with a filter on kinds only.
type testStore struct {
	hanke.Store // the methods the Analyzer does not call; calling one panics

	mu      sync.Mutex
	graph   *hanke.Graph
	version int

	snapshots atomic.Int32
	// down, when set, is the error of every call.
	down error
	// gate, when set, holds every Snapshot until it is closed.
	gate chan struct{}
}

func newTestStore(g *hanke.Graph) *testStore { return &testStore{graph: g} }

// replace swaps the graph, as a Load would.
func (s *testStore) replace(g *hanke.Graph) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.graph = g
	s.version++
}

func (s *testStore) Version(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down != nil {
		return "", s.down
	}
	return strconv.Itoa(s.version), nil
}

func (s *testStore) Snapshot(context.Context) (*hanke.Graph, error) {
	s.snapshots.Add(1)
	if s.gate != nil {
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.graph, nil
}

// ProjectIDs lists the projects of the kinds asked for, by id.
func (s *testStore) ProjectIDs(_ context.Context, f hanke.ProjectFilter, fn func(id string) error) error {
	kinds := f.Kinds
	f.Kinds = nil
	if !reflect.ValueOf(f).IsZero() {
		return errors.New("testStore filters projects by kind only")
	}
	s.mu.Lock()
	var ids []string
	for _, n := range s.graph.Nodes {
		if p, ok := n.(*hanke.Project); ok && (len(kinds) == 0 || slices.Contains(kinds, p.Kind)) {
			ids = append(ids, p.ID)
		}
	}
	s.mu.Unlock()
	slices.Sort(ids)
	for _, id := range ids {
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}
