package neo4j

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Each method builds its statement's parameters, runs it once with read,
// and decodes the records with a function of its own (decode…), which the
// mapping tests feed with the driver's value types.

var _ hanke.Store = (*Store)(nil)

// read runs one read statement as one managed read transaction, routed to
// a reader and retried on transient failures: one round trip.
func (s *Store) read(ctx context.Context, st Statement, params map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, st.Text, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase(s.database))
	if err != nil {
		return nil, storeError(st, err)
	}
	return res.Records, nil
}

// value reads one column of a record; a null reads as the zero value.
func value[T neo4j.RecordValue](st Statement, rec *neo4j.Record, key string) (T, error) {
	v, _, err := neo4j.GetRecordValue[T](rec, key)
	if err != nil {
		return v, fmt.Errorf("neo4j: statement %s, column %s: %w", st.Name, key, err)
	}
	return v, nil
}

// single is the one record of a statement that returns one.
func single(st Statement, recs []*neo4j.Record) (*neo4j.Record, error) {
	if len(recs) != 1 {
		return nil, fmt.Errorf("neo4j: statement %s returned %d rows, want 1", st.Name, len(recs))
	}
	return recs[0], nil
}

// Ping tells whether Neo4j answers a statement in the configured database.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx, pingStatement, nil)
	return err
}

// idsByLabel groups ids by the label their prefix names, once each, for the
// statements that look nodes up through each label's index ($ids.Project,
// …). Ids of no label are left out: no node has them.
func idsByLabel(ids []string) map[string]any {
	byLabel := map[hanke.Label][]string{}
	for _, id := range ids {
		if l, ok := hanke.LabelOf(id); ok && !slices.Contains(byLabel[l], id) {
			byLabel[l] = append(byLabel[l], id)
		}
	}
	out := make(map[string]any, len(byLabel))
	for l, ids := range byLabel {
		out[string(l)] = ids
	}
	return out
}

// Nodes looks nodes up by id: one entry per id, nil where it is unknown.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	out := make([]hanke.Node, len(ids))
	byLabel := idsByLabel(ids)
	if len(byLabel) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, nodesStatement, map[string]any{"ids": byLabel})
	if err != nil {
		return nil, err
	}
	nodes, err := decodeNodes(nodesStatement, recs, "n")
	if err != nil {
		return nil, err
	}
	found := make(map[string]hanke.Node, len(nodes))
	for _, n := range nodes {
		found[n.NodeID()] = n
	}
	for i, id := range ids {
		out[i] = found[id]
	}
	return out, nil
}

// decodeNodes reads the node in column key of each record.
func decodeNodes(st Statement, recs []*neo4j.Record, key string) ([]hanke.Node, error) {
	out := make([]hanke.Node, 0, len(recs))
	for _, rec := range recs {
		n, err := value[dbtype.Node](st, rec, key)
		if err != nil {
			return nil, err
		}
		node, err := decodeNode(n)
		if err != nil {
			return nil, err
		}
		out = append(out, node)
	}
	return out, nil
}

// noLimit stands for "to the end" in SKIP/LIMIT and list slices, which take
// no null; it is far above any page and cannot overflow when added to an
// offset.
const noLimit = math.MaxInt32

// Edges expands the relationships of each node in q.IDs: one page each, in
// the order of q.IDs; an unknown id has an empty page.
func (s *Store) Edges(ctx context.Context, q hanke.EdgeQuery) ([]hanke.EdgePage, error) {
	out := make([]hanke.EdgePage, len(q.IDs))
	byLabel := idsByLabel(q.IDs)
	if len(byLabel) == 0 {
		return out, nil
	}
	st, ok := edgeStatements[q.Direction]
	if !ok {
		st = edgeStatements[hanke.Both]
	}
	types := make([]string, len(q.Types))
	for i, t := range q.Types {
		types[i] = string(t)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = noLimit
	}
	recs, err := s.read(ctx, st, map[string]any{
		"ids": byLabel, "types": types, "role": q.Role,
		"offset": int64(max(q.Offset, 0)), "limit": int64(limit), "neighbours": q.Neighbours,
	})
	if err != nil {
		return nil, err
	}
	pages, err := decodeEdgePages(st, recs, q.Neighbours)
	if err != nil {
		return nil, err
	}
	for i, id := range q.IDs {
		out[i] = pages[id]
	}
	return out, nil
}

