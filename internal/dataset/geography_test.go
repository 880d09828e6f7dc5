package dataset

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBuiltinGeography(t *testing.T) {
	geo, err := BuiltinGeography()
	if err != nil {
		t.Fatal(err)
	}
	if len(geo.Geometry) != 23 {
		t.Errorf("%d boundaries, want 23", len(geo.Geometry))
	}
	for code, raw := range geo.Geometry {
		var g struct {
			Type        string
			Coordinates []json.RawMessage
		}
		if err := json.Unmarshal(raw, &g); err != nil || (g.Type != "Polygon" && g.Type != "MultiPolygon") || len(g.Coordinates) == 0 {
			t.Errorf("area %s: %s geometry (%v)", code, g.Type, err)
		}
	}
	total := 0
	for _, list := range geo.Municipalities {
		total += len(list)
	}
	if total != 309 {
		t.Errorf("%d municipalities, want 309", total)
	}
	if h := geo.Municipalities["90"]; len(h) != 1 || h[0].Code != "091" || h[0].Names.Fi != "Helsinki" || h[0].Names.Sv != "Helsingfors" || h[0].NUTS3 != "FI1B1" {
		t.Errorf("Helsinki's municipalities: %+v", h)
	}
	aland := geo.Municipalities["91"]
	if len(aland) != 16 || aland[0].Code != "035" || aland[0].Names.Sv != "Brändö" {
		t.Errorf("Åland's municipalities: %d, first %+v", len(aland), aland[0])
	}
	if !strings.Contains(GeometryAttribution, "Contains data from the National Land Survey of Finland, 2023") || !strings.Contains(GeometryAttribution, "Natural Earth") {
		t.Errorf("attribution: %q", GeometryAttribution)
	}
}
