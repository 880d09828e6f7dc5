package neo4j

import (
	"context"
	"os"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

// These tests run against a real Neo4j 5 when NEO4J_URI is set (README.md
// tells how to start one). They empty the database they are given, and so
// refuse to start on one that already holds data (see allowEmptying).

const needNeo4j = "set NEO4J_URI=bolt://localhost:7687 (and NEO4J_USERNAME/NEO4J_PASSWORD) to run the store contract suite against Neo4j 5; see README"

// The tests' own statements: not among Statements, but the Cypher lint checks them too.
var (
	clearStatement = Statement{Name: "test.clear", Text: "MATCH (n) DETACH DELETE n"}
	countStatement = Statement{Name: "test.count", Text: "MATCH (n) RETURN count(n) AS nodes"}
)

// allowEmptying is the variable that lets the tests empty a database that
// held data before they ran; without it they refuse, so that running the
// tests with NEO4J_URI pointing at real data cannot wipe it.
const allowEmptying = "HANKEGRAPH_TEST_EMPTIES_NEO4J"

// checkedEmpty is set once the tests know they may empty the database.
var checkedEmpty bool

// openNeo4j opens a store on the test database holding exactly g: emptied,
// migrated, then loaded.
func openNeo4j(t *testing.T, g *hanke.Graph, opts ...Option) *Store {
	t.Helper()
	cfg := ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		t.Skip(needNeo4j)
	}
	s, err := Open(context.Background(), cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	reset(t, s, g)
	return s
}

// reset empties the test database and loads the graphs.
func reset(t *testing.T, s *Store, graphs ...*hanke.Graph) {
	t.Helper()
	ctx := context.Background()
	if !checkedEmpty && os.Getenv(allowEmptying) == "" {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, countStatement.Text, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.Records[0].Get("nodes"); n.(int64) > 0 {
			t.Fatalf("the database at NEO4J_URI holds %d nodes; these tests empty the database they run on, so point them at an empty one (NEO4J_DATABASE, or a fresh container) or set %s=1", n, allowEmptying)
		}
	}
	checkedEmpty = true
	if _, err := neo4j.ExecuteQuery(ctx, s.driver, clearStatement.Text, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database)); err != nil {
		t.Fatal(err)
	}
	for _, g := range graphs {
		if g == nil {
			continue
		}
		if _, err := s.Load(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
}

func TestContract(t *testing.T) {
	if os.Getenv("NEO4J_URI") == "" {
		t.Skip(needNeo4j)
	}
	storetest.Run(t, func(t *testing.T, g *hanke.Graph) hanke.Store { return openNeo4j(t, g) })
}

func TestLoadIntoNeo4j(t *testing.T) {
	var progress [][2]int
	s := openNeo4j(t, nil, WithProgress(func(done, total int) { progress = append(progress, [2]int{done, total}) }))
	ctx := context.Background()
	g := sampleGraph()

	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	if v, err := s.Version(ctx); err != nil || v != "0" {
		t.Errorf("the version of an empty store: %q, %v", v, err)
	}
	for range 2 {
		stats, err := s.Load(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		if stats != (hanke.LoadStats{Nodes: len(g.Nodes), Edges: len(g.Edges)}) {
			t.Errorf("stats %+v", stats)
		}
	}
	if last := progress[len(progress)-1]; last != [2]int{len(g.Nodes) + len(g.Edges), len(g.Nodes) + len(g.Edges)} {
		t.Errorf("progress ends at %v", last)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Nodes) != len(g.Nodes) || len(snap.Edges) != len(g.Edges) {
		t.Errorf("loading twice: %d nodes, %d edges; want %d, %d", len(snap.Nodes), len(snap.Edges), len(g.Nodes), len(g.Edges))
	}
	nodes, err := s.Nodes(ctx, []string{"project:sokra"})
	if err != nil {
		t.Fatal(err)
	}
	if p := nodes[0].(*hanke.Project); len(p.Figures) != 1 || *p.TotalBudgetEur != 2.5e6 || p.StartDate != "2015-03-01" {
		t.Errorf("the project read back: %+v", p)
	}

	// A graph with an edge to a node that is nowhere is refused whole.
	before, _ := s.Version(ctx)
	bad := &hanke.Graph{
		Nodes: []hanke.Node{&hanke.Fund{Base: hanke.Base{ID: "fund:new", Names: hanke.LocalizedText{En: "New"}}}},
		Edges: []hanke.Edge{{Type: hanke.RelPartOf, From: "programme:nowhere", To: "fund:new"}},
	}
	if _, err := s.Load(ctx, bad); hanke.ErrorCode(err) != hanke.ECodeInvalid {
		t.Fatalf("a dangling edge: got %v, want %s", err, hanke.ECodeInvalid)
	}
	if nodes, _ := s.Nodes(ctx, []string{"fund:new"}); nodes[0] != nil {
		t.Error("a refused Load wrote a node")
	}
	if after, _ := s.Version(ctx); after != before {
		t.Error("a refused Load changed the version")
	}
}
