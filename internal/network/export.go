package network

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"

	"gonum.org/v1/gonum/graph/formats/cytoscapejs"
	"gonum.org/v1/gonum/graph/formats/gexf12"
)

// The writers take a Table: Subgraph.Table and Collaboration.Table make one,
// Table.AddScores and Table.AddCommunities add the measures. Each writes
// every node and edge with its id, label (a node's name, an edge's
// relationship type), weight and column values; a value that is nil is left
// out (an empty cell in CSV).

// format is a column value as text, "" for nil.
func format(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		panic("network: a column value must be a string, int, float64 or bool")
	}
}

// GraphML (http://graphml.graphdrawing.org/), written with encoding/xml as
// gonum has no GraphML encoder. These types read it back, too.
type (
	graphML struct {
		XMLName xml.Name     `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
		Keys    []graphMLKey `xml:"key"`
		Graph   graphMLGraph `xml:"graph"`
	}
	graphMLKey struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	graphMLGraph struct {
		ID          string        `xml:"id,attr"`
		EdgeDefault string        `xml:"edgedefault,attr"`
		Nodes       []graphMLNode `xml:"node"`
		Edges       []graphMLEdge `xml:"edge"`
	}
	graphMLNode struct {
		ID   string        `xml:"id,attr"`
		Data []graphMLData `xml:"data"`
	}
	graphMLEdge struct {
		ID     string        `xml:"id,attr"`
		Source string        `xml:"source,attr"`
		Target string        `xml:"target,attr"`
		Data   []graphMLData `xml:"data"`
	}
	graphMLData struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
)

// graphMLTypes are GraphML's names of the column types.
var graphMLTypes = map[ColumnType]string{String: "string", Integer: "int", Double: "double", Boolean: "boolean"}

// WriteGraphML writes t as GraphML. Nodes and edges have their label in the
// attribute "label", edges their weight in "weight", and both their columns
// in attributes named by the columns' keys.
func WriteGraphML(w io.Writer, t *Table) error {
	// Key ids are per kind of element, so that a node and an edge column
	// may have the same name.
	nodeKeys := append([]Column{{"label", String}}, t.NodeColumns...)
	edgeKeys := append([]Column{{"label", String}, {"weight", Double}}, t.EdgeColumns...)
	doc := graphML{Graph: graphMLGraph{ID: "G", EdgeDefault: "undirected"}}
	if t.Directed {
		doc.Graph.EdgeDefault = "directed"
	}
	for _, c := range nodeKeys {
		doc.Keys = append(doc.Keys, graphMLKey{ID: "n_" + c.Key, For: "node", Name: c.Key, Type: graphMLTypes[c.Type]})
	}
	for _, c := range edgeKeys {
		doc.Keys = append(doc.Keys, graphMLKey{ID: "e_" + c.Key, For: "edge", Name: c.Key, Type: graphMLTypes[c.Type]})
	}
	data := func(prefix string, keys []Column, values []any) []graphMLData {
		var d []graphMLData
		for i, v := range values {
			if v != nil {
				d = append(d, graphMLData{Key: prefix + keys[i].Key, Value: format(v)})
			}
		}
		return d
	}
	for _, n := range t.Nodes {
		values := append([]any{n.Label}, n.Values...)
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphMLNode{ID: n.ID, Data: data("n_", nodeKeys, values)})
	}
	for _, e := range t.Edges {
		values := append([]any{e.Label, e.Weight}, e.Values...)
		doc.Graph.Edges = append(doc.Graph.Edges, graphMLEdge{ID: e.ID, Source: e.Source, Target: e.Target, Data: data("e_", edgeKeys, values)})
	}
	return writeXML(w, doc)
}

// WriteGEXF writes t as GEXF 1.2 (Gephi's format): labels and weights are
// GEXF's own, columns are attributes whose ids are the columns' keys.
func WriteGEXF(w io.Writer, t *Table) error {
	doc := gexf12.Content{
		Version: "1.2",
		Meta:    &gexf12.Meta{Creator: "hankegraph"},
		Graph: gexf12.Graph{
			DefaultEdgeType: "undirected",
			IDType:          "string",
			Mode:            "static",
			Attributes:      []gexf12.Attributes{gexfAttributes("node", t.NodeColumns), gexfAttributes("edge", t.EdgeColumns)},
			Nodes:           gexf12.Nodes{Count: len(t.Nodes)},
			Edges:           gexf12.Edges{Count: len(t.Edges)},
		},
	}
	if t.Directed {
		doc.Graph.DefaultEdgeType = "directed"
	}
	for _, n := range t.Nodes {
		doc.Graph.Nodes.Nodes = append(doc.Graph.Nodes.Nodes, gexf12.Node{
			ID: n.ID, Label: n.Label, AttValues: gexfValues(t.NodeColumns, n.Values),
		})
	}
	for _, e := range t.Edges {
		doc.Graph.Edges.Edges = append(doc.Graph.Edges.Edges, gexf12.Edge{
			ID: e.ID, Source: e.Source, Target: e.Target, Label: e.Label, Weight: e.Weight,
			AttValues: gexfValues(t.EdgeColumns, e.Values),
		})
	}
	return writeXML(w, doc)
}

func gexfAttributes(class string, columns []Column) gexf12.Attributes {
	a := gexf12.Attributes{Class: class, Mode: "static"}
	for _, c := range columns {
		a.Attributes = append(a.Attributes, gexf12.Attribute{ID: c.Key, Title: c.Key, Type: string(c.Type)})
	}
	return a
}

func gexfValues(columns []Column, values []any) *gexf12.AttValues {
	var a gexf12.AttValues
	for i, v := range values {
		if v != nil {
			a.AttValues = append(a.AttValues, gexf12.AttValue{For: columns[i].Key, Value: format(v)})
		}
	}
	return &a
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// WriteCytoscapeJSON writes t in Cytoscape.js's JSON form
// ({"elements": {"nodes": […], "edges": […]}}), which Cytoscape desktop
// imports too. Each element's data has its id, "label", an edge's "source",
// "target" and "weight", and the columns with their JSON types.
func WriteCytoscapeJSON(w io.Writer, t *Table) error {
	doc := cytoscapejs.GraphNodeEdge{Elements: cytoscapejs.Elements{
		Nodes: make([]cytoscapejs.Node, len(t.Nodes)),
		Edges: make([]cytoscapejs.Edge, len(t.Edges)),
	}}
	for i, n := range t.Nodes {
		attrs := cytoscapeAttributes(t.NodeColumns, n.Values)
		attrs["label"] = n.Label
		doc.Elements.Nodes[i] = cytoscapejs.Node{Data: cytoscapejs.NodeData{ID: n.ID, Attributes: attrs}}
	}
	for i, e := range t.Edges {
		attrs := cytoscapeAttributes(t.EdgeColumns, e.Values)
		attrs["label"] = e.Label
		attrs["weight"] = e.Weight
		doc.Elements.Edges[i] = cytoscapejs.Edge{Data: cytoscapejs.EdgeData{ID: e.ID, Source: e.Source, Target: e.Target, Attributes: attrs}}
	}
	return json.NewEncoder(w).Encode(doc)
}

func cytoscapeAttributes(columns []Column, values []any) map[string]any {
	attrs := make(map[string]any, len(values)+2)
	for i, v := range values {
		if v != nil {
			attrs[columns[i].Key] = v
		}
	}
	return attrs
}

// WriteNodesCSV writes t's nodes as CSV with a header row: "Id", "Label"
// and the columns' keys, as Gephi's spreadsheet import expects.
func WriteNodesCSV(w io.Writer, t *Table) error {
	header := []string{"Id", "Label"}
	for _, c := range t.NodeColumns {
		header = append(header, c.Key)
	}
	rows := [][]string{header}
	for _, n := range t.Nodes {
		rows = append(rows, csvRow([]string{n.ID, n.Label}, n.Values))
	}
	return csv.NewWriter(w).WriteAll(rows)
}

// WriteEdgesCSV writes t's edges as CSV with a header row: "Source",
// "Target", "Type" (Directed or Undirected), "Id", "Label", "Weight" and the
// columns' keys, as Gephi's spreadsheet import expects.
func WriteEdgesCSV(w io.Writer, t *Table) error {
	header := []string{"Source", "Target", "Type", "Id", "Label", "Weight"}
	for _, c := range t.EdgeColumns {
		header = append(header, c.Key)
	}
	direction := "Undirected"
	if t.Directed {
		direction = "Directed"
	}
	rows := [][]string{header}
	for _, e := range t.Edges {
		rows = append(rows, csvRow([]string{e.Source, e.Target, direction, e.ID, e.Label, format(e.Weight)}, e.Values))
	}
	return csv.NewWriter(w).WriteAll(rows)
}

func csvRow(fixed []string, values []any) []string {
	for _, v := range values {
		fixed = append(fixed, format(v))
	}
	return fixed
}
