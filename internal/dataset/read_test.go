package dataset

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

const testSource = `{"type":"Source","id":"source:t","name":{"en":"T"}}`

func project(i int) string {
	return fmt.Sprintf(`{"type":"Project","id":"project:p%d","name":{"fi":"P %d"},"kind":"DEVELOPMENT_PROJECT","sources":["source:t"]}`, i, i)
}

// Files longer than a batch of lines are read in parallel, yet checked as if
// line by line: a duplicate far from its first and a broken reference are
// reported on their own lines.
func TestLongFilesKeepTheirLines(t *testing.T) {
	lines := []string{testSource}
	for i := range 3 * batchLines {
		lines = append(lines, project(i))
	}
	lines = append(lines, project(7)) // line 3*batchLines+2
	lines = append(lines, `{"type":"OPERATES_IN","from":"project:p1","to":"region:99","sources":["source:t"]}`)
	err := NewBuilder(nil).Add("long.jsonl", strings.NewReader(strings.Join(lines, "\n")))
	want := fmt.Sprintf("long.jsonl:%d: id \"project:p7\" is given twice in this file (first on line 9)\nlong.jsonl:%d: OPERATES_IN: unknown to id \"region:99\"",
		3*batchLines+2, 3*batchLines+3)
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// A refused file takes back everything it changed, corrections included, and
// a graph handed out never changes under its holder.
func TestARefusedFileIsTakenBackWhole(t *testing.T) {
	b := NewBuilder(nil)
	if err := b.Add("first.jsonl", strings.NewReader(testSource+"\n"+project(1)+"\n")); err != nil {
		t.Fatal(err)
	}
	before := b.Graph()
	correction := strings.Replace(project(1), `"P 1"`, `"P 1, corrected"`, 1)
	broken := correction + "\n" + project(2) + "\n" + `{"type":"Project"}` + "\n"
	if err := b.Add("broken.jsonl", strings.NewReader(broken)); err == nil {
		t.Fatal("a broken file was accepted")
	}
	after := b.Graph()
	if len(after.Nodes) != 2 || after.Nodes[1].Name() != "P 1" {
		t.Errorf("the refused file left traces: %v", after.Nodes)
	}
	if err := b.Add("fix.jsonl", strings.NewReader(correction+"\n")); err != nil {
		t.Fatal(err)
	}
	if before.Nodes[1].Name() != "P 1" || b.Graph().Nodes[1].Name() != "P 1, corrected" {
		t.Errorf("a correction changed a graph handed out earlier, or was not applied")
	}
}

// Records need not start with their "type", and a "type" given twice counts
// as JSON has it: the last one.
func TestTheTypeIsFoundAnywhereInARecord(t *testing.T) {
	b := NewBuilder(nil)
	file := `{"name":{"en":"T"},"id":"source:t","type":"Source"}` + "\n" +
		`{"type":"Fund","id":"project:x","name":{"fi":"X"},"kind":"COORDINATION","sources":["source:t"],"type":"Project"}` + "\n"
	if err := b.Add("order.jsonl", strings.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	if g := b.Graph(); len(g.Nodes) != 2 || g.Nodes[1].NodeLabel() != hanke.LabelProject {
		t.Errorf("got %v", g.Nodes)
	}
}

// An edge's ends are its nodes' own ids, rather than copies, as soon as it
// is read when its nodes come before it (as Write has them) — not views of
// the file's text, which would keep all of it until the file is checked —
// and once the file is checked when they come after.
func TestEdgeEndsShareTheirNodesIDs(t *testing.T) {
	b := NewBuilder(nil)
	f := &fileCheck{name: "ends.jsonl", b: b, replacedNodeAt: map[int32]int{}, replacedEdgeAt: map[int32]int{}}
	file := testSource + "\n" + project(1) + "\n" +
		`{"type":"SUCCEEDS","from":"project:p2","to":"project:p1","sources":["source:t"]}` + "\n" + project(2) + "\n"
	sameString := func(a, b string) bool { return a == b && unsafe.StringData(a) == unsafe.StringData(b) }
	if err := f.read(strings.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	if e := b.edges[0]; !sameString(e.To, b.nodes[1].NodeID()) {
		t.Errorf("end %q is not its node's id string once read", e.To)
	}
	f.checkReferences()
	if e := b.edges[0]; len(f.problems) > 0 || !sameString(e.From, b.nodes[2].NodeID()) {
		t.Errorf("end %q is not its node's id string once checked (%v)", e.From, f.problems)
	}
}
