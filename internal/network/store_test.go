package network

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// testStore is the part of a hanke.Store that an Analyzer uses, over a graph
// in memory: Nodes, Edges without roles or pages, Snapshot, Version, and
// ProjectIDs with a filter on kinds only.
type testStore struct {
	hanke.Store // the methods the Analyzer does not call; calling one panics

	mu      sync.Mutex
	graph   *hanke.Graph
	version int

	snapshots atomic.Int32
	// calls counts the calls of Nodes and Edges.
	calls atomic.Int32
	// down, when set, is the error of every call.
	down error
	// gate, when set, holds every Snapshot until it is closed.
	gate chan struct{}
	// afterEdges, when set, runs after every Edges call, as a change to
	// the store between a walk's calls would.
	afterEdges func()
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

func (s *testStore) Nodes(_ context.Context, ids []string) ([]hanke.Node, error) {
	s.calls.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down != nil {
		return nil, s.down
	}
	out := make([]hanke.Node, len(ids))
	for i, id := range ids {
		out[i] = s.node(id)
	}
	return out, nil
}

// Edges pages each node's edges in the port's order: by type, then by the
// other end's id.
func (s *testStore) Edges(_ context.Context, q hanke.EdgeQuery) ([]hanke.EdgePage, error) {
	if q.Role != "" || q.Offset != 0 || q.Limit != 0 {
		return nil, errors.New("testStore neither filters edges by role nor pages them")
	}
	s.calls.Add(1)
	if s.afterEdges != nil {
		defer s.afterEdges()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down != nil {
		return nil, s.down
	}
	out := make([]hanke.EdgePage, len(q.IDs))
	for i, id := range q.IDs {
		var page []hanke.Edge
		for _, e := range s.graph.Edges {
			out := e.From == id && q.Direction != hanke.Incoming
			in := e.To == id && q.Direction != hanke.Outgoing
			if (out || in) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) {
				page = append(page, e)
			}
		}
		slices.SortFunc(page, func(x, y hanke.Edge) int {
			return cmp.Or(strings.Compare(string(x.Type), string(y.Type)), strings.Compare(x.Other(id), y.Other(id)))
		})
		out[i] = hanke.EdgePage{Edges: page, Total: len(page)}
		if q.Neighbours {
			for _, e := range page {
				out[i].Neighbours = append(out[i].Neighbours, s.node(e.Other(id)))
			}
		}
	}
	return out, nil
}

// node is the node with the id, or nil.
func (s *testStore) node(id string) hanke.Node {
	for _, n := range s.graph.Nodes {
		if n.NodeID() == id {
			return n
		}
	}
	return nil
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
