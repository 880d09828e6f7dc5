package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "path.csv")
	args := []string{"export", "edges.csv", "graph=path&from=org:thl&to=org:sos-lapsikyla", "--out", out}
	if err := run(context.Background(), args, env(nil), io.Discard); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(out)
	if lines := strings.Count(string(text), "\n"); lines != 4 || !strings.Contains(string(text), "COOPERATES_WITH") {
		t.Errorf("the path's three relationships and a header:\n%s", text)
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"export", "gexf"}, env(nil), &stdout); err != nil || !strings.Contains(stdout.String(), `version="1.2"`) {
		t.Errorf("GEXF to standard output: %v %.100s", err, stdout.String())
	}
	if err := run(context.Background(), []string{"export", "gexf", "graph=pie"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "graph must be") {
		t.Errorf("a bad graph: %v", err)
	}
}
