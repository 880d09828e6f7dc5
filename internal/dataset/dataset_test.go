package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

func TestBuiltinHoldsTheSeedFacts(t *testing.T) {
	g, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	count := map[hanke.Label]int{}
	byID := map[string]hanke.Node{}
	for _, n := range g.Nodes {
		count[n.NodeLabel()]++
		byID[n.NodeID()] = n
	}
	if count[hanke.LabelWelfareRegion] != 23 {
		t.Errorf("welfare regions: %d, want 23", count[hanke.LabelWelfareRegion])
	}
	sokra := byID["project:sokra"].(*hanke.Project)
	if *sokra.TotalBudgetEur != 8494046 || *sokra.EUContributionEur != 3794929 || *sokra.EUCofinancingPercent != 44.68 {
		t.Errorf("Sokra's budget: %v %v %v", *sokra.TotalBudgetEur, *sokra.EUContributionEur, *sokra.EUCofinancingPercent)
	}
	helsinki := byID["region:90"].(*hanke.WelfareRegion)
	if helsinki.Names.Sv != "Helsingfors stad" || helsinki.NUTS3[0] != "FI1B1" {
		t.Errorf("region 90: %+v", helsinki)
	}
	for _, e := range g.Edges {
		if len(e.Sources) == 0 {
			t.Errorf("edge %s names no source", e.ID())
		}
	}
}

// The schema is the format's documentation: every built-in record must pass it.
func TestBuiltinRecordsMatchTheSchema(t *testing.T) {
	schema := compileSchema(t)
	text, err := builtinFS.ReadFile("builtin/hankegraph.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("line %d: %v", line, err)
		}
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("dataset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("dataset.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("dataset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const goodProject = `{"type":"Project","id":"project:x","name":{"fi":"X"},"kind":"COORDINATION","sources":["source:seed-001"]}`

// Each broken record is refused with its line and a reason; where the schema
// can express the rule, the schema refuses it too, so the two do not drift.
func TestBrokenRecordsAreRefusedWithLineAndReason(t *testing.T) {
	schema := compileSchema(t)
	cases := []struct {
		name, record, reason string
		schemaToo            bool
	}{
		{"not JSON", `{"type":"Project",`, "not a JSON object", false},
		{"unknown type", `{"type":"Person","id":"person:x"}`, `unknown type "Person"`, true},
		{"unknown field", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"COORDINATION","budget":1,"sources":["source:seed-001"]}`, `unknown field "budget"`, true},
		{"bad kind", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"PARTY","sources":["source:seed-001"]}`, `kind "PARTY"`, true},
		{"bad date", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"COORDINATION","startDate":"1.10.2014","sources":["source:seed-001"]}`, "not a date", true},
		{"end before start", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"COORDINATION","startDate":"2020-01-01","endDate":"2019-01-01","sources":["source:seed-001"]}`, "before startDate", false},
		{"wrong prefix", `{"type":"Project","id":"org:x","name":{"fi":"X"},"kind":"COORDINATION","sources":["source:seed-001"]}`, `must start with "project:"`, true},
		{"no sources", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"COORDINATION"}`, `"sources"`, true},
		{"unknown source", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"COORDINATION","sources":["source:nowhere"]}`, `unknown source "source:nowhere"`, false},
		{"no name", `{"type":"Project","id":"project:y","name":{},"kind":"COORDINATION","sources":["source:seed-001"]}`, `"name"`, true},
		{"classification without code", `{"type":"Project","id":"project:y","name":{"fi":"X"},"kind":"COORDINATION","classifications":[{"scheme":"kohesio-category-of-intervention","code":"","label":"Active inclusion"}],"sources":["source:seed-001"]}`, "needs a scheme and a code", true},
		{"bad business id", `{"type":"Organisation","id":"org:x","name":{"fi":"X"},"kind":"OTHER","businessId":"123","sources":["source:seed-001"]}`, "business id", true},
		{"region", `{"type":"WelfareRegion","id":"region:99","name":{"fi":"X"}}`, "built in", true},
		{"edge to unknown", `{"type":"IMPLEMENTS","from":"org:thl","to":"project:nowhere","role":"LEAD","sources":["source:seed-001"]}`, `unknown to id "project:nowhere"`, false},
		{"edge wrong label", `{"type":"IMPLEMENTS","from":"project:sokra","to":"project:solmu","role":"LEAD","sources":["source:seed-001"]}`, "cannot go from a Project", false},
		{"edge missing role", `{"type":"IMPLEMENTS","from":"org:thl","to":"project:sokra","sources":["source:seed-001"]}`, "needs a role", true},
		{"edge bad role", `{"type":"FUNDS","from":"org:stm","to":"project:sokra","role":"LEAD","sources":["source:seed-001"]}`, "needs a role", true},
		{"role where none", `{"type":"PARTNER_IN","from":"org:thl","to":"project:sokra","role":"LEAD","sources":["source:seed-001"]}`, "takes no role", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base, _ := Builtin()
			b := NewBuilder(base)
			file := goodProject + "\n\n" + c.record + "\n"
			err := b.Add("new.jsonl", strings.NewReader(file))
			var derr *Error
			if !errors.As(err, &derr) {
				t.Fatalf("want a dataset error, got %v", err)
			}
			p := derr.Problems[0]
			if p.File != "new.jsonl" || p.Line != 3 || !strings.Contains(p.Reason, c.reason) {
				t.Errorf("got %q, want new.jsonl:3 with %q", p, c.reason)
			}
			// All or nothing: the good record on line 1 was not added either.
			if len(b.Graph().Nodes) != len(base.Nodes) {
				t.Errorf("a refused file changed the graph")
			}
			if c.schemaToo {
				v, err := jsonschema.UnmarshalJSON(strings.NewReader(c.record))
				if err == nil && schema.Validate(v) == nil {
					t.Errorf("the schema accepts a record the loader refuses")
				}
			}
		})
	}
}

