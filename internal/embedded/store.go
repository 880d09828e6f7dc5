// Package embedded is the in-memory store: the default, needing no server.
// The graph is held as an immutable snapshot — nodes in a slice, adjacency
// lists of edge positions, presorted orders and a text index — that Load
// rebuilds and swaps in whole, so readers never lock and never see half a load.
package embedded

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/textsearch"
)

// Store is the embedded store. The zero value is not usable; call New.
type Store struct {
	state   atomic.Pointer[state]
	loading sync.Mutex // one Load at a time
	version atomic.Uint64
}

var _ hanke.Store = (*Store)(nil)

// New makes an empty store.
func New() *Store {
	s := &Store{}
	s.state.Store(build(nil, nil))
	return s
}

// state is one immutable snapshot of the graph.
type state struct {
	nodes    []hanke.Node
	position map[string]int32
	edges    []hanke.Edge
	// links are the edges in node positions, in the same order: filters
	// follow relationships through them rather than looking ends up by id.
	links   []link
	out, in [][]int32 // edge positions per node position, by type and other end's id
	byLabel map[hanke.Label][]int32
	// projectIDs are the ids of byLabel[LabelProject], in that order (by
	// id), in one string: ProjectIDs reads them in sequence.
	projectIDs []string
	// projectOrder holds project positions in each order; nodes without a value last.
	projectOrder map[hanke.ProjectOrderField][]int32
	orgOrder     []int32
	text         *textsearch.Index
}

