package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Reading a file is a pipeline, since files of millions of records are read
// at startup: one goroutine splits the file into batches of lines, one
// worker per CPU decodes and checks each record on its own, and read adds
// the records to the builder in file order, so that what happens — and
// which problems are reported — is the same as reading line by line.

// batchLines is how many lines go to a worker at a time: enough to make
// handing them over cheap, few enough to keep little in flight.
const batchLines = 2048

// batch is a run of lines and, once a worker is done, their records.
// Batches are used again once added, since a file of a million projects
// would otherwise make some two gigabytes of them for the collector.
type batch struct {
	text    []byte // the lines, one after another
	ends    []int  // where each line ends in text
	lines   []int  // each line's number
	records []record
	done    chan struct{}
}

// record is one line decoded and checked on its own.
type record struct {
	node     hanke.Node // the line's node, or
	edge     hanke.Edge // its edge (with a Type), or neither when it could not be decoded
	problems []string
}

var byteOrderMark = []byte("\ufeff")

// read decodes the file and adds its records to the builder, in order;
// references between records are checked afterwards, when every node of
// the file is known.
func (f *fileCheck) read(r io.Reader) error {
	workers := runtime.GOMAXPROCS(0)
	todo := make(chan *batch, workers)
	inOrder := make(chan *batch, 2*workers)
	// Batches in flight are at most those waiting in inOrder, one being
	// added and one being filled, so free always has room for one added.
	free := make(chan *batch, 2*workers+2)
	var scanErr error
	var lastLine int
	go func() {
		defer close(inOrder)
		defer close(todo)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
		next := func() *batch {
			select {
			case b := <-free:
				b.text, b.ends, b.lines, b.done = b.text[:0], b.ends[:0], b.lines[:0], make(chan struct{})
				return b
			default:
				return &batch{done: make(chan struct{})}
			}
		}
		b := next()
		for sc.Scan() {
			lastLine++
			text := bytes.TrimSpace(sc.Bytes())
			if len(text) == 0 {
				continue
			}
			if lastLine == 1 {
				text = bytes.TrimPrefix(text, byteOrderMark)
			}
			b.text = append(b.text, text...)
			b.ends = append(b.ends, len(b.text))
			b.lines = append(b.lines, lastLine)
			if len(b.lines) == batchLines {
				inOrder <- b
				todo <- b
				b = next()
			}
		}
		inOrder <- b
		todo <- b
		scanErr = sc.Err()
	}()
	for range workers {
		go func() {
			blocks := &nodeBlocks{}
			for b := range todo {
				b.decode(blocks)
			}
		}()
	}
	for b := range inOrder {
		<-b.done
		for i, rec := range b.records {
			f.add(b.lines[i], rec)
		}
		clear(b.records) // let the collector have what the builder did not keep
		free <- b
	}
	if scanErr != nil {
		if errors.Is(scanErr, bufio.ErrTooLong) {
			f.problem(lastLine+1, "line longer than 16 MiB")
			return nil
		}
		return fmt.Errorf("%s: %w", f.name, scanErr)
	}
	return nil
}

// decode decodes the batch's records. Their strings are copies, but for
// views of the text of edges' ends (decodePlainEdge), which add replaces.
func (b *batch) decode(blocks *nodeBlocks) {
	b.records = slices.Grow(b.records[:0], len(b.lines))[:len(b.lines)]
	text, start := string(b.text), 0
	for i, end := range b.ends {
		b.records[i] = decodeRecord(text[start:end], blocks)
		start = end
	}
	close(b.done)
}

// add adds one decoded record to the builder, with its problems.
func (f *fileCheck) add(line int, rec record) {
	for _, p := range rec.problems {
		f.problem(line, "%s", p)
	}
	switch {
	case rec.node != nil:
		base := baseOf(rec.node)
		base.Sources = f.b.sourceList(base.Sources)
		f.addNode(line, rec.node)
	case rec.edge.Type != "":
		f.addEdge(line, rec.edge)
	}
}

// decodeRecord decodes one record and checks it on its own.
func decodeRecord(text string, blocks *nodeBlocks) record {
	if t, ok := leadingType(text); ok {
		if rec, ok := decodePlain(t, text, blocks); ok {
			return rec
		}
	}
	return decodeStrict(text)
}

