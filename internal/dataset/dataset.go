// Package dataset reads and checks hankegraph's dataset files and holds the
// built-in dataset.
//
// A dataset file is JSON Lines: one record a line, each an object whose "type"
// is a node label (Project, Organisation, Sector, Fund, Programme, Source) or a
// relationship type (IMPLEMENTS, FUNDS, …). dataset.schema.json beside this
// file is the format's reference. Files are checked whole before anything is
// used: a file with one broken record is refused, and every problem is
// reported as file:line: reason.
package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// maxProblems caps how many problems one error lists; a file broken
// throughout says so in one line rather than a million.
const maxProblems = 50

// Problem is one thing wrong in a dataset file.
type Problem struct {
	File   string
	Line   int
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason) }

// Error lists the problems that made a file be refused.
type Error struct {
	Problems []Problem
	// More counts the problems left out past maxProblems.
	More int
}

func (e *Error) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	if e.More > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more problems", e.More))
	}
	return strings.Join(lines, "\n")
}

// Builder merges dataset files into one graph. A node or edge given again in
// a later file replaces the earlier one (by id), which is how a maintainer
// corrects data; within one file, giving an id twice is a mistake.
//
// A file's records go into the builder as they are read, and come out again
// if the file turns out to be broken, so that a file of millions of records
// is held once rather than once more while it is checked.
type Builder struct {
	nodes  []hanke.Node
	nodeAt map[string]int32 // a node's position in nodes, by id
	edges  []hanke.Edge
	edgeAt edgeIndex // an edge's position in edges
	// shared is set when Graph has handed the lists out: the next change in
	// place copies them first, so that a graph never changes under its holder.
	shared bool
	// sources interns lists of one source, which nearly every record has,
	// so that a million records share one.
	sources map[string][]string
}

// edgeKey identifies an edge as hanke.Edge.ID does, without building a string.
type edgeKey struct {
	t        hanke.RelType
	from, to string
}

func keyOf(e *hanke.Edge) edgeKey { return edgeKey{e.Type, e.From, e.To} }

// NewBuilder starts from a base graph, which may be nil.
func NewBuilder(base *hanke.Graph) *Builder {
	b := &Builder{nodeAt: map[string]int32{}, edgeAt: newEdgeIndex(0), sources: map[string][]string{}}
	if base != nil {
		for _, n := range base.Nodes {
			b.putNode(n)
		}
		for _, e := range base.Edges {
			b.putEdge(e)
		}
	}
	return b
}

// Graph is everything added so far, nodes and edges in the order first given.
func (b *Builder) Graph() *hanke.Graph {
	b.shared = true
	return &hanke.Graph{Nodes: slices.Clip(b.nodes), Edges: slices.Clip(b.edges)}
}

// unshare copies the lists before a change in place, if Graph handed them out.
func (b *Builder) unshare() {
	if b.shared {
		b.nodes, b.edges, b.shared = slices.Clone(b.nodes), slices.Clone(b.edges), false
	}
}

// putNode adds n, or puts it in place of the node with its id; it returns
// the node replaced (nil for none) and n's position.
func (b *Builder) putNode(n hanke.Node) (hanke.Node, int32) {
	if at, ok := b.nodeAt[n.NodeID()]; ok {
		b.unshare()
		old := b.nodes[at]
		b.nodes[at] = n
		return old, at
	}
	at := int32(len(b.nodes))
	b.nodeAt[n.NodeID()] = at
	b.nodes = append(b.nodes, n)
	return nil, at
}

// putEdge is putNode for edges; replaced is false when e is new.
func (b *Builder) putEdge(e hanke.Edge) (old hanke.Edge, replaced bool, at int32) {
	at, found := b.edgeAt.find(b.edges, keyOf(&e))
	return b.putEdgeAt(e, at, found)
}

// putEdgeAt is putEdge for an edge already looked for: found tells whether
// it is in the builder, at where.
func (b *Builder) putEdgeAt(e hanke.Edge, at int32, found bool) (old hanke.Edge, replaced bool, _ int32) {
	if found {
		b.unshare()
		old = b.edges[at]
		b.edges[at] = e
		return old, true, at
	}
	at = int32(len(b.edges))
	b.edgeAt.put(keyOf(&e), at)
	b.edges = append(b.edges, e)
	return hanke.Edge{}, false, at
}

