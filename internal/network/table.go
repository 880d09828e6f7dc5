package network

import (
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Table is a graph as the export formats write it: nodes and edges, each with
// an id, a label and values in typed columns, so that Gephi, Cytoscape,
// igraph or R can colour, size and filter by them. Subgraphs and
// collaboration networks become Tables; centrality scores and communities
// are added to one as columns.
type Table struct {
	// Directed tells whether edges go from Source to Target or have no
	// direction.
	Directed    bool
	NodeColumns []Column
	EdgeColumns []Column
	Nodes       []TableNode
	Edges       []TableEdge
}

// Column is a named, typed attribute of nodes or edges.
type Column struct {
	Key  string
	Type ColumnType
}

// ColumnType is the type of a column's values, named as in GEXF.
type ColumnType string

const (
	String  ColumnType = "string"  // values are strings
	Integer ColumnType = "integer" // values are ints
	Double  ColumnType = "double"  // values are float64s
	Boolean ColumnType = "boolean" // values are bools
)

// TableNode is a node: Label is its name, Values[i] its value in
// NodeColumns[i], nil when it has none.
type TableNode struct {
	ID, Label string
	Values    []any
}

// TableEdge is an edge: Label is the relationship's type, Values[i] its value
// in EdgeColumns[i], nil when it has none.
type TableEdge struct {
	ID, Source, Target, Label string
	Weight                    float64
	Values                    []any
}

// nodeColumns are the columns of every node: its label (Project,
// Organisation…), its kind within the label, its acronym, its dates and
// whether it is synthetic benchmark data.
var nodeColumns = []Column{
	{"type", String}, {"kind", String}, {"acronym", String},
	{"start_date", String}, {"end_date", String}, {"synthetic", Boolean},
}

func nodeRow(n hanke.Node) TableNode {
	var kind, acronym, start, end string
	switch n := n.(type) {
	case *hanke.Project:
		kind, acronym, start, end = string(n.Kind), n.Acronym, n.StartDate, n.EndDate
	case *hanke.Organisation:
		kind, acronym = string(n.Kind), n.Acronym
	case *hanke.Fund:
		acronym = n.Acronym
	}
	return TableNode{
		ID:    n.NodeID(),
		Label: n.Name(),
		Values: []any{
			string(n.NodeLabel()), orNil(kind), orNil(acronym), orNil(start), orNil(end), n.IsSynthetic(),
		},
	}
}

// orNil is s, or nil (no value) when it is empty.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Table is the subgraph as a table of directed edges, each relationship an
// edge of weight 1.
func (s *Subgraph) Table() *Table {
	t := &Table{
		Directed:    true,
		NodeColumns: nodeColumns,
		EdgeColumns: []Column{{"role", String}, {"priority", String}, {"specific_objective", String}, {"synthetic", Boolean}},
		Nodes:       make([]TableNode, len(s.Nodes)),
		Edges:       make([]TableEdge, len(s.Edges)),
	}
	for i, n := range s.Nodes {
		t.Nodes[i] = nodeRow(n)
	}
	for i, e := range s.Edges {
		t.Edges[i] = TableEdge{
			ID: e.ID(), Source: e.From, Target: e.To, Label: string(e.Type), Weight: 1,
			Values: []any{orNil(e.Role), orNil(e.Priority), orNil(e.SpecificObjective), e.Synthetic},
		}
	}
	return t
}

// Collaborates is the label of a collaboration network's links in exports.
const Collaborates = "COLLABORATES_WITH"

// Table is the collaboration network as a table of undirected edges, weighted
// by the projects shared, whose ids are in the column "projects" separated
// by semicolons.
func (c *Collaboration) Table() *Table {
	t := &Table{
		NodeColumns: nodeColumns,
		EdgeColumns: []Column{{"projects", String}},
		Nodes:       make([]TableNode, len(c.Organisations)),
		Edges:       make([]TableEdge, len(c.Links)),
	}
	for i, o := range c.Organisations {
		t.Nodes[i] = nodeRow(o)
	}
	for i, l := range c.Links {
		ids := make([]string, len(l.Projects))
		for j, p := range l.Projects {
			ids[j] = p.ID
		}
		t.Edges[i] = TableEdge{
			ID: l.A.ID + "|" + l.B.ID, Source: l.A.ID, Target: l.B.ID, Label: Collaborates,
			Weight: float64(l.Weight()), Values: []any{strings.Join(ids, ";")},
		}
	}
	return t
}

// AddScores adds a column named key (the measure, say "pagerank") with the
// nodes' scores; nodes without a score have no value in it.
func (t *Table) AddScores(key string, scores []Score) {
	values := make(map[string]any, len(scores))
	for _, s := range scores {
		values[s.Node.NodeID()] = s.Value
	}
	t.addNodeColumn(Column{key, Double}, values)
}

// AddCommunities adds the column "community": the position of the node's
// group in c.Groups, 0 for the largest.
func (t *Table) AddCommunities(c *Communities) {
	values := make(map[string]any)
	for i, g := range c.Groups {
		for _, m := range g.Members {
			values[m.ID] = i
		}
	}
	t.addNodeColumn(Column{"community", Integer}, values)
}

func (t *Table) addNodeColumn(c Column, values map[string]any) {
	// The full slice expression makes append copy, so that tables never
	// share (and overwrite) the columns they started with.
	t.NodeColumns = append(t.NodeColumns[:len(t.NodeColumns):len(t.NodeColumns)], c)
	for i := range t.Nodes {
		t.Nodes[i].Values = append(t.Nodes[i].Values, values[t.Nodes[i].ID])
	}
}
