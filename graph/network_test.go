package graph_test

import (
	"fmt"
	"strings"
	"testing"
)

func TestResearchersQuestions(t *testing.T) {
	c := newClient(builtinStore(t))
	var resp struct {
		ShortestPath struct {
			Nodes []struct{ ID string }
			Edges []struct{ Type string }
		}
		Lineage              []struct{ Acronym string }
		CollaborationNetwork struct {
			Edges []struct {
				From, To string
				Weight   int
				Projects []struct{ ID string }
			}
		}
		Centrality  []struct{ Node struct{ ID string } }
		Communities struct {
			Modularity float64
			Groups     []struct{ Members []struct{ ID string } }
		}
	}
	c.MustPost(`{
		shortestPath(from: "org:thl", to: "org:sos-lapsikyla") { nodes { id } edges { type } }
		lineage(id: "project:osallisuuden-tuki-ja-koordinaatio") { acronym }
		collaborationNetwork { edges { from to weight projects { id } } }
		centrality(measure: DEGREE, kind: ORGANISATION, first: 3) { node { id } }
		communities { modularity groups { members { id } } } }`, &resp)

	var path []string
	for _, n := range resp.ShortestPath.Nodes {
		path = append(path, n.ID)
	}
	if fmt.Sprint(path) != "[org:thl project:yhdenvertaisen-osallisuuden-koordinaatio project:lnp-osallisuuden-koordinaatio org:sos-lapsikyla]" {
		t.Errorf("the path from THL to SOS-Lapsikylä runs through the two coordinations that share a steering group: %v", path)
	}
	var lineage []string
	for _, p := range resp.Lineage {
		lineage = append(lineage, p.Acronym)
	}
	for _, want := range []string{"Sokra", "Solmu", "Osuma", "Valtava"} {
		if !strings.Contains(fmt.Sprint(lineage), want) {
			t.Errorf("the national theme's lineage lacks %s: %v", want, lineage)
		}
	}
	if lineage[0] != "Valtava" {
		t.Errorf("lineage oldest first: %v", lineage)
	}
	linked := false
	for _, e := range resp.CollaborationNetwork.Edges {
		if e.From == "org:diak" && e.To == "org:thl" && e.Weight == 1 && e.Projects[0].ID == "project:sokra" {
			linked = true
		}
	}
	if !linked {
		t.Errorf("THL and Diak are not linked through Sokra: %+v", resp.CollaborationNetwork.Edges)
	}
	if len(resp.Centrality) != 3 || len(resp.Communities.Groups) == 0 || resp.Communities.Modularity <= 0 {
		t.Errorf("centrality %v, communities %+v", resp.Centrality, resp.Communities)
	}

	var none struct {
		ShortestPath *struct{ Nodes []struct{ ID string } }
	}
	c.MustPost(`{ shortestPath(from: "org:thl", to: "org:sos-lapsikyla", maxDepth: 2) { nodes { id } } }`, &none)
	if none.ShortestPath != nil {
		t.Errorf("a path longer than maxDepth must be null: %+v", none.ShortestPath)
	}
}

func TestNetworkLimitsAreClearErrors(t *testing.T) {
	c := newClient(builtinStore(t))
	for query, code := range map[string]string{
		`{ neighbourhood(id: "org:thl", depth: 5) { nodes { id } } }`:                      "BAD_USER_INPUT",
		`{ shortestPath(from: "org:thl", to: "org:diak", maxDepth: 50) { nodes { id } } }`: "BAD_USER_INPUT",
		`{ centrality(measure: PAGERANK, first: 100000) { score } }`:                       "BAD_USER_INPUT",
	} {
		resp, err := c.RawPost(query)
		if err != nil {
			t.Fatal(err)
		}
		var errs []struct {
			Message    string
			Extensions struct{ Code string }
		}
		if err := jsonUnmarshal(resp.Errors, &errs); err != nil || len(errs) == 0 || errs[0].Extensions.Code != code {
			t.Errorf("%s: got %s, want %s", query, resp.Errors, code)
		}
	}
}