// decodeEdgePages reads records of (id, total, edges), edges a list of
// {rel, from, to, neighbour} maps; neighbour is the node at the other end,
// when the query asked for them.
func decodeEdgePages(st Statement, recs []*neo4j.Record, neighbours bool) (map[string]hanke.EdgePage, error) {
	pages := make(map[string]hanke.EdgePage, len(recs))
	for _, rec := range recs {
		id, err := value[string](st, rec, "id")
		if err != nil {
			return nil, err
		}
		total, err := value[int64](st, rec, "total")
		if err != nil {
			return nil, err
		}
		list, err := value[[]any](st, rec, "edges")
		if err != nil {
			return nil, err
		}
		page := hanke.EdgePage{Total: int(total)}
		for _, v := range list {
			e, n, err := decodeEdgeMap(v, neighbours)
			if err != nil {
				return nil, err
			}
			page.Edges = append(page.Edges, e)
			if neighbours {
				page.Neighbours = append(page.Neighbours, n)
			}
		}
		pages[id] = page
	}
	return pages, nil
}

// All lists every node of a label, by id.
func (s *Store) All(ctx context.Context, label hanke.Label) ([]hanke.Node, error) {
	st, ok := allStatements[label]
	if !ok {
		return []hanke.Node{}, nil // not a label: no node has it
	}
	recs, err := s.read(ctx, st, nil)
	if err != nil {
		return nil, err
	}
	return decodeNodes(st, recs, "n")
}

// pageParams are the parameters every page statement takes: the window
// and, with a text filter, the words. ok is false for a text filter of no
// words (stop words only), which matches nothing, as in every store.
func pageParams(text string, offset, limit int) (params map[string]any, ok bool) {
	offset = max(offset, 0)
	end := noLimit
	if limit > 0 {
		end = offset + limit
	}
	words := textWords(text)
	return map[string]any{"words": words, "offset": int64(offset), "end": int64(end)}, text == "" || len(words) > 0
}

// decodePage reads the one record of a page statement: the total and the
// page's nodes.
func decodePage(st Statement, recs []*neo4j.Record) ([]hanke.Node, int, error) {
	rec, err := single(st, recs)
	if err != nil {
		return nil, 0, err
	}
	total, err := value[int64](st, rec, "total")
	if err != nil {
		return nil, 0, err
	}
	list, err := value[[]any](st, rec, "page")
	if err != nil {
		return nil, 0, err
	}
	var nodes []hanke.Node
	for _, v := range list {
		dn, ok := v.(dbtype.Node)
		if !ok {
			return nil, 0, fmt.Errorf("neo4j: statement %s: page holds a %T, want a node", st.Name, v)
		}
		n, err := decodeNode(dn)
		if err != nil {
			return nil, 0, err
		}
		nodes = append(nodes, n)
	}
	return nodes, int(total), nil
}

// Projects is one filtered, ordered page of projects with the total count.
func (s *Store) Projects(ctx context.Context, q hanke.ProjectQuery) (hanke.ProjectPage, error) {
	order := cmp.Or(q.Order, hanke.OrderByName)
	st, ok := projectStatements[pageVariant{text: q.Filter.Text != "", order: order, desc: q.Descending}]
	if !ok {
		return hanke.ProjectPage{}, hanke.Errorf(hanke.ECodeInvalid, "unknown project order %q", q.Order)
	}
	params, ok := pageParams(q.Filter.Text, q.Offset, q.Limit)
	if !ok {
		return hanke.ProjectPage{}, nil
	}
	if err := addProjectFilter(params, q.Filter); err != nil {
		return hanke.ProjectPage{}, err
	}
	recs, err := s.read(ctx, st, params)
	if err != nil {
		return hanke.ProjectPage{}, err
	}
	nodes, total, err := decodePage(st, recs)
	if err != nil {
		return hanke.ProjectPage{}, err
	}
	page := hanke.ProjectPage{Total: total}
	for _, n := range nodes {
		p, ok := n.(*hanke.Project)
		if !ok {
			return hanke.ProjectPage{}, fmt.Errorf("neo4j: statement %s returned %s, not a project", st.Name, n.NodeID())
		}
		page.Projects = append(page.Projects, p)
	}
	return page, nil
}

