package graph

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/network"
)

// exportFormats are the files /export/{file} writes, for Gephi, igraph,
// networkx, R and Cytoscape.
var exportFormats = map[string]struct {
	contentType string
	write       func(io.Writer, *network.Table) error
}{
	"graphml":        {"application/graphml+xml", network.WriteGraphML},
	"gexf":           {"application/gexf+xml", network.WriteGEXF},
	"cytoscape.json": {"application/json", network.WriteCytoscapeJSON},
	"nodes.csv":      {"text/csv; charset=utf-8", network.WriteNodesCSV},
	"edges.csv":      {"text/csv; charset=utf-8", network.WriteEdgesCSV},
}

// ExportFormats lists the file names Export serves.
func ExportFormats() []string {
	return []string{"graphml", "gexf", "cytoscape.json", "nodes.csv", "edges.csv"}
}

// Export serves the researchers' graphs as files: GET /export/{file}, where
// file is one of ExportFormats. Its query parameters choose the graph, with
// the arguments its GraphQL query takes:
//
//	graph=collaboration (the default) or graph=knowledge, under
//	  ProjectFilter's fields as for /geo/regions.geojson;
//	graph=neighbourhood&id=…&depth=…&relationships=…;
//	graph=path&from=…&to=…&maxDepth=…&relationships=…;
//	measure=DEGREE|BETWEENNESS|PAGERANK (repeatable) adds each node's score
//	  as a column, for the 5 000 highest; communities=true adds each
//	  organisation's community (collaboration graph).
//
// The command `hankegraph export` serves the same handler to a file.
func Export(net *network.Analyzer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file := strings.TrimPrefix(r.URL.Path, "/export/")
		format, ok := exportFormats[file]
		if !ok {
			http.Error(w, fmt.Sprintf("no export %q; the files are %s", file, strings.Join(ExportFormats(), ", ")), http.StatusNotFound)
			return
		}
		table, err := exportTable(r, net)
		if err != nil {
			http.Error(w, err.Error(), httpError(err))
			return
		}
		var body bytes.Buffer // written whole, so that a failure still gets its status
		if err := format.write(&body, table); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", format.contentType)
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "hankegraph-"+file))
		w.Write(body.Bytes())
	})
}

// exportParams are Export's own query parameters; the rest are ProjectFilter's.
var exportParams = []string{"graph", "id", "depth", "from", "to", "maxDepth", "relationships", "measure", "communities"}

func exportTable(r *http.Request, net *network.Analyzer) (*network.Table, error) {
	ctx := r.Context()
	q := r.URL.Query()
	own := url.Values{}
	for _, name := range exportParams {
		if q.Has(name) {
			own[name] = q[name]
			q.Del(name)
		}
	}
	// from and to are a path's ends with graph=path, and a period otherwise.
	if own.Get("graph") != "path" {
		for _, name := range []string{"from", "to"} {
			if own.Has(name) {
				q[name] = own[name]
			}
		}
	}
	rels, err := relTypes(own["relationships"])
	if err != nil {
		return nil, err
	}
	var table *network.Table
	switch own.Get("graph") {
	case "", "collaboration", "knowledge":
		f, err := filterFromQuery(q)
		if err != nil {
			return nil, invalid(err)
		}
		filter, kind := projectFilter(f), string(hanke.LabelOrganisation)
		if own.Get("graph") == "knowledge" {
			sub, err := net.KnowledgeGraph(ctx, filter)
			if err != nil {
				return nil, err
			}
			table, kind = sub.Table(), ""
		} else {
			c, err := net.CollaborationNetwork(ctx, filter)
			if err != nil {
				return nil, err
			}
			table = c.Table()
			if own.Get("communities") == "true" {
				groups, err := net.Communities(ctx, filter)
				if err != nil {
					return nil, err
				}
				table.AddCommunities(groups)
			}
		}
		for _, m := range own["measure"] {
			scores, err := net.Centrality(ctx, network.Measure(m), kind, filter, max(1, min(len(table.Nodes), network.DefaultLimits.MaxNodes)))
			if err != nil {
				return nil, err
			}
			table.AddScores(strings.ToLower(m), scores)
		}
	case "neighbourhood":
		depth, err := intParam(own, "depth", 1)
		if err != nil {
			return nil, err
		}
		sub, err := net.Neighbourhood(ctx, own.Get("id"), depth, rels)
		if err != nil {
			return nil, err
		}
		table = sub.Table()
	case "path":
		maxDepth, err := intParam(own, "maxDepth", 6)
		if err != nil {
			return nil, err
		}
		sub, err := net.ShortestPath(ctx, own.Get("from"), own.Get("to"), maxDepth, rels)
		if err != nil {
			return nil, err
		}
		if sub == nil {
			return nil, hanke.Errorf(hanke.ECodeInvalid, "no path from %s to %s within %d steps", own.Get("from"), own.Get("to"), maxDepth)
		}
		table = sub.Table()
	default:
		return nil, hanke.Errorf(hanke.ECodeInvalid, "graph must be collaboration, knowledge, neighbourhood or path, got %q", own.Get("graph"))
	}
	return table, nil
}

func invalid(err error) error { return hanke.Errorf(hanke.ECodeInvalid, "%v", err) }

func intParam(q url.Values, name string, otherwise int) (int, error) {
	if !q.Has(name) {
		return otherwise, nil
	}
	n, err := strconv.Atoi(q.Get(name))
	if err != nil {
		return 0, hanke.Errorf(hanke.ECodeInvalid, "%s must be a whole number, got %q", name, q.Get(name))
	}
	return n, nil
}

// relTypes reads relationship types given as repeated or comma-separated values.
func relTypes(values []string) ([]hanke.RelType, error) {
	var out []hanke.RelType
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			t := hanke.RelType(strings.TrimSpace(name))
			if _, ok := hanke.RelTypes[t]; !ok {
				return nil, hanke.Errorf(hanke.ECodeInvalid, "unknown relationship type %q", t)
			}
			out = append(out, t)
		}
	}
	return out, nil
}
