package neo4j

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// loadBatchSize is how many rows one UNWIND statement writes.
const loadBatchSize = 1000

// awaitIndexesSeconds bounds how long Migrate waits for new indexes to come online.
const awaitIndexesSeconds = 300

// Migrate creates the schema: constraints, indexes and full-text indexes,
// each only if it does not exist yet, so it can run at every start. It
// returns when the indexes are online. An index whose definition changed
// in a later version must be dropped by hand first (README.md).
func (s *Store) Migrate(ctx context.Context) error {
	for _, st := range schemaStatements {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, st.Text, map[string]any{"timeoutSeconds": int64(awaitIndexesSeconds)},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithWritersRouting(), neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			return storeError(st, err)
		}
	}
	return nil
}

// batch is one statement's rows.
type batch struct {
	st   Statement
	rows []map[string]any
}

// Load merges g into the store, all or nothing: every batch is written in
// ONE write transaction, which Neo4j commits whole or not at all, so a
// failed or interrupted Load leaves the store as it was and readers never
// see half a graph; running Load again completes it. Nodes and
// relationships are merged by id (MERGE), and their properties replaced, so
// loading the same graph twice changes nothing but the version stamp.
//
// Everything that can be checked without the database is checked before
// the first write: labels, relationship types, property values. Inside the
// transaction, before writing, Load checks that the nodes which edges name
// but g does not hold are in the store.
//
// One transaction holds the whole graph in the server's transaction memory
// (dbms.memory.transaction.total.max); a graph larger than that must be
// loaded a file at a time, each file all or nothing.
func (s *Store) Load(ctx context.Context, g *hanke.Graph) (hanke.LoadStats, error) {
	batches, outside, err := loadBatches(g)
	if err != nil {
		return hanke.LoadStats{}, err
	}
	version, err := newVersion()
	if err != nil {
		return hanke.LoadStats{}, err
	}
	total := len(g.Nodes) + len(g.Edges)
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName: s.database,
		// The bookmarks that ExecuteQuery reads with, so that reads after a
		// Load see it, on any cluster member.
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer session.Close(ctx)
	var current Statement // the statement running, for error messages
	_, err = session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		current = nodesStatement
		if err := checkOutside(ctx, tx, outside); err != nil {
			return nil, err
		}
		done := 0
		for _, b := range batches {
			current = b.st
			written, err := runCount(ctx, tx, b.st, map[string]any{"rows": b.rows})
			if err != nil {
				return nil, err
			}
			if written != len(b.rows) { // an end deleted meanwhile by someone else
				return nil, internal(fmt.Errorf("neo4j: statement %s wrote %d of %d rows", b.st.Name, written, len(b.rows)))
			}
			done += len(b.rows)
			if s.progress != nil {
				s.progress(done, total)
			}
		}
		current = bumpVersion
		res, err := tx.Run(ctx, bumpVersion.Text, map[string]any{"version": version})
		if err != nil {
			return nil, err
		}
		_, err = res.Consume(ctx)
		return nil, err
	})
	if err != nil {
		var own *hanke.Error
		if errors.As(err, &own) {
			return hanke.LoadStats{}, err
		}
		return hanke.LoadStats{}, storeError(current, err)
	}
	return hanke.LoadStats{Nodes: len(g.Nodes), Edges: len(g.Edges)}, nil
}

// loadBatches turns g into batches of rows, nodes first, and lists the
// edges' ends that g does not hold, which must already be in the store.
func loadBatches(g *hanke.Graph) (batches []batch, outside map[string]hanke.Edge, err error) {
	nodeRows := map[hanke.Label][]map[string]any{}
	inGraph := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		if l, ok := hanke.LabelOf(n.NodeID()); !ok || l != n.NodeLabel() {
			return nil, nil, hanke.Errorf(hanke.ECodeInvalid, "node %q: a %s id must start with %q", n.NodeID(), n.NodeLabel(), hanke.IDPrefix(n.NodeLabel()))
		}
		props, err := nodeProperties(n)
		if err != nil {
			return nil, nil, hanke.Errorf(hanke.ECodeInvalid, "%v", err)
		}
		nodeRows[n.NodeLabel()] = append(nodeRows[n.NodeLabel()], map[string]any{"id": n.NodeID(), "props": props})
		inGraph[n.NodeID()] = true
	}
	edgeRows := map[edgeKind][]map[string]any{}
	outside = map[string]hanke.Edge{}
	for _, e := range g.Edges {
		from, okFrom := hanke.LabelOf(e.From)
		to, okTo := hanke.LabelOf(e.To)
		k := edgeKind{e.Type, from, to}
		if _, ok := loadEdgeStatements[k]; !ok || !okFrom || !okTo {
			return nil, nil, hanke.Errorf(hanke.ECodeInvalid, "relationship %s: a %s relationship cannot join these nodes", e.ID(), e.Type)
		}
		edgeRows[k] = append(edgeRows[k], map[string]any{"from": e.From, "to": e.To, "props": edgeProperties(e)})
		for _, id := range []string{e.From, e.To} {
			if !inGraph[id] {
				outside[id] = e
			}
		}
	}
	for _, l := range hanke.Labels {
		batches = appendBatches(batches, loadNodeStatements[l], nodeRows[l])
	}
	for _, k := range edgeKinds() {
		batches = appendBatches(batches, loadEdgeStatements[k], edgeRows[k])
	}
	return batches, outside, nil
}

func appendBatches(batches []batch, st Statement, rows []map[string]any) []batch {
	for start := 0; start < len(rows); start += loadBatchSize {
		batches = append(batches, batch{st, rows[start:min(start+loadBatchSize, len(rows))]})
	}
	return batches
}

// checkOutside makes sure the nodes that edges name outside the graph are
// in the store, with the nodes statement.
func checkOutside(ctx context.Context, tx neo4j.ManagedTransaction, outside map[string]hanke.Edge) error {
	if len(outside) == 0 {
		return nil
	}
	ids := make([]string, 0, len(outside))
	for id := range outside {
		ids = append(ids, id)
	}
	res, err := tx.Run(ctx, nodesStatement.Text, map[string]any{"ids": idsByLabel(ids)})
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	found, err := decodeNodes(nodesStatement, recs, "n")
	if err != nil {
		return internal(err)
	}
	for _, n := range found {
		delete(outside, n.NodeID())
	}
	slices.Sort(ids)
	for _, id := range ids {
		if e, missing := outside[id]; missing {
			return hanke.Errorf(hanke.ECodeInvalid, "relationship %s names unknown node %q", e.ID(), id)
		}
	}
	return nil
}

// runCount runs a load statement and reads the count it returns.
func runCount(ctx context.Context, tx neo4j.ManagedTransaction, st Statement, params map[string]any) (int, error) {
	res, err := tx.Run(ctx, st.Text, params)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	n, err := value[int64](st, rec, "written")
	if err != nil {
		return 0, internal(err)
	}
	return int(n), nil
}

// internal marks an error of this package's own, met inside a write
// transaction, so that Load does not take it for the driver's.
func internal(err error) error {
	return &hanke.Error{Code: hanke.ECodeInternal, Message: err.Error(), Err: err}
}

// newVersion is a fresh version stamp. It is random rather than a counter
// so that a store that was emptied and loaded again never repeats a stamp
// that a cache may still hold.
func newVersion() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
