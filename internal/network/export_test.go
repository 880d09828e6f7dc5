package network

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"maps"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/cytoscapejs"
	"gonum.org/v1/gonum/graph/formats/gexf12"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// elements is a written graph as read back: each node's and each edge's
// attributes by id, all as text. The fixed attributes are "label" and, for
// edges, "source", "target" and "weight".
type elements struct {
	nodes, edges map[string]map[string]string
}

// want is what every format must bring back of t.
func want(t *Table) elements {
	e := elements{map[string]map[string]string{}, map[string]map[string]string{}}
	for _, n := range t.Nodes {
		e.nodes[n.ID] = attributes(t.NodeColumns, n.Values, "label", n.Label)
	}
	for _, x := range t.Edges {
		e.edges[x.ID] = attributes(t.EdgeColumns, x.Values,
			"label", x.Label, "source", x.Source, "target", x.Target, "weight", format(x.Weight))
	}
	return e
}

func attributes(columns []Column, values []any, fixed ...string) map[string]string {
	a := make(map[string]string)
	for i := 0; i < len(fixed); i += 2 {
		a[fixed[i]] = fixed[i+1]
	}
	for i, v := range values {
		if v != nil {
			a[columns[i].Key] = format(v)
		}
	}
	return a
}

func (e elements) check(t *testing.T, got elements) {
	t.Helper()
	for _, kind := range []struct {
		name      string
		want, got map[string]map[string]string
	}{{"node", e.nodes, got.nodes}, {"edge", e.edges, got.edges}} {
		if len(kind.got) != len(kind.want) {
			t.Errorf("%d %ss, want %d", len(kind.got), kind.name, len(kind.want))
		}
		for id, w := range kind.want {
			if g := kind.got[id]; !maps.Equal(g, w) {
				t.Errorf("%s %s: %v, want %v", kind.name, id, g, w)
			}
		}
	}
}

// exportTables are the tables the tests write: a neighbourhood, whose node
// names need escaping in every format, and a collaboration network with
// scores for some of its organisations and communities.
func exportTables(t *testing.T) map[string]*Table {
	g := lineageGraph()
	g.Nodes[5].(*hanke.Organisation).Names = hanke.LocalizedText{Fi: `Sosiaali- & terveys "ry", <Åland>`}
	// Two relationships the same way between the same nodes.
	g.Edges = append(g.Edges, edge("org:a", hanke.RelFunds, "project:new"))
	a := newTestAnalyzer(g)
	ctx := context.Background()
	n, err := a.Neighbourhood(ctx, "project:new", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.CollaborationNetwork(ctx, hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := a.Centrality(ctx, PageRank, "Organisation", hanke.ProjectFilter{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	comm, err := a.Communities(ctx, hanke.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ct := c.Table()
	ct.AddScores("pagerank", pr)
	ct.AddCommunities(comm)
	return map[string]*Table{"neighbourhood": n.Table(), "collaboration": ct}
}

func TestWriteGraphML(t *testing.T) {
	for name, table := range exportTables(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteGraphML(&buf, table); err != nil {
				t.Fatal(err)
			}
			var doc graphML
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" {
				t.Errorf("namespace %q", doc.XMLName.Space)
			}
			if directed := doc.Graph.EdgeDefault == "directed"; directed != table.Directed {
				t.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
			}
			names := make(map[string]string)
			for _, k := range doc.Keys {
				names[k.ID] = k.Name
			}
			got := elements{map[string]map[string]string{}, map[string]map[string]string{}}
			for _, n := range doc.Graph.Nodes {
				got.nodes[n.ID] = make(map[string]string)
				for _, d := range n.Data {
					got.nodes[n.ID][names[d.Key]] = d.Value
				}
			}
			for _, e := range doc.Graph.Edges {
				got.edges[e.ID] = map[string]string{"source": e.Source, "target": e.Target}
				for _, d := range e.Data {
					got.edges[e.ID][names[d.Key]] = d.Value
				}
			}
			want(table).check(t, got)
		})
	}
}

func TestWriteGEXF(t *testing.T) {
	for name, table := range exportTables(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteGEXF(&buf, table); err != nil {
				t.Fatal(err)
			}
			var doc gexf12.Content
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Version != "1.2" || doc.Graph.Nodes.Count != len(table.Nodes) || doc.Graph.Edges.Count != len(table.Edges) {
				t.Errorf("version %q, counts %d and %d", doc.Version, doc.Graph.Nodes.Count, doc.Graph.Edges.Count)
			}
			for _, a := range doc.Graph.Attributes {
				columns := map[string][]Column{"node": table.NodeColumns, "edge": table.EdgeColumns}[a.Class]
				for i, c := range columns {
					if a.Attributes[i].ID != c.Key || a.Attributes[i].Type != string(c.Type) {
						t.Errorf("%s attribute %d is %+v, want %+v", a.Class, i, a.Attributes[i], c)
					}
				}
			}
			got := elements{map[string]map[string]string{}, map[string]map[string]string{}}
			for _, n := range doc.Graph.Nodes.Nodes {
				got.nodes[n.ID] = map[string]string{"label": n.Label}
				for _, v := range n.AttValues.AttValues {
					got.nodes[n.ID][v.For] = v.Value
				}
			}
			for _, e := range doc.Graph.Edges.Edges {
				got.edges[e.ID] = map[string]string{"label": e.Label, "source": e.Source, "target": e.Target, "weight": format(e.Weight)}
				for _, v := range e.AttValues.AttValues {
					got.edges[e.ID][v.For] = v.Value
				}
			}
			want(table).check(t, got)
		})
	}
}

