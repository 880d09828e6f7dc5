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
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
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
type Builder struct {
	nodes     map[string]hanke.Node
	nodeOrder []string
	edges     map[string]hanke.Edge
	edgeOrder []string
}

// NewBuilder starts from a base graph, which may be nil.
func NewBuilder(base *hanke.Graph) *Builder {
	b := &Builder{nodes: map[string]hanke.Node{}, edges: map[string]hanke.Edge{}}
	if base != nil {
		b.apply(base.Nodes, base.Edges)
	}
	return b
}

// Graph is everything added so far, nodes and edges in the order first given.
func (b *Builder) Graph() *hanke.Graph {
	g := &hanke.Graph{Nodes: make([]hanke.Node, 0, len(b.nodeOrder)), Edges: make([]hanke.Edge, 0, len(b.edgeOrder))}
	for _, id := range b.nodeOrder {
		g.Nodes = append(g.Nodes, b.nodes[id])
	}
	for _, id := range b.edgeOrder {
		g.Edges = append(g.Edges, b.edges[id])
	}
	return g
}

// AddFile reads one dataset file; see Add.
func (b *Builder) AddFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return b.Add(path, f)
}

// Add reads one dataset file named name. It adds the file whole or, when any
// record is broken, not at all and returns an *Error.
func (b *Builder) Add(name string, r io.Reader) error {
	f := &fileCheck{name: name, b: b, nodeLine: map[string]int{}, edgeLine: map[string]int{}}
	if err := f.read(r); err != nil {
		return err
	}
	f.checkReferences()
	if len(f.problems) > 0 {
		return &Error{Problems: f.problems, More: f.more}
	}
	b.apply(f.nodes, f.edges)
	return nil
}

func (b *Builder) apply(nodes []hanke.Node, edges []hanke.Edge) {
	for _, n := range nodes {
		if _, ok := b.nodes[n.NodeID()]; !ok {
			b.nodeOrder = append(b.nodeOrder, n.NodeID())
		}
		b.nodes[n.NodeID()] = n
	}
	for _, e := range edges {
		if _, ok := b.edges[e.ID()]; !ok {
			b.edgeOrder = append(b.edgeOrder, e.ID())
		}
		b.edges[e.ID()] = e
	}
}

// lookup finds a node in the file being read or in what the builder holds.
func (f *fileCheck) lookup(id string) (hanke.Node, bool) {
	if n, ok := f.fileNodes[id]; ok {
		return n, true
	}
	n, ok := f.b.nodes[id]
	return n, ok
}

// fileCheck is the state of reading one file.
type fileCheck struct {
	name      string
	b         *Builder
	nodes     []hanke.Node
	fileNodes map[string]hanke.Node
	nodeLine  map[string]int
	edges     []hanke.Edge
	edgeLine  map[string]int
	problems  []Problem
	more      int
}

func (f *fileCheck) problem(line int, format string, args ...any) {
	if len(f.problems) >= maxProblems {
		f.more++
		return
	}
	f.problems = append(f.problems, Problem{File: f.name, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// read decodes and checks each record on its own; references between records
// are checked afterwards, when every node of the file is known.
func (f *fileCheck) read(r io.Reader) error {
	f.fileNodes = map[string]hanke.Node{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		f.record(line, text)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			f.problem(line+1, "line longer than 16 MiB")
			return nil
		}
		return fmt.Errorf("%s: %w", f.name, err)
	}
	return nil
}

func (f *fileCheck) record(line int, text []byte) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(text, &head); err != nil {
		f.problem(line, "not a JSON object: %v", err)
		return
	}
	if head.Type == "" {
		f.problem(line, `record has no "type"`)
		return
	}
	if decode, ok := nodeTypes[hanke.Label(head.Type)]; ok {
		n, err := decode(text)
		if err != nil {
			f.problem(line, "%s: %v", head.Type, err)
			return
		}
		f.addNode(line, hanke.Label(head.Type), n)
		return
	}
	if _, ok := hanke.RelTypes[hanke.RelType(head.Type)]; ok {
		var e hanke.Edge // its Type field takes the record's "type"
		if err := strictUnmarshal(text, &e); err != nil {
			f.problem(line, "%s: %v", head.Type, err)
			return
		}
		f.addEdge(line, e)
		return
	}
	if head.Type == string(hanke.LabelWelfareRegion) {
		f.problem(line, "welfare regions are built in (the 23 areas) and cannot be added by a dataset file")
		return
	}
	f.problem(line, "unknown type %q", head.Type)
}

func (f *fileCheck) addNode(line int, label hanke.Label, n hanke.Node) {
	id := n.NodeID()
	if first, dup := f.nodeLine[id]; dup {
		f.problem(line, "id %q is given twice in this file (first on line %d)", id, first)
		return
	}
	for _, reason := range checkNode(label, n) {
		f.problem(line, "%s", reason)
	}
	if old, ok := f.b.nodes[id]; ok && old.NodeLabel() != label {
		f.problem(line, "id %q already names a %s", id, old.NodeLabel())
	}
	f.nodeLine[id] = line
	f.fileNodes[id] = n
	f.nodes = append(f.nodes, n)
}

func (f *fileCheck) addEdge(line int, e hanke.Edge) {
	if first, dup := f.edgeLine[e.ID()]; dup {
		f.problem(line, "relationship %s is given twice in this file (first on line %d)", e.ID(), first)
		return
	}
	for _, reason := range checkEdge(e) {
		f.problem(line, "%s", reason)
	}
	f.edgeLine[e.ID()] = line
	f.edges = append(f.edges, e)
}

// checkReferences checks that every id a record names exists, as a node of
// the right label, in this file or in the graph it is added to.
func (f *fileCheck) checkReferences() {
	for _, n := range f.nodes {
		line := f.nodeLine[n.NodeID()]
		for _, ref := range sourceRefs(n) {
			f.checkSource(line, ref)
		}
	}
	for _, e := range f.edges {
		line := f.edgeLine[e.ID()]
		ends := hanke.RelTypes[e.Type]
		for _, end := range []struct {
			role   string
			id     string
			labels []hanke.Label
		}{{"from", e.From, ends.From}, {"to", e.To, ends.To}} {
			n, ok := f.lookup(end.id)
			if !ok {
				f.problem(line, "%s: unknown %s id %q", e.Type, end.role, end.id)
				continue
			}
			if !hasLabel(end.labels, n.NodeLabel()) {
				f.problem(line, "%s cannot go %s a %s (%q)", e.Type, end.role, n.NodeLabel(), end.id)
			}
		}
		for _, s := range e.Sources {
			f.checkSource(line, s)
		}
	}
}

func (f *fileCheck) checkSource(line int, id string) {
	n, ok := f.lookup(id)
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