// Load merges g into the store (see hanke.Store.Load).
func (s *Store) Load(ctx context.Context, g *hanke.Graph) (hanke.LoadStats, error) {
	s.loading.Lock()
	defer s.loading.Unlock()
	old := s.state.Load()
	nodes := append(slices.Clip(old.nodes), g.Nodes...)
	edges := append(slices.Clip(old.edges), g.Edges...)
	next := build(dedupeNodes(nodes), dedupeEdges(edges))
	for _, e := range g.Edges {
		for _, id := range []string{e.From, e.To} {
			if _, ok := next.position[id]; !ok {
				return hanke.LoadStats{}, hanke.Errorf(hanke.ECodeInvalid, "relationship %s names unknown node %q", e.ID(), id)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return hanke.LoadStats{}, err
	}
	s.state.Store(next)
	s.version.Add(1)
	return hanke.LoadStats{Nodes: len(g.Nodes), Edges: len(g.Edges)}, nil
}

// dedupeNodes keeps the last node given for each id, at the place of the first.
func dedupeNodes(nodes []hanke.Node) []hanke.Node {
	at := make(map[string]int, len(nodes))
	out := make([]hanke.Node, 0, len(nodes))
	for _, n := range nodes {
		if i, ok := at[n.NodeID()]; ok {
			out[i] = n
			continue
		}
		at[n.NodeID()] = len(out)
		out = append(out, n)
	}
	return out
}

func dedupeEdges(edges []hanke.Edge) []hanke.Edge {
	at := make(map[string]int, len(edges))
	out := make([]hanke.Edge, 0, len(edges))
	for _, e := range edges {
		if i, ok := at[e.ID()]; ok {
			out[i] = e
			continue
		}
		at[e.ID()] = len(out)
		out = append(out, e)
	}
	return out
}

func build(nodes []hanke.Node, edges []hanke.Edge) *state {
	st := &state{
		nodes:    nodes,
		position: make(map[string]int32, len(nodes)),
		out:      make([][]int32, len(nodes)),
		in:       make([][]int32, len(nodes)),
		byLabel:  map[hanke.Label][]int32{},
		text:     textsearch.NewIndex(),
	}
	for i, n := range nodes {
		st.position[n.NodeID()] = int32(i)
		st.byLabel[n.NodeLabel()] = append(st.byLabel[n.NodeLabel()], int32(i))
		if n.NodeLabel() != hanke.LabelSource {
			st.text.Add(int32(i), searchFields(n)...)
		}
	}
	st.text.Seal()
	for _, e := range edges {
		from, okFrom := st.position[e.From]
		to, okTo := st.position[e.To]
		if !okFrom || !okTo {
			continue // Load refuses such a graph before it is used
		}
		st.edges = append(st.edges, e)
		st.links = append(st.links, link{from: from, to: to, rel: relIndex[e.Type]})
		st.out[from] = append(st.out[from], int32(len(st.edges)-1))
		st.in[to] = append(st.in[to], int32(len(st.edges)-1))
	}
	for pos := range nodes {
		st.sortAdjacency(st.out[pos], func(e hanke.Edge) string { return e.To })
		st.sortAdjacency(st.in[pos], func(e hanke.Edge) string { return e.From })
	}
	for _, positions := range st.byLabel {
		slices.SortFunc(positions, func(a, b int32) int { return strings.Compare(nodes[a].NodeID(), nodes[b].NodeID()) })
	}
	st.projectIDs = contiguous(st.byLabel[hanke.LabelProject], nodes)
	st.projectOrder = map[hanke.ProjectOrderField][]int32{}
	for field, key := range projectOrderKeys {
		st.projectOrder[field] = st.sortedBy(st.byLabel[hanke.LabelProject], key)
	}
	st.orgOrder = st.sortedBy(st.byLabel[hanke.LabelOrganisation], func(n hanke.Node) string { return hanke.SortName(n) })
	return st
}

// link is an edge in node positions, its type as an index in hanke.AllRelTypes.
type link struct {
	from, to int32
	rel      uint8
}

// relIndex is each relationship type's index in hanke.AllRelTypes.
var relIndex = func() map[hanke.RelType]uint8 {
	m := make(map[hanke.RelType]uint8, len(hanke.AllRelTypes))
	for i, t := range hanke.AllRelTypes {
		m[t] = uint8(i)
	}
	return m
}()

// contiguous is the ids of the nodes at positions, copied in order into one
// string, so that reading them in order reads memory in sequence rather
// than wherever each node's id was allocated.
func contiguous(positions []int32, nodes []hanke.Node) []string {
	var all strings.Builder
	for _, p := range positions {
		all.WriteString(nodes[p].NodeID())
	}
	text, at := all.String(), 0
	out := make([]string, len(positions))
	for i, p := range positions {
		n := len(nodes[p].NodeID())
		out[i], at = text[at:at+n], at+n
	}
	return out
}

func (st *state) sortAdjacency(list []int32, other func(hanke.Edge) string) {
	slices.SortFunc(list, func(a, b int32) int {
		ea, eb := st.edges[a], st.edges[b]
		if c := strings.Compare(string(ea.Type), string(eb.Type)); c != 0 {
			return c
		}
		return strings.Compare(other(ea), other(eb))
	})
}

// sortedBy orders positions by key and then id, with empty keys last.
func (st *state) sortedBy(positions []int32, key func(hanke.Node) string) []int32 {
	out := slices.Clone(positions)
	keys := make(map[int32]string, len(out))
	for _, p := range out {
		keys[p] = key(st.nodes[p])
	}
	slices.SortFunc(out, func(a, b int32) int {
		ka, kb := keys[a], keys[b]
		if (ka == "") != (kb == "") {
			if ka == "" {
				return 1
			}
			return -1
		}
		if c := strings.Compare(ka, kb); c != 0 {
			return c
		}
		return strings.Compare(st.nodes[a].NodeID(), st.nodes[b].NodeID())
	})
	return out
}

// projectOrderKeys give each order's sort key; budgets are zero-padded so
// that they sort as strings.
var projectOrderKeys = map[hanke.ProjectOrderField]func(hanke.Node) string{
	hanke.OrderByName:      func(n hanke.Node) string { return hanke.SortName(n) },
	hanke.OrderByStartDate: func(n hanke.Node) string { return n.(*hanke.Project).StartDate },
	hanke.OrderByEndDate:   func(n hanke.Node) string { return n.(*hanke.Project).EndDate },
	hanke.OrderByTotalBudget: func(n hanke.Node) string {
		if b := n.(*hanke.Project).TotalBudgetEur; b != nil {
			return fmt.Sprintf("%020.2f", *b)
		}
		return ""
	},
}

// searchFields are the texts a node is found by, names weighing more than summaries.
func searchFields(n hanke.Node) []textsearch.Field {
	var fields []textsearch.Field
	add := func(t hanke.LocalizedText, boost float64) {
		fields = append(fields,
			textsearch.Field{Text: t.Fi, Lang: textsearch.Finnish, Boost: boost},
			textsearch.Field{Text: t.Sv, Lang: textsearch.Swedish, Boost: boost},
			textsearch.Field{Text: t.En, Lang: textsearch.English, Boost: boost})
	}
	add(n.NodeNames(), 2)
	switch n := n.(type) {
	case *hanke.Project:
		fields = append(fields, textsearch.Field{Text: n.Acronym, Lang: textsearch.Any, Boost: 3})
		add(n.Summary, 1)
	case *hanke.Organisation:
		fields = append(fields, textsearch.Field{Text: n.Acronym + " " + strings.Join(n.AltNames, " "), Lang: textsearch.Any, Boost: 2})
	case *hanke.Fund:
		fields = append(fields, textsearch.Field{Text: n.Acronym, Lang: textsearch.Any, Boost: 2})
	}
	return fields
}

// Nodes looks nodes up by id.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	st := s.state.Load()
	out := make([]hanke.Node, len(ids))
	for i, id := range ids {
		if p, ok := st.position[id]; ok {
			out[i] = st.nodes[p]
		}
	}
	return out, nil
}

// Edges expands the relationships of each node.
func (s *Store) Edges(ctx context.Context, q hanke.EdgeQuery) ([]hanke.EdgePage, error) {
	st := s.state.Load()
	out := make([]hanke.EdgePage, len(q.IDs))
	for i, id := range q.IDs {
		p, ok := st.position[id]
		if !ok {
			continue
		}
		var matching []hanke.Edge
		for _, list := range st.adjacency(p, q.Direction) {
			for _, ep := range list {
				e := st.edges[ep]
				if (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) && (q.Role == "" || e.Role == q.Role) {
					matching = append(matching, e)
				}
			}
		}
		if q.Direction == hanke.Both {
			st.sortEdgesAround(matching, id)
		}
		out[i] = hanke.EdgePage{Edges: window(matching, q.Offset, q.Limit), Total: len(matching)}
	}
	return out, nil
}

func (st *state) adjacency(p int32, d hanke.Direction) [][]int32 {
	switch d {
	case hanke.Outgoing:
		return [][]int32{st.out[p]}
	case hanke.Incoming:
		return [][]int32{st.in[p]}
	default:
		return [][]int32{st.out[p], st.in[p]}
	}
}

// sortEdgesAround orders a node's edges in both directions by type and the other end's id.
func (st *state) sortEdgesAround(edges []hanke.Edge, id string) {
	slices.SortFunc(edges, func(a, b hanke.Edge) int {
		if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
			return c
		}
		return strings.Compare(a.Other(id), b.Other(id))
	})
}