// addProjectFilter adds the parameters of projectFilter.
func addProjectFilter(params map[string]any, f hanke.ProjectFilter) error {
	params["kinds"] = stringList(f.Kinds)
	params["classifications"] = stringList(classificationKeys(f.Classifications))
	for name, ids := range map[string][]string{
		"funds": f.Funds, "programmes": f.Programmes, "regions": f.Regions, "sectors": f.Sectors,
		"implementers": f.Implementers, "funders": f.Funders,
	} {
		params[name] = stringList(ids)
	}
	for name, date := range map[string]string{"activeOn": f.ActiveOn, "from": f.From, "to": f.To} {
		v, err := dateParam(name, date)
		if err != nil {
			return err
		}
		params[name] = v
	}
	return nil
}

// ProjectIDs calls fn with the id of every project that f selects, in
// ascending id order, streaming them from one read transaction. Should the
// driver retry the transaction after some ids were handed out, the ids up
// to the last one handed out are skipped, so that fn sees each id once.
// (Neo4j orders strings as Java does; for ids, which are ASCII, that is
// Go's byte order.)
func (s *Store) ProjectIDs(ctx context.Context, f hanke.ProjectFilter, fn func(id string) error) error {
	st := projectIDStatements[f.Text != ""]
	params, ok := pageParams(f.Text, 0, 0)
	if !ok {
		return nil
	}
	if err := addProjectFilter(params, f); err != nil {
		return err
	}
	stream := &idStream{st: st, fn: fn}
	_, err := neo4j.ExecuteQuery(ctx, s.driver, st.Text, params,
		func() neo4j.ResultTransformer[struct{}] { return stream },
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase(s.database))
	var stopped callerError
	switch {
	case errors.As(err, &stopped):
		return stopped.err
	case err != nil:
		return storeError(st, err)
	}
	return nil
}

// idStream hands the ids of a projectIDs statement to fn as they come.
type idStream struct {
	st   Statement
	fn   func(id string) error
	last string // the last id handed out, "" before the first
}

// callerError is fn's error, which must reach ProjectIDs's caller as it is.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }

func (s *idStream) Accept(rec *neo4j.Record) error {
	id, err := value[string](s.st, rec, "id")
	if err != nil {
		return callerError{err}
	}
	if s.last != "" && id <= s.last {
		return nil // handed out before the driver retried
	}
	s.last = id
	if err := s.fn(id); err != nil {
		return callerError{err}
	}
	return nil
}

func (s *idStream) Complete([]string, neo4j.ResultSummary) (struct{}, error) { return struct{}{}, nil }