// node finds a node the builder holds, the file being read's included.
func (b *Builder) node(id string) (hanke.Node, bool) {
	at, ok := b.nodeAt[id]
	if !ok {
		return nil, false
	}
	return b.nodes[at], true
}

// ownID is the id of the node named id when the builder has it, else a copy
// of id: an edge's ends may be views of the text of the file being read
// (decodePlainEdge), and a million projects' edges would otherwise hold
// sixteen million copies of their ids until the file's references are checked.
func (b *Builder) ownID(id string) string {
	if at, ok := b.nodeAt[id]; ok {
		return b.nodes[at].NodeID()
	}
	return strings.Clone(id)
}

// sourceList interns a list of one source.
func (b *Builder) sourceList(list []string) []string {
	if len(list) != 1 {
		return list
	}
	if shared, ok := b.sources[list[0]]; ok {
		return shared
	}
	b.sources[list[0]] = list
	return list
}

// bytesPerEdge is about how long a relationship record is (Write's run
// 150–250 bytes), for guessing how many a file holds.
const bytesPerEdge = 200

// AddFile reads one dataset file; see Add.
func (b *Builder) AddFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// Most records are relationships. Making room for them from the file's
	// size spares growing the list record by record, which for a million
	// projects would copy 1.2 GB of edges over and over and hold an old and
	// a new copy at once.
	if info, err := f.Stat(); err == nil {
		more := int(info.Size() / bytesPerEdge)
		b.edges = slices.Grow(b.edges, more)
		b.edgeAt.grow(more)
	}
	return b.Add(path, f)
}

// Add reads one dataset file named name. It adds the file whole or, when any
// record is broken, not at all and returns an *Error.
func (b *Builder) Add(name string, r io.Reader) error {
	f := &fileCheck{name: name, b: b, nodeStart: len(b.nodes), edgeStart: len(b.edges),
		replacedNodeAt: map[int32]int{}, replacedEdgeAt: map[int32]int{}}
	if err := f.read(r); err != nil {
		f.rollback()
		return err
	}
	f.checkReferences()
	if len(f.problems) > 0 {
		f.rollback()
		return &Error{Problems: f.problems, More: f.more}
	}
	return nil
}

// fileCheck is the state of reading one file. The file's new nodes and
// edges are the builder's from nodeStart and edgeStart on, with their lines
// in nodeLines and edgeLines; the ones that replaced earlier files' are
// listed with what they replaced.
type fileCheck struct {
	name                 string
	b                    *Builder
	nodeStart, edgeStart int
	nodeLines, edgeLines []int
	replacedNodes        []replacedNode
	replacedEdges        []replacedEdge
	// replacedNodeAt and replacedEdgeAt find a replacement by position, to
	// tell a record given twice in this file from a correction of an
	// earlier file.
	replacedNodeAt map[int32]int
	replacedEdgeAt map[int32]int
	problems       []Problem
	more           int
}

type replacedNode struct {
	at   int32
	old  hanke.Node
	line int
}

type replacedEdge struct {
	at   int32
	old  hanke.Edge
	line int
}

