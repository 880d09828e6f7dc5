package dataset

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Records of every shape the format has, as Write writes them and otherwise.
var recordShapes = []string{
	// plain
	`{"type":"Project","id":"project:a","name":{"fi":"Hanke","sv":"Projekt","en":"Project"},"sources":["source:s"],"synthetic":true,"acronym":"HA","kind":"DEVELOPMENT_PROJECT","summary":{"fi":"Ääkköset ja “lainausmerkit” ok 🙂"},"startDate":"2024-11-14","endDate":"2027-03-11","note":"n","totalBudgetEur":75000,"euContributionEur":55590.5,"euCofinancingPercent":74.12}`,
	`{"type":"Project","id":"project:b","name":{"fi":"B"},"kind":"COORDINATION","sources":[],"identifiers":[{"scheme":"EURA","value":"S12345"}],"classifications":[{"scheme":"kohesio-category-of-intervention","code":"109","label":"Active inclusion"},{"scheme":"kohesio-policy-objective","code":"PO4"}],"contacts":[{"name":"N N","role":"lead","sources":["source:s"]}],"figures":[{"key":"k","label":{"en":"L"},"value":-1.5e3,"unit":"EUR","date":"2024","note":"x","sources":["source:s","source:t"]}]}`,
	`{ "type" : "Project" , "id" : "project:c" , "name" : { "fi" : "C" } , "kind" : "COORDINATION" , "identifiers" : [ ] , "classifications" : [ ] , "contacts" : [ ] , "figures" : [ ] , "totalBudgetEur" : 0 , "euCofinancingPercent" : -0 }`,
	`{"type":"Project","id":"project:d","name":{"fi":"D"},"kind":"PARTY","startDate":"1.10.2014","euCofinancingPercent":101}`, // plain, with problems
	`{"type":"Organisation","id":"org:a","name":{"fi":"O"},"sources":["source:s"],"synthetic":false,"acronym":"OA","kind":"MUNICIPALITY","altNames":["Ö","P"],"businessId":"1234567-8"}`,
	`{"type":"Organisation","id":"org:b","name":{},"kind":"UNKNOWN","altNames":[],"businessId":"123"}`,
	`{"type":"Sector","id":"sector:a","name":{"fi":"S"},"sources":["source:s"],"figures":[{"key":"k","label":{},"value":12,"sources":["source:s"]}]}`,
	`{"type":"Fund","id":"fund:a","name":{"en":"F"},"sources":["source:s"],"acronym":"ESF+"}`,
	`{"type":"Programme","id":"programme:a","name":{"fi":"P"},"sources":["source:s"],"periodStart":2021,"periodEnd":2027}`,
	`{"type":"Programme","id":"programme:b","name":{"fi":"P"},"periodStart":-0,"periodEnd":0}`,
	`{"type":"Source","id":"source:a","name":{"en":"S"},"url":"https://example.org/a?b=c","publisher":"P","published":"2024-01","reference":"R"}`,
	`{"type":"Source","id":"source:b","name":{"en":"S"},"url":"ftp://x"}`,
	`{"type":"Project"}`,
	`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","role":"LEAD","sources":["source:s"],"synthetic":true}`,
	`{ "type" : "FUNDED_FROM", "from":"project:b","to":"programme:p","priority":"2","specificObjective":"2.1","note":"ääkköset ok","sources":["source:s","source:t"] }`,
	`{"type":"OPERATES_IN","from":"project:b","to":"project:b","role":"LEAD","priority":"1","sources":[],"synthetic":false}`,
	// not plain: escapes, names in another case, members twice, unknown
	// members, nulls, numbers that do not fit, bytes that are not UTF-8,
	// records that do not start with their type, broken JSON
	`{"type":"Project","id":"project:e","name":{"fi":"Rivi\nrivi \"lainattu\" \u00e4 \ud83d\ude42"},"kind":"COORDINATION"}`,
	`{"type":"Project","id":"project:\u0066","name":{"fi":"F"},"kind":"COORDINATION"}`,
	`{"type":"Project","ID":"project:f","Name":{"FI":"F"},"kind":"COORDINATION"}`,
	`{"type":"Project","id":"project:f","id":"project:g","name":{"fi":"F"},"kind":"COORDINATION"}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F","fi":"G"},"kind":"COORDINATION"}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","budget":1}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F","de":"F"},"kind":"COORDINATION"}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","figures":[{"key":"k","value":1,"extra":1}]}`,
	`{"type":"Project","id":"project:f","name":null,"kind":"COORDINATION","totalBudgetEur":null,"sources":null}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","totalBudgetEur":1e400}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","totalBudgetEur":"1"}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","totalBudgetEur":01}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","totalBudgetEur":1.}`,
	`{"type":"Project","id":"project:f","name":{"fi":"F"},"kind":"COORDINATION","totalBudgetEur":+1}`,
	`{"type":"Programme","id":"programme:c","name":{"fi":"P"},"periodStart":2021.0,"periodEnd":2e3}`,
	`{"type":"Programme","id":"programme:c","name":{"fi":"P"},"periodStart":99999999999999999999,"periodEnd":1}`,
	`{"type":"Organisation","id":"org:c","name":{"fi":"O"},"kind":"OTHER","synthetic":"true"}`,
	`{"type":"Organisation","id":"org:c","name":{"fi":"O"},"kind":"OTHER","altNames":["a",1]}`,
	"{\"type\":\"Fund\",\"id\":\"fund:\xff\",\"name\":{\"en\":\"F\"}}",
	"{\"type\":\"Fund\",\"id\":\"fund:\x01\",\"name\":{\"en\":\"F\"}}",
	`{"name":{"en":"T"},"id":"source:t","type":"Source"}`,
	`{"type":"Fund","id":"project:x","name":{"fi":"X"},"kind":"COORDINATION","sources":["source:t"],"type":"Project"}`,
	`{"type":"Fund","id":"fund:x","name":{"fi":"X"},"Type":"Project"}`,
	`{"type":"Fund","id":"fund:x","name":{"fi":"X"}} {}`,
	`{"type":"Fund","id":"fund:x","name":{"fi":"X"}`,
	`{"type":"Fund","id":"fund:x","name":{"fi":"X"},}`,
	`{"type":"Fund","id":"fund:x" "name":{"fi":"X"}}`,
	`{"type":"WelfareRegion","id":"region:99","name":{"fi":"X"}}`,
	`{"type":"Person","id":"person:x"}`,
	`{"type":"COORDINATION"}`,
	`{"type":"LEAD","from":"org:a","to":"project:b"}`,
	`{"type":"IMPLEMENTS","from":"org:\u00e4","to":"project:b"}`,
	`{"type":"IMPLEMENTS","From":"org:a","to":"project:b"}`,
	`{"type":"IMPLEMENTS","from":"org:a","from":"org:b","to":"project:b"}`,
	`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","budget":1}`,
	`{"type":"IMPLEMENTS","from":null,"to":"project:b"}`,
	`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","synthetic":1}`,
	`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","type":"FUNDS"}`,
	`{}`,
	`[]`,
	`"type"`,
}