// stringList is a list parameter: never nil, since Cypher's size(null) is
// null, which would make a filter's condition fail rather than not apply.
func stringList[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// dateParam is a filter's ISO date as a DATE, or null when it is not set.
func dateParam(name, date string) (any, error) {
	if date == "" {
		return nil, nil
	}
	t, err := time.Parse(dateLayout, date)
	if err != nil {
		return nil, hanke.Errorf(hanke.ECodeInvalid, "%s: %q is not a date (YYYY-MM-DD)", name, date)
	}
	return dbtype.Date(t), nil
}

// Organisations is one filtered page of organisations, by name and id, with the total count.
func (s *Store) Organisations(ctx context.Context, q hanke.OrganisationQuery) (hanke.OrganisationPage, error) {
	f := q.Filter
	st := organisationStatements[pageVariant{text: f.Text != "", desc: q.Descending}]
	params, ok := pageParams(f.Text, q.Offset, q.Limit)
	if !ok {
		return hanke.OrganisationPage{}, nil
	}
	params["kinds"] = stringList(f.Kinds)
	params["regions"] = stringList(f.Regions)
	recs, err := s.read(ctx, st, params)
	if err != nil {
		return hanke.OrganisationPage{}, err
	}
	nodes, total, err := decodePage(st, recs)
	if err != nil {
		return hanke.OrganisationPage{}, err
	}
	page := hanke.OrganisationPage{Total: total}
	for _, n := range nodes {
		o, ok := n.(*hanke.Organisation)
		if !ok {
			return hanke.OrganisationPage{}, fmt.Errorf("neo4j: statement %s returned %s, not an organisation", st.Name, n.NodeID())
		}
		page.Organisations = append(page.Organisations, o)
	}
	return page, nil
}

// Search finds the nodes whose names, acronyms or summaries match any word
// of text, best first (see textWords and the search statement).
func (s *Store) Search(ctx context.Context, text string, limit int) ([]hanke.SearchHit, error) {
	words := textWords(text)
	if len(words) == 0 || limit <= 0 {
		return []hanke.SearchHit{}, nil
	}
	recs, err := s.read(ctx, searchStatement, map[string]any{"words": words, "limit": int64(limit)})
	if err != nil {
		return nil, err
	}
	return decodeHits(recs)
}

// Classifications counts the projects of each classification.
func (s *Store) Classifications(ctx context.Context) ([]hanke.ClassificationCount, error) {
	recs, err := s.read(ctx, classificationsStatement, nil)
	if err != nil {
		return nil, err
	}
	return decodeClassifications(recs)
}

// decodeClassifications reads records of (key, projects, label).
func decodeClassifications(recs []*neo4j.Record) ([]hanke.ClassificationCount, error) {
	st := classificationsStatement
	out := make([]hanke.ClassificationCount, len(recs))
	for i, rec := range recs {
		key, err := value[string](st, rec, "key")
		if err != nil {
			return nil, err
		}
		projects, err := value[int64](st, rec, "projects")
		if err != nil {
			return nil, err
		}
		label, err := value[string](st, rec, "label")
		if err != nil {
			return nil, err
		}
		scheme, code, _ := strings.Cut(key, keySeparator)
		out[i] = hanke.ClassificationCount{Classification: hanke.Classification{Scheme: scheme, Code: code, Label: label}, Projects: int(projects)}
	}
	return out, nil
}

// decodeHits reads records of (node, score).
func decodeHits(recs []*neo4j.Record) ([]hanke.SearchHit, error) {
	st := searchStatement
	nodes, err := decodeNodes(st, recs, "node")
	if err != nil {
		return nil, err
	}
	out := make([]hanke.SearchHit, len(recs))
	for i, rec := range recs {
		score, err := value[float64](st, rec, "score")
		if err != nil {
			return nil, err
		}
		out[i] = hanke.SearchHit{Node: nodes[i], Score: score}
	}
	return out, nil
}

// Snapshot reads the whole graph in one read transaction.
func (s *Store) Snapshot(ctx context.Context) (*hanke.Graph, error) {
	recs, err := s.read(ctx, snapshotStatement, nil)
	if err != nil {
		return nil, err
	}
	return decodeSnapshot(recs)
}

// decodeSnapshot reads records of (node, null, null, null) and (null, rel,
// from, to) into a graph: nodes by id, edges by from, type and to.
func decodeSnapshot(recs []*neo4j.Record) (*hanke.Graph, error) {
	st := snapshotStatement
	g := &hanke.Graph{}
	for _, rec := range recs {
		if v, _ := rec.Get("node"); v != nil {
			nodes, err := decodeNodes(st, []*neo4j.Record{rec}, "node")
			if err != nil {
				return nil, err
			}
			g.Nodes = append(g.Nodes, nodes[0])
			continue
		}
		rel, err := value[dbtype.Relationship](st, rec, "rel")
		if err != nil {
			return nil, err
		}
		from, err := value[string](st, rec, "from")
		if err != nil {
			return nil, err
		}
		to, err := value[string](st, rec, "to")
		if err != nil {
			return nil, err
		}
		e, err := decodeEdge(rel, from, to)
		if err != nil {
			return nil, err
		}
		g.Edges = append(g.Edges, e)
	}
	slices.SortFunc(g.Nodes, func(a, b hanke.Node) int { return cmp.Compare(a.NodeID(), b.NodeID()) })
	slices.SortFunc(g.Edges, func(a, b hanke.Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Type, b.Type), cmp.Compare(a.To, b.To))
	})
	return g, nil
}

// Version is the stamp the last Load left, "0" before any.
func (s *Store) Version(ctx context.Context) (string, error) {
	recs, err := s.read(ctx, versionStatement, nil)
	if err != nil {
		return "", err
	}
	rec, err := single(versionStatement, recs)
	if err != nil {
		return "", err
	}
	v, err := value[string](versionStatement, rec, "version")
	if err != nil {
		return "", err
	}
	return cmp.Or(v, "0"), nil
}