func TestWriteCytoscapeJSON(t *testing.T) {
	for name, table := range exportTables(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCytoscapeJSON(&buf, table); err != nil {
				t.Fatal(err)
			}
			var doc cytoscapejs.GraphNodeEdge
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			got := elements{map[string]map[string]string{}, map[string]map[string]string{}}
			for _, n := range doc.Elements.Nodes {
				got.nodes[n.Data.ID] = textOf(n.Data.Attributes)
			}
			for _, e := range doc.Elements.Edges {
				got.edges[e.Data.ID] = textOf(e.Data.Attributes)
				got.edges[e.Data.ID]["source"] = e.Data.Source
				got.edges[e.Data.ID]["target"] = e.Data.Target
			}
			want(table).check(t, got)
		})
	}
}

// textOf is JSON values as text; JSON numbers come back as float64.
func textOf(attrs map[string]any) map[string]string {
	out := make(map[string]string)
	for k, v := range attrs {
		out[k] = format(v)
	}
	return out
}

func TestWriteCSV(t *testing.T) {
	for name, table := range exportTables(t) {
		t.Run(name, func(t *testing.T) {
			var nodes, edges bytes.Buffer
			if err := WriteNodesCSV(&nodes, table); err != nil {
				t.Fatal(err)
			}
			if err := WriteEdgesCSV(&edges, table); err != nil {
				t.Fatal(err)
			}
			got := elements{readCSV(t, &nodes, "Id"), readCSV(t, &edges, "Id")}
			// CSV has a column for every key, empty where a value is missing,
			// and the edges' direction in Gephi's "Type".
			rename := map[string]string{"Label": "label", "Source": "source", "Target": "target", "Weight": "weight"}
			direction := map[bool]string{true: "Directed", false: "Undirected"}[table.Directed]
			for _, group := range []map[string]map[string]string{got.nodes, got.edges} {
				for _, row := range group {
					for k, v := range row {
						if k == "Type" && v == direction {
							delete(row, k)
						} else if v == "" {
							delete(row, k)
						} else if r, ok := rename[k]; ok {
							row[r] = v
							delete(row, k)
						}
					}
				}
			}
			want(table).check(t, got)
		})
	}
}

// readCSV reads rows by the value of the column key, each row a map by header.
func readCSV(t *testing.T, r *bytes.Buffer, key string) map[string]map[string]string {
	t.Helper()
	records, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	out := make(map[string]map[string]string)
	for _, rec := range records[1:] {
		row := make(map[string]string)
		for i, h := range header {
			row[h] = rec[i]
		}
		out[row[key]] = row
		delete(row, key)
	}
	if !strings.EqualFold(header[0], "Id") && !strings.EqualFold(header[0], "Source") {
		t.Errorf("header %v does not start as Gephi expects", header)
	}
	return out
}