func TestAFileIsAddedWholeAndLaterFilesCorrectEarlierOnes(t *testing.T) {
	base, _ := Builtin()
	b := NewBuilder(base)
	first := goodProject + "\n" + `{"type":"IMPLEMENTS","from":"org:thl","to":"project:x","role":"LEAD","sources":["source:seed-001"]}` + "\n"
	if err := b.Add("first.jsonl", strings.NewReader(first)); err != nil {
		t.Fatal(err)
	}
	correction := strings.Replace(goodProject, `"fi":"X"`, `"fi":"X, corrected"`, 1)
	for range 2 { // adding the same file twice changes nothing the second time
		if err := b.Add("second.jsonl", strings.NewReader(correction)); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Graph()
	if len(g.Nodes) != len(base.Nodes)+1 || len(g.Edges) != len(base.Edges)+1 {
		t.Fatalf("nodes %d edges %d", len(g.Nodes), len(g.Edges))
	}
	if got := g.Nodes[len(g.Nodes)-1].Name(); got != "X, corrected" {
		t.Errorf("correction not applied: %q", got)
	}
}

func TestDuplicateIDsInOneFileAreRefused(t *testing.T) {
	b := NewBuilder(nil)
	src := `{"type":"Source","id":"source:a","name":{"en":"A"}}`
	err := b.Add("dup.jsonl", strings.NewReader(src+"\n"+src+"\n"))
	if err == nil || !strings.Contains(err.Error(), "dup.jsonl:2: id \"source:a\" is given twice in this file (first on line 1)") {
		t.Fatalf("got %v", err)
	}
}

func TestErrorsAreCapped(t *testing.T) {
	var file strings.Builder
	for range maxProblems + 10 {
		file.WriteString("{}\n")
	}
	err := NewBuilder(nil).Add("many.jsonl", strings.NewReader(file.String()))
	var derr *Error
	if !errors.As(err, &derr) || len(derr.Problems) != maxProblems || derr.More != 10 {
		t.Fatalf("got %v", err)
	}
	if !strings.HasSuffix(err.Error(), "… and 10 more problems") {
		t.Errorf("message: %q", err.Error())
	}
}

// The domain types' JSON is the format: a node written back out reads in again unchanged.
func TestNodesRoundTripThroughTheFormat(t *testing.T) {
	g, _ := Builtin()
	for _, n := range g.Nodes {
		if n.NodeLabel() == hanke.LabelWelfareRegion {
			continue
		}
		text, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		text = append([]byte(`{"type":"`+string(n.NodeLabel())+`",`), text[1:]...)
		back, err := nodeTypes[n.NodeLabel()](text)
		if err != nil {
			t.Fatalf("%s: %v", n.NodeID(), err)
		}
		again, _ := json.Marshal(back)
		if want, _ := json.Marshal(n); !bytes.Equal(again, want) {
			t.Errorf("%s changed: %s", n.NodeID(), again)
		}
	}
}
