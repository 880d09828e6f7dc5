package dataset

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// decodePlainEdge takes only what encoding/json reads the same way, and reads
// it the same way; the rest it leaves to encoding/json.
func TestPlainEdgesDecodeAsEncodingJSONDoes(t *testing.T) {
	plain := []string{
		`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","role":"LEAD","sources":["source:s"],"synthetic":true}`,
		`{ "type" : "FUNDED_FROM", "from":"project:b","to":"programme:p","priority":"2","specificObjective":"2.1","note":"ääkköset ok","sources":["source:s","source:t"] }`,
		`{"sources":[],"to":"region:01","type":"OPERATES_IN","from":"project:b","synthetic":false}`,
	}
	for _, text := range plain {
		got, ok := decodePlainEdge(text)
		var want hanke.Edge
		if err := strictUnmarshal([]byte(text), &want); err != nil || !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %+v (%v)\n want %+v (%v)", text, got, ok, want, err)
		}
	}
	for _, text := range []string{
		`{"type":"IMPLEMENTS","from":"org:\u00e4","to":"project:b"}`,           // an escape
		`{"type":"IMPLEMENTS","From":"org:a","to":"project:b"}`,                // another case, which encoding/json accepts
		`{"type":"IMPLEMENTS","from":"org:a","from":"org:b","to":"project:b"}`, // a member twice
		`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","budget":1}`,     // an unknown member
		`{"type":"IMPLEMENTS","from":null,"to":"project:b"}`,
		`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","synthetic":1}`,
		`{"type":"IMPLEMENTS","from":"org:a","to":"project:b"} {}`,
		`{"type":"IMPLEMENTS","from":"org:a","to":"project:b"`,
		"{\"type\":\"IMPLEMENTS\",\"from\":\"org:\xff\",\"to\":\"project:b\"}", // not UTF-8
	} {
		if _, ok := decodePlainEdge(text); ok {
			t.Errorf("%s: taken as plain", text)
		}
	}
}

// A "Type" counts as a "type", as encoding/json has it, so such a record is
// decoded whole to find which one it is.
func TestTypeMembersInAnyCase(t *testing.T) {
	for text, want := range map[string]int{
		`{"type":"FUNDS","from":"a"}`:                 1,
		`{"type":"FUNDS","Type":"IMPLEMENTS"}`:        2,
		`{"type":"FUNDS","note":"say \"type\" here"}`: 1,
	} {
		if got := typeMembers(text); got != want {
			t.Errorf("%s: %d, want %d", text, got, want)
		}
	}
	rec := decodeRecord(`{"type":"IMPLEMENTS","from":"org:a","to":"project:b","role":"LEAD","sources":["source:s"],"Type":"PARTNER_IN"}`, nil)
	if rec.edge.Type != hanke.RelPartnerIn || !strings.Contains(strings.Join(rec.problems, ";"), "takes no role") {
		t.Errorf("got %+v", rec)
	}
}