// A record decodes to the same node or edge, with the same problems,
// whether the plain scanner takes it (into blocks, as the reader's workers
// do) or encoding/json does.
func TestPlainRecordsDecodeAsEncodingJSONDoes(t *testing.T) {
	plain := 0
	blocks := &nodeBlocks{}
	for _, text := range recordShapes {
		got, want := decodeRecord(text, blocks), decodeStrict(text)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %+v\n want %+v", text, got, want)
		}
		if t, ok := leadingType(text); ok {
			if _, ok := decodePlain(t, text, nil); ok {
				plain++
			}
		}
	}
	if plain != 16 { // the records before "not plain" above
		t.Errorf("%d records taken as plain, want 16", plain)
	}
}

func FuzzPlainRecordsDecodeAsEncodingJSONDoes(f *testing.F) {
	for _, text := range recordShapes {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := decodeRecord(text, &nodeBlocks{}), decodeStrict(text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got  %+v\n want %+v", text, got, want)
		}
	})
}

// The projects a file holds are kept side by side in blocks, their texts
// too, rather than each its own allocation (see nodeBlocks).
func TestProjectsReadFromAFileShareBlocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.jsonl")
	text := `{"type":"Project","id":"project:a","name":{"fi":"A"},"kind":"DEVELOPMENT_PROJECT","totalBudgetEur":1,"sources":["source:seed-001"]}
{"type":"Project","id":"project:b","name":{"fi":"B"},"kind":"DEVELOPMENT_PROJECT","totalBudgetEur":2,"sources":["source:seed-001"]}
`
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var a, b *hanke.Project
	for _, n := range g.Nodes {
		switch n.NodeID() {
		case "project:a":
			a = n.(*hanke.Project)
		case "project:b":
			b = n.(*hanke.Project)
		}
	}
	next := func(x, y unsafe.Pointer, size uintptr) bool { return uintptr(y)-uintptr(x) == size }
	if !next(unsafe.Pointer(a), unsafe.Pointer(b), unsafe.Sizeof(*a)) ||
		!next(unsafe.Pointer(a.TotalBudgetEur), unsafe.Pointer(b.TotalBudgetEur), unsafe.Sizeof(0.0)) {
		t.Error("the projects or their budgets are not side by side in a block")
	}
	if *a.TotalBudgetEur != 1 || *b.TotalBudgetEur != 2 || a.Names.Fi != "A" || b.ID != "project:b" {
		t.Errorf("got %+v and %+v", a, b)
	}
}