// window is the page [offset, offset+limit) of items; limit 0 means to the end.
func window[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return nil
	}
	items = items[offset:]
	if limit > 0 && limit < len(items) {
		items = items[:limit]
	}
	return items
}

// All lists the nodes of a label, by id.
func (s *Store) All(ctx context.Context, label hanke.Label) ([]hanke.Node, error) {
	st := s.state.Load()
	positions := st.byLabel[label]
	out := make([]hanke.Node, len(positions))
	for i, p := range positions {
		out[i] = st.nodes[p]
	}
	return out, nil
}

// Search ranks nodes by how well their texts match.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]hanke.SearchHit, error) {
	st := s.state.Load()
	hits := st.text.Search(text, limit)
	out := make([]hanke.SearchHit, len(hits))
	for i, h := range hits {
		out[i] = hanke.SearchHit{Node: st.nodes[h.Doc], Score: h.Score}
	}
	return out, nil
}

// Snapshot is the whole graph.
func (s *Store) Snapshot(ctx context.Context) (*hanke.Graph, error) {
	st := s.state.Load()
	return &hanke.Graph{Nodes: slices.Clone(st.nodes), Edges: slices.Clone(st.edges)}, nil
}

// Version counts the loads.
func (s *Store) Version(ctx context.Context) (string, error) {
	return strconv.FormatUint(s.version.Load(), 10), nil
}

// Ping always answers: the store is in this process.
func (s *Store) Ping(ctx context.Context) error { return nil }
