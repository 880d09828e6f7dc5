package dataset

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// GeometryAttribution is the licence line of the areas' boundaries
// (regions/README.md). CC BY 4.0 requires it wherever the boundaries go, so
// the API serves it with every geometry.
const GeometryAttribution = "Contains data from the National Land Survey of Finland, 2023 (municipal boundaries 1:4.5M, CC BY 4.0); " +
	"land polygons from Natural Earth (public domain)"

// Geography is what the built-in data knows about the 23 areas beyond the
// graph: their boundaries and their municipalities. Like the areas
// themselves it is reference data that no dataset file can change, so it is
// served from the binary, the same for every store, rather than stored in
// each of them.
type Geography struct {
	// Geometry is each area's boundary, a GeoJSON Polygon or MultiPolygon in
	// WGS 84, by area code.
	Geometry map[string]json.RawMessage
	// Municipalities are each area's municipalities of 2023, by area code,
	// ordered by municipality code.
	Municipalities map[string][]*Municipality
}

// BuiltinGeography reads the boundaries and municipalities once; callers
// share the result and must not change it.
var BuiltinGeography = sync.OnceValues(func() (*Geography, error) {
	regions, err := readCSV("builtin/regions/welfare-regions.csv")
	if err != nil {
		return nil, err
	}
	geometry, err := regionGeometry()
	if err != nil {
		return nil, err
	}
	municipalities, err := municipalitiesByRegion()
	if err != nil {
		return nil, err
	}
	// Every area has its boundary and as many municipalities as
	// welfare-regions.csv says, and nothing names an area that is not one.
	for _, r := range regions {
		code := r["code"]
		if geometry[code] == nil {
			return nil, fmt.Errorf("welfare-regions.geojson: no boundary for area %s", code)
		}
		if n := strconv.Itoa(len(municipalities[code])); n != r["municipalities_2023"] {
			return nil, fmt.Errorf("municipalities-2023.csv: area %s has %s municipalities, welfare-regions.csv says %s", code, n, r["municipalities_2023"])
		}
	}
	if len(geometry) != len(regions) || len(municipalities) != len(regions) {
		return nil, fmt.Errorf("regions: %d areas, %d boundaries and municipalities in %d areas", len(regions), len(geometry), len(municipalities))
	}
	return &Geography{Geometry: geometry, Municipalities: municipalities}, nil
})

// regionGeometry reads welfare-regions.geojson into each area's geometry.
func regionGeometry() (map[string]json.RawMessage, error) {
	text, err := builtinFS.ReadFile("builtin/regions/welfare-regions.geojson")
	if err != nil {
		return nil, err
	}
	var collection struct {
		Features []struct {
			Geometry   json.RawMessage `json:"geometry"`
			Properties struct {
				Code string `json:"code"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(text, &collection); err != nil {
		return nil, fmt.Errorf("welfare-regions.geojson: %w", err)
	}
	out := make(map[string]json.RawMessage, len(collection.Features))
	for _, f := range collection.Features {
		out[f.Properties.Code] = f.Geometry
	}
	return out, nil
}

// municipalitiesByRegion groups the 2023 municipalities by area code.
func municipalitiesByRegion() (map[string][]*Municipality, error) {
	list, err := Municipalities()
	if err != nil {
		return nil, err
	}
	out := map[string][]*Municipality{}
	for i := range list {
		m := &list[i]
		out[m.RegionCode] = append(out[m.RegionCode], m)
	}
	for _, ms := range out {
		slices.SortFunc(ms, func(a, b *Municipality) int { return strings.Compare(a.Code, b.Code) })
	}
	return out, nil
}