func (f *fileCheck) problem(line int, format string, args ...any) {
	if len(f.problems) >= maxProblems {
		f.more++
		return
	}
	f.problems = append(f.problems, Problem{File: f.name, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// lineOfNode tells on which line of this file the node at a position was
// given, 0 when it was not given in this file.
func (f *fileCheck) lineOfNode(at int32) int {
	if int(at) >= f.nodeStart {
		return f.nodeLines[int(at)-f.nodeStart]
	}
	if i, ok := f.replacedNodeAt[at]; ok {
		return f.replacedNodes[i].line
	}
	return 0
}

func (f *fileCheck) lineOfEdge(at int32) int {
	if int(at) >= f.edgeStart {
		return f.edgeLines[int(at)-f.edgeStart]
	}
	if i, ok := f.replacedEdgeAt[at]; ok {
		return f.replacedEdges[i].line
	}
	return 0
}

// addNode adds a decoded node, whose own problems are already known.
func (f *fileCheck) addNode(line int, n hanke.Node) {
	id := n.NodeID()
	if at, ok := f.b.nodeAt[id]; ok {
		if first := f.lineOfNode(at); first > 0 {
			f.problem(line, "id %q is given twice in this file (first on line %d)", id, first)
			return
		}
		if old := f.b.nodes[at]; old.NodeLabel() != n.NodeLabel() {
			f.problem(line, "id %q already names a %s", id, old.NodeLabel())
		}
	}
	old, at := f.b.putNode(n)
	if old != nil {
		f.replacedNodeAt[at] = len(f.replacedNodes)
		f.replacedNodes = append(f.replacedNodes, replacedNode{at, old, line})
		return
	}
	f.nodeLines = append(f.nodeLines, line)
}

func (f *fileCheck) addEdge(line int, e hanke.Edge) {
	e.From, e.To = f.b.ownID(e.From), f.b.ownID(e.To)
	at, found := f.b.edgeAt.find(f.b.edges, keyOf(&e))
	if found {
		if first := f.lineOfEdge(at); first > 0 {
			f.problem(line, "relationship %s is given twice in this file (first on line %d)", e.ID(), first)
			return
		}
	}
	e.Sources = f.b.sourceList(e.Sources)
	old, replaced, at := f.b.putEdgeAt(e, at, found)
	if replaced {
		f.replacedEdgeAt[at] = len(f.replacedEdges)
		f.replacedEdges = append(f.replacedEdges, replacedEdge{at, old, line})
		return
	}
	f.edgeLines = append(f.edgeLines, line)
}

// rollback takes the file's records out of the builder again.
func (f *fileCheck) rollback() {
	b := f.b
	for _, n := range b.nodes[f.nodeStart:] {
		delete(b.nodeAt, n.NodeID())
	}
	for i := range b.edges[f.edgeStart:] {
		b.edgeAt.remove(keyOf(&b.edges[f.edgeStart+i]))
	}
	clear(b.nodes[f.nodeStart:]) // let the collector have them
	clear(b.edges[f.edgeStart:])
	b.nodes, b.edges = b.nodes[:f.nodeStart], b.edges[:f.edgeStart]
	for _, r := range f.replacedNodes {
		b.nodes[r.at] = r.old
	}
	for _, r := range f.replacedEdges {
		b.edges[r.at] = r.old
	}
}

// checkReferences checks that every id the file's records name exists, as
// a node of the right label, in this file or in the graph it is added to.
// On the way it points the ends of edges given before their nodes at the
// nodes' own id strings, so that the copies can be collected.
func (f *fileCheck) checkReferences() {
	b := f.b
	for i, n := range b.nodes[f.nodeStart:] {
		f.checkNodeSources(f.nodeLines[i], n)
	}
	for _, r := range f.replacedNodes {
		f.checkNodeSources(r.line, b.nodes[r.at])
	}
	for i := range b.edges[f.edgeStart:] {
		f.checkEdgeReferences(f.edgeLines[i], &b.edges[f.edgeStart+i])
	}
	for _, r := range f.replacedEdges {
		f.checkEdgeReferences(r.line, &b.edges[r.at])
	}
}

func (f *fileCheck) checkNodeSources(line int, n hanke.Node) {
	for _, ref := range sourceRefs(n) {
		f.checkSource(line, ref)
	}
}

func (f *fileCheck) checkEdgeReferences(line int, e *hanke.Edge) {
	ends := hanke.RelTypes[e.Type]
	for _, end := range []struct {
		role   string
		id     *string
		labels []hanke.Label
	}{{"from", &e.From, ends.From}, {"to", &e.To, ends.To}} {
		n, ok := f.b.node(*end.id)
		if !ok {
			f.problem(line, "%s: unknown %s id %q", e.Type, end.role, *end.id)
			continue
		}
		if !hasLabel(end.labels, n.NodeLabel()) {
			f.problem(line, "%s cannot go %s a %s (%q)", e.Type, end.role, n.NodeLabel(), *end.id)
		}
		*end.id = n.NodeID()
	}
	for _, s := range e.Sources {
		f.checkSource(line, s)
	}
}

func (f *fileCheck) checkSource(line int, id string) {
	n, ok := f.b.node(id)
	switch {
	case !ok:
		f.problem(line, "unknown source %q", id)
	case n.NodeLabel() != hanke.LabelSource:
		f.problem(line, "%q is a %s, not a Source", id, n.NodeLabel())
	}
}

func hasLabel(labels []hanke.Label, l hanke.Label) bool {
	for _, x := range labels {
		if x == l {
			return true
		}
	}
	return false
}

// strictUnmarshal refuses fields the format does not have, so that a typo in
// a field name is an error rather than silently lost data.
func strictUnmarshal(text []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}
