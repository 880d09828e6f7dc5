package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/server"
)

// featureCollection is what /geo/regions.geojson must be: GeoJSON whose
// features carry the properties the map page and GIS clients read.
type featureCollection struct {
	Type        string `json:"type"`
	Attribution string `json:"attribution"`
	Features    []struct {
		Type     string `json:"type"`
		Geometry struct {
			Type        string            `json:"type"`
			Coordinates []json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func getGeoJSON(t *testing.T, srv *httptest.Server, query string) (int, string, featureCollection, string) {
	t.Helper()
	res, err := http.Get(srv.URL + "/geo/regions.geojson" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var fc featureCollection
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &fc); err != nil {
			t.Fatalf("%s: not JSON: %v", query, err)
		}
	}
	return res.StatusCode, res.Header.Get("Content-Type"), fc, string(body)
}

func TestRegionsGeoJSONFile(t *testing.T) {
	srv := httptest.NewServer(server.NewServer(server.Deps{Store: builtinStore(t)}))
	defer srv.Close()

	status, contentType, fc, _ := getGeoJSON(t, srv, "")
	if status != 200 || contentType != "application/geo+json" {
		t.Fatalf("%d %s", status, contentType)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 23 || !strings.Contains(fc.Attribution, "Contains data from the National Land Survey of Finland, 2023") {
		t.Fatalf("%s of %d features, attribution %q", fc.Type, len(fc.Features), fc.Attribution)
	}
	helsinki := -1
	for i, f := range fc.Features {
		if f.Type != "Feature" || (f.Geometry.Type != "Polygon" && f.Geometry.Type != "MultiPolygon") || len(f.Geometry.Coordinates) == 0 {
			t.Errorf("feature %d: %s with a %s", i, f.Type, f.Geometry.Type)
		}
		for _, key := range []string{"code", "name_fi", "name_sv", "name_en", "projects", "implementers", "partners", "organisations", "portfolio_projects"} {
			if _, ok := f.Properties[key]; !ok {
				t.Errorf("feature %d lacks property %s", i, key)
			}
		}
		if f.Properties["code"] == "90" {
			helsinki = i
		}
	}
	if helsinki < 0 || fc.Features[helsinki].Properties["projects"] != 1.0 || fc.Features[helsinki].Properties["name_fi"] != "Helsingin kaupunki" {
		t.Fatalf("Helsinki: %v", fc.Features[helsinki].Properties)
	}

	// Filters change the counts, and a list may be repeated or comma-separated.
	for query, want := range map[string]float64{
		"?kind=COORDINATION":                             0,
		"?kind=COORDINATION,CITY_PROJECT":                1,
		"?kind=COORDINATION&kind=CITY_PROJECT":           1,
		"?region=90":                                     1,
		"?activeOn=2020-01-01":                           0,
		"?from=2019-01-01&to=2019-12-31":                 0,
		"?text=ojämlikhet&programme=":                    1,
		"?implementer=org:helsinki-kasvatus-ja-koulutus": 1,
		"?funder=org:stm":                                0,
	} {
		status, _, fc, body := getGeoJSON(t, srv, query)
		if status != 200 || len(fc.Features) != 23 {
			t.Errorf("%s: %d %.200s", query, status, body)
			continue
		}
		if got := fc.Features[helsinki].Properties["projects"]; got != want {
			t.Errorf("%s: Helsinki has %v projects, want %v", query, got, want)
		}
	}

	for query, reason := range map[string]string{
		"?kind=NOPE":         `parameter kind: "NOPE" is not a project kind`,
		"?activeOn=1.1.2020": `parameter activeOn: "1.1.2020" is not a date`,
		"?to=2020-02-30":     `parameter to: "2020-02-30" is not a date`,
		"?text=a&text=b":     "parameter text is given 2 times",
		"?colour=red":        `unknown parameter "colour"`,
		"?programmes=x":      `unknown parameter "programmes"; the parameters are ProjectFilter's fields: activeOn, from, fund, funder, implementer, kind, programme, region, sector, text, to`,
	} {
		status, _, _, body := getGeoJSON(t, srv, query)
		if status != http.StatusBadRequest || !strings.Contains(body, reason) {
			t.Errorf("%s: %d %q, want 400 saying %q", query, status, body, reason)
		}
	}

	down := httptest.NewServer(server.NewServer(server.Deps{Store: downStore{builtinStore(t)}}))
	defer down.Close()
	if status, _, _, body := getGeoJSON(t, down, ""); status != http.StatusServiceUnavailable || !strings.Contains(body, "connection refused") {
		t.Errorf("with the store down: %d %q", status, body)
	}
}
