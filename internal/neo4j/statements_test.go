package neo4j

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

func TestStatementsAreListedOnceEach(t *testing.T) {
	all := Statements()
	if !slices.IsSortedFunc(all, func(a, b Statement) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Statements is not sorted by name")
	}
	seen := map[string]bool{}
	for _, st := range all {
		if seen[st.Name] {
			t.Errorf("two statements are named %s", st.Name)
		}
		seen[st.Name] = true
		if st.Text == "" || strings.Contains(st.Text, "%!") || strings.Contains(st.Text, "%[") {
			t.Errorf("statement %s is badly built: %q", st.Name, st.Text)
		}
	}
	all[0].Text = "changed"
	if Statements()[0].Text == "changed" {
		t.Error("Statements hands out the registry itself")
	}
}

// TestEveryStatementRunIsListed: the statements the store runs are the
// listed ones, for every label, type, direction and order.
func TestEveryStatementRunIsListed(t *testing.T) {
	listed := map[Statement]bool{}
	for _, st := range Statements() {
		listed[st] = true
	}
	check := func(what string, st Statement) {
		t.Helper()
		if !listed[st] {
			t.Errorf("%s: statement %q is not listed", what, st.Name)
		}
	}
	for _, st := range []Statement{pingStatement, versionStatement, bumpVersion, nodesStatement, searchStatement, classificationsStatement, snapshotStatement} {
		check("single", st)
	}
	for _, st := range schemaStatements {
		check("schema", st)
	}
	for _, l := range hanke.Labels {
		check("All", allStatements[l])
		check("Load", loadNodeStatements[l])
	}
	for _, d := range []hanke.Direction{hanke.Outgoing, hanke.Incoming, hanke.Both} {
		check("Edges", edgeStatements[d])
	}
	for _, k := range edgeKinds() {
		check("Load", loadEdgeStatements[k])
	}
	for _, text := range []bool{false, true} {
		check("ProjectIDs", projectIDStatements[text])
		for _, desc := range []bool{false, true} {
			check("Organisations", organisationStatements[pageVariant{text: text, desc: desc}])
			for order := range projectOrderProperties {
				check("Projects", projectStatements[pageVariant{text, order, desc}])
			}
		}
	}
	if want := len(hanke.Labels)*2 + 3 + len(edgeKinds()) + 2 + 4 + 4*2*2 + 7 + len(schemaStatements); len(listed) != want {
		t.Errorf("%d statements are listed, %d are run", len(listed), want)
	}
}

// TestStatementsSpliceOnlyTheClosedLists: the only names in the statements
// are labels and types of the closed lists (or the Meta label); their inputs
// are parameters.
func TestStatementsSpliceOnlyTheClosedLists(t *testing.T) {
	known := map[string]bool{metaLabel: true}
	for _, l := range hanke.Labels {
		known[string(l)] = true
	}
	for _, r := range hanke.AllRelTypes {
		known[string(r)] = true
	}
	name := regexp.MustCompile(`[(\[]\w*:([A-Za-z_|]+)`)
	for _, st := range Statements() {
		for _, m := range name.FindAllStringSubmatch(st.Text, -1) {
			for _, n := range strings.Split(m[1], "|") {
				if !known[n] {
					t.Errorf("statement %s names %q, which is not a label or relationship type of the closed lists", st.Name, n)
				}
			}
		}
	}
}

func TestOrderByKeepsMissingValuesLast(t *testing.T) {
	if got, want := orderBy("p", "startDate", false), "ORDER BY p.startDate IS NULL, p.startDate, p.id"; got != want {
		t.Errorf("ascending: %s, want %s", got, want)
	}
	// Descending reverses the value and the id, but nodes without a value
	// still come last, by ascending id, as in the embedded store.
	if got, want := orderBy("p", "startDate", true),
		"ORDER BY p.startDate IS NULL, p.startDate DESC, CASE WHEN p.startDate IS NULL THEN p.id END, p.id DESC"; got != want {
		t.Errorf("descending: %s, want %s", got, want)
	}
}
