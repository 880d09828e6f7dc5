package dataset

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The built-in dataset: the facts of the seed documents and of facts.md
// (hankegraph.jsonl), on top of the 23 welfare areas (regions/, Statistics
// Finland's classification key 2023 and the National Land Survey's boundaries).
//
//go:embed builtin/hankegraph.jsonl builtin/regions
var builtinFS embed.FS

const regionSource = "source:statfi-key-2023"

// Builtin is the built-in dataset. It is read once; callers share it and
// must not change it.
var Builtin = sync.OnceValues(func() (*hanke.Graph, error) {
	regions, err := welfareRegions()
	if err != nil {
		return nil, err
	}
	b := NewBuilder(&hanke.Graph{Nodes: regions})
	text, err := builtinFS.ReadFile("builtin/hankegraph.jsonl")
	if err != nil {
		return nil, err
	}
	if err := b.Add("builtin/hankegraph.jsonl", bytes.NewReader(text)); err != nil {
		return nil, err
	}
	return b.Graph(), nil
})

// Load is the built-in dataset with the given files added in order.
func Load(paths ...string) (*hanke.Graph, error) {
	base, err := Builtin()
	if err != nil {
		return nil, err
	}
	b := NewBuilder(base)
	for _, p := range paths {
		if err := b.AddFile(p); err != nil {
			return nil, err
		}
	}
	return b.Graph(), nil
}

// welfareRegions reads the 23 areas from welfare-regions.csv.
func welfareRegions() ([]hanke.Node, error) {
	rows, err := readCSV("builtin/regions/welfare-regions.csv")
	if err != nil {
		return nil, err
	}
	nodes := make([]hanke.Node, 0, len(rows))
	for _, r := range rows {
		lat, err1 := strconv.ParseFloat(r["centroid_lat"], 64)
		lon, err2 := strconv.ParseFloat(r["centroid_lon"], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("welfare-regions.csv: region %s: bad centroid", r["code"])
		}
		nodes = append(nodes, &hanke.WelfareRegion{
			Base: hanke.Base{
				ID:      hanke.RegionID(r["code"]),
				Names:   hanke.LocalizedText{Fi: r["name_fi"], Sv: r["name_sv"], En: r["name_en"]},
				Sources: []string{regionSource},
			},
			Code:     r["code"],
			NUTS3:    strings.Fields(r["nuts3_2021"]),
			Centroid: &hanke.LatLon{Lat: lat, Lon: lon},
		})
	}
	return nodes, nil
}

// readCSV reads an embedded CSV file into rows keyed by the header's names.
func readCSV(name string) ([]map[string]string, error) {
	text, err := builtinFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	records, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	header, rows := records[0], records[1:]
	out := make([]map[string]string, len(rows))
	for i, rec := range rows {
		out[i] = make(map[string]string, len(header))
		for j, h := range header {
			out[i][h] = rec[j]
		}
	}
	return out, nil
}
