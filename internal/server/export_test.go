package server_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/cytoscapejs"
	"gonum.org/v1/gonum/graph/formats/gexf12"

	"github.com/hankegraph/hankegraph/internal/server"
)

// graphSets is a graph reduced to what every format must agree on: node ids,
// and edges as "from to weight" (ends in id order, as links have no direction).
type graphSets struct{ nodes, edges []string }

func (g *graphSets) addEdge(a, b string, weight float64) {
	if b < a {
		a, b = b, a
	}
	g.edges = append(g.edges, fmt.Sprintf("%s %s %g", a, b, weight))
}

func (g *graphSets) sorted() graphSets {
	slices.Sort(g.nodes)
	slices.Sort(g.edges)
	return *g
}

// graphML is as much of GraphML as the comparison needs.
type graphML struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		Name string `xml:"attr.name,attr"`
	} `xml:"key"`
	Graph struct {
		Nodes []struct {
			ID string `xml:"id,attr"`
		} `xml:"node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Data   []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// parse reads an export with a real parser of its format.
func parse(t *testing.T, format string, body []byte) graphSets {
	t.Helper()
	var g graphSets
	switch format {
	case "graphml":
		var doc graphML
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		weightKey := ""
		for _, k := range doc.Keys {
			if k.Name == "weight" {
				weightKey = k.ID
			}
		}
		for _, n := range doc.Graph.Nodes {
			g.nodes = append(g.nodes, n.ID)
		}
		for _, e := range doc.Graph.Edges {
			w := 0.0
			for _, d := range e.Data {
				if d.Key == weightKey {
					w, _ = strconv.ParseFloat(d.Value, 64)
				}
			}
			g.addEdge(e.Source, e.Target, w)
		}
	case "gexf":
		var doc gexf12.Content
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Version != "1.2" {
			t.Errorf("GEXF version %q", doc.Version)
		}
		for _, n := range doc.Graph.Nodes.Nodes {
			g.nodes = append(g.nodes, n.ID)
		}
		for _, e := range doc.Graph.Edges.Edges {
			g.addEdge(e.Source, e.Target, e.Weight)
		}
	case "cytoscape.json":
		var doc cytoscapejs.GraphNodeEdge
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		for _, n := range doc.Elements.Nodes {
			g.nodes = append(g.nodes, n.Data.ID)
		}
		for _, e := range doc.Elements.Edges {
			w, _ := e.Data.Attributes["weight"].(float64)
			g.addEdge(e.Data.Source, e.Data.Target, w)
		}
	case "nodes.csv", "edges.csv":
		rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		for _, r := range rows[1:] {
			if format == "nodes.csv" {
				g.nodes = append(g.nodes, r[col["Id"]])
				continue
			}
			w, _ := strconv.ParseFloat(r[col["Weight"]], 64)
			g.addEdge(r[col["Source"]], r[col["Target"]], w)
		}
	}
	return g.sorted()
}

func get(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

// Every export holds the same nodes and edges as the GraphQL answer to the
// same question, read back by a parser of its format.
func TestExportsHoldWhatGraphQLAnswers(t *testing.T) {
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(t)}))
	defer srv.Close()
	var resp struct {
		Data struct {
			CollaborationNetwork struct {
				Nodes []struct{ ID string }
				Edges []struct {
					From, To string
					Weight   float64
				}
			}
			Neighbourhood struct {
				Nodes []struct{ ID string }
				Edges []struct{ From, To string }
			}
		}
	}
	r := post(t, srv, graphQLResponse, query(`{
		collaborationNetwork(filter: { programme: "programme:esf-2014-2020" }) { nodes { id } edges { from to weight } }
		neighbourhood(id: "project:sokra", depth: 2, relationships: [IMPLEMENTS, COOPERATES_WITH]) { nodes { id } edges { from to } } }`))
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	raw, _ := json.Marshal(map[string]any{"data": r.Data})
	json.Unmarshal(raw, &resp)

	var collaboration, neighbourhood graphSets
	for _, n := range resp.Data.CollaborationNetwork.Nodes {
		collaboration.nodes = append(collaboration.nodes, n.ID)
	}
	for _, e := range resp.Data.CollaborationNetwork.Edges {
		collaboration.addEdge(e.From, e.To, e.Weight)
	}
	for _, n := range resp.Data.Neighbourhood.Nodes {
		neighbourhood.nodes = append(neighbourhood.nodes, n.ID)
	}
	for _, e := range resp.Data.Neighbourhood.Edges {
		neighbourhood.addEdge(e.From, e.To, 1)
	}
	if !slices.Contains(collaboration.edges, "org:diak org:thl 1") {
		t.Errorf("THL and Diak are not linked through Sokra: %v", collaboration.edges)
	}

	for _, c := range []struct {
		query string
		want  graphSets
	}{
		{"programme=programme:esf-2014-2020", collaboration.sorted()},
		{"graph=neighbourhood&id=project:sokra&depth=2&relationships=IMPLEMENTS,COOPERATES_WITH", neighbourhood.sorted()},
	} {
		for _, format := range []string{"graphml", "gexf", "cytoscape.json", "nodes.csv", "edges.csv"} {
			t.Run(format+"?"+c.query, func(t *testing.T) {
				status, _, body := get(t, srv.URL+"/export/"+format+"?"+c.query)
				if status != 200 {
					t.Fatalf("%d %s", status, body)
				}
				got := parse(t, format, body)
				if format != "edges.csv" && !slices.Equal(got.nodes, c.want.nodes) {
					t.Errorf("nodes:\n got  %v\n want %v", got.nodes, c.want.nodes)
				}
				if format != "nodes.csv" && !slices.Equal(stripWeights(got.edges, c.query), stripWeights(c.want.edges, c.query)) {
					t.Errorf("edges:\n got  %v\n want %v", got.edges, c.want.edges)
				}
			})
		}
	}

	for path, status := range map[string]int{
		"/export/graphml?graph=neighbourhood&id=project:sokra&depth=9": 400,
		"/export/graphml?kind=PARTY":                                   400,
		"/export/graphml?relationships=LIKES":                          400,
		"/export/graphml?graph=pie":                                    400,
		"/export/pdf":                                                  404,
	} {
		if got, _, body := get(t, srv.URL+path); got != status {
			t.Errorf("%s: %d %s, want %d", path, got, body, status)
		}
	}
}

// stripWeights drops weights where the export's graph has none of its own
// (a neighbourhood's relationships), leaving the ends to compare.
func stripWeights(edges []string, query string) []string {
	if !strings.Contains(query, "graph=neighbourhood") {
		return edges
	}
	out := make([]string, len(edges))
	for i, e := range edges {
		out[i] = e[:strings.LastIndex(e, " ")]
	}
	return out
}
