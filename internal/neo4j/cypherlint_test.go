package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The Cypher lint runs every statement through Neo4j's own Cypher front end
// (cypherlint/lint.mjs, on the npm package @neo4j-cypher/language-support
// pinned in cypherlint/package-lock.json). It needs Node.js and the
// package installed:
//
//	npm ci --prefix internal/neo4j/cypherlint
//
// Without them the tests skip, except in CI (CI set), where they fail.

const lintInstall = "npm ci --prefix internal/neo4j/cypherlint"

// lintSchema is the graph's schema as the linter takes it: the labels,
// relationship types and property keys that the store writes. The property
// keys are those of the sample graph, which sets every field, so they are
// exactly what nodeProperties and edgeProperties write.
func lintSchema(t *testing.T) map[string]any {
	labels := []string{metaLabel}
	for _, l := range hanke.Labels {
		labels = append(labels, string(l))
	}
	keys := []string{"version"} // the Meta node's, besides id
	g := sampleGraph()
	for _, n := range g.Nodes {
		props, err := nodeProperties(n)
		if err != nil {
			t.Fatal(err)
		}
		for k := range props {
			keys = append(keys, k)
		}
	}
	for _, e := range g.Edges {
		for k := range edgeProperties(e) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return map[string]any{"labels": labels, "relationshipTypes": relTypeNames(), "propertyKeys": slices.Compact(keys)}
}

// lint runs lint.mjs over the statements and returns its output, and
// whether it found problems.
func lint(t *testing.T, statements []Statement) (output string, problems bool) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("cypherlint", "node_modules", "@neo4j-cypher", "language-support")); err != nil {
		unavailable(t, "the Cypher lint's npm package is not installed; run: "+lintInstall)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable(t, "node (Node.js 20 or later) is not installed; install it, then run: "+lintInstall)
	}
	type statement struct {
		Name string `json:"name"`
		Text string `json:"text"`
	}
	input := struct {
		Schema     map[string]any `json:"schema"`
		Statements []statement    `json:"statements"`
	}{Schema: lintSchema(t)}
	for _, st := range statements {
		input.Statements = append(input.Statements, statement{st.Name, st.Text})
	}
	data, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "statements.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, filepath.Join("cypherlint", "lint.mjs"), file).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), false
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return string(out), true
	default:
		t.Fatalf("lint.mjs did not run: %v\n%s", err, out)
		return "", false
	}
}

// unavailable skips a test that needs a tool, or fails it in CI, which must
// have every tool.
func unavailable(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

func TestStatementsPassCypherLint(t *testing.T) {
	out, problems := lint(t, append(Statements(), clearStatement, countStatement))
	if problems {
		t.Fatalf("Neo4j's Cypher front end finds problems in the statements:\n%s", out)
	}
	t.Log(strings.TrimSpace(out))
}

// TestCypherLintRejectsBrokenStatements makes sure the lint can fail: each
// of these statements has a mistake that a running Neo4j would refuse or
// warn about.
func TestCypherLintRejectsBrokenStatements(t *testing.T) {
	broken := []Statement{
		{"broken.syntax", "MATCH (n:Project RETURN n"},
		{"broken.variable", "MATCH (n:Project) RETURN m"},
		{"broken.label", "MATCH (n:Projekt) RETURN n"},
		{"broken.type", "MATCH (n:Project)-[:IMPLEMENT]-(m) RETURN m"},
		{"broken.property", "MATCH (n:Project) RETURN n.startdate"},
		{"broken.function", "MATCH (n:Project) RETURN toLowr(n.id)"},
		{"broken.procedure", "CALL apoc.meta.stats() YIELD nodeCount RETURN nodeCount"},
		{"broken.yield", "CALL db.index.fulltext.queryNodes('hanke_text_fi', $q) YIELD nodes RETURN nodes"},
		{"broken.deprecated", "MATCH (n:Project) CALL { WITH n RETURN n.id AS id } RETURN id"},
	}
	out, problems := lint(t, append(broken, pingStatement))
	if !problems {
		t.Fatalf("the lint passes broken statements:\n%s", out)
	}
	for _, st := range broken {
		if !strings.Contains(out, st.Name+":") {
			t.Errorf("the lint does not report %s (%s)", st.Name, st.Text)
		}
	}
	if strings.Contains(out, pingStatement.Name+":") {
		t.Errorf("the lint reports the good statement %s", pingStatement.Name)
	}
	if t.Failed() {
		t.Log(out)
	}
}
