package graph_test

import (
	"os"
	"regexp"
	"testing"
)

// The README's example queries are what a newcomer pastes first: each must
// run without errors on the built-in dataset.
func TestTheREADMEQueriesRun(t *testing.T) {
	text, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(text), -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d graphql blocks in the README", len(blocks))
	}
	c := newClient(builtinStore(t))
	for _, b := range blocks {
		resp, err := c.RawPost(b[1])
		if err != nil {
			t.Errorf("%s\n%v", b[1], err)
			continue
		}
		if len(resp.Errors) > 0 {
			t.Errorf("%s\nerrors: %s", b[1], resp.Errors)
		}
	}
}