// decodeStrict decodes any record through encoding/json: what decodePlain
// does not take, and what it is tested against.
func decodeStrict(text string) record {
	t, err := typeOf(text)
	if err != nil {
		return record{problems: []string{"not a JSON object: " + err.Error()}}
	}
	if t == "" {
		return record{problems: []string{`record has no "type"`}}
	}
	failed := func(err error) record {
		if !json.Valid([]byte(text)) { // a syntax error, found while decoding
			return record{problems: []string{"not a JSON object: " + err.Error()}}
		}
		return record{problems: []string{t + ": " + err.Error()}}
	}
	if decode, ok := nodeTypes[hanke.Label(t)]; ok {
		n, err := decode([]byte(text))
		if err != nil {
			return failed(err)
		}
		internKinds(n)
		return record{node: n, problems: checkNode(hanke.Label(t), n)}
	}
	if _, ok := hanke.RelTypes[hanke.RelType(t)]; ok {
		e := hanke.Edge{} // its Type field takes the record's "type"
		if err := strictUnmarshal([]byte(text), &e); err != nil {
			return failed(err)
		}
		e.Type, e.Role = hanke.RelType(t), intern(e.Role)
		return record{edge: e, problems: checkEdge(e)}
	}
	if t == string(hanke.LabelWelfareRegion) {
		return record{problems: []string{"welfare regions are built in (the 23 areas) and cannot be added by a dataset file"}}
	}
	return record{problems: []string{fmt.Sprintf("unknown type %q", t)}}
}

// decodePlain decodes a record of the plain shape whose leading "type" is t,
// and tells whether the record had it. Such a record has no other member
// that encoding/json would take for its "type": each member is given once,
// by its exact name.
func decodePlain(t, text string, blocks *nodeBlocks) (record, bool) {
	if decode, ok := plainNodes[hanke.Label(t)]; ok {
		n, ok := decode(text, blocks)
		if !ok {
			return record{}, false
		}
		return record{node: n, problems: checkNode(hanke.Label(t), n)}, true
	}
	if _, ok := hanke.RelTypes[hanke.RelType(t)]; !ok {
		return record{}, false // a kind or a role, say
	}
	e, ok := decodePlainEdge(text)
	if !ok || string(e.Type) != t {
		return record{}, false
	}
	return record{edge: e, problems: checkEdge(e)}, true
}

// typeMembers counts the quoted words "type", in any letter case, in text.
func typeMembers(text string) int {
	n := 0
	for i := strings.IndexByte(text, '"'); i >= 0 && i+5 < len(text); {
		if text[i+5] == '"' && strings.EqualFold(text[i+1:i+5], "type") {
			n++
		}
		next := strings.IndexByte(text[i+1:], '"')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return n
}

// typeOf is a record's "type". Records as Write writes them start with it,
// and then it is read without decoding the record; any other record is
// decoded to find it. (encoding/json matches member names whatever their
// case, so "Type" counts as a "type" too.)
func typeOf(text string) (string, error) {
	if t, ok := leadingType(text); ok && typeMembers(text) == 1 {
		return t, nil
	}
	var head recordType
	if err := json.Unmarshal([]byte(text), &head); err != nil {
		return "", err
	}
	return intern(head.Type), nil
}

// leadingType reads `{"type": "X"` at the start of a record, when X is a
// known type. A record with one `"type"` in it has no other "type" member,
// since a quote inside a string is escaped.
func leadingType(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "{")
	for _, want := range []string{`"type"`, ":", `"`} {
		rest = strings.TrimLeft(rest, " \t")
		if rest, ok = strings.CutPrefix(rest, want); !ok {
			return "", false
		}
	}
	end := strings.IndexByte(rest, '"')
	if end < 0 {
		return "", false
	}
	t, ok := vocabulary[rest[:end]]
	return t, ok
}

// vocabulary holds the strings of the format's closed lists — types, kinds,
// roles — so that a million records share one copy of each.
var vocabulary = func() map[string]string {
	m := map[string]string{string(hanke.LabelWelfareRegion): string(hanke.LabelWelfareRegion)}
	add := func(s string) { m[s] = s }
	for l := range nodeTypes {
		add(string(l))
	}
	for _, t := range hanke.AllRelTypes {
		add(string(t))
	}
	for _, roles := range hanke.RolesOf {
		for _, r := range roles {
			add(r)
		}
	}
	for _, k := range hanke.ProjectKinds {
		add(string(k))
	}
	for _, k := range hanke.OrganisationKinds {
		add(string(k))
	}
	return m
}()

func intern(s string) string {
	if v, ok := vocabulary[s]; ok {
		return v
	}
	return s
}

func internKinds(n hanke.Node) {
	switch n := n.(type) {
	case *hanke.Project:
		n.Kind = hanke.ProjectKind(intern(string(n.Kind)))
	case *hanke.Organisation:
		n.Kind = hanke.OrganisationKind(intern(string(n.Kind)))
	}
}
