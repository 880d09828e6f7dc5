package atlas

import (
	"context"
	"encoding/json"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// FeatureCollection is the welfare areas as GeoJSON (RFC 7946), ready for
// Leaflet, MapLibre or QGIS: one Feature per area, ordered by code, whose
// properties carry the area's code, names and counts. Attribution, the
// licence line of the boundaries, is a foreign member (RFC 7946, 6.1), so
// that it travels with them.
type FeatureCollection struct {
	Type        string    `json:"type"`
	Attribution string    `json:"attribution"`
	Features    []Feature `json:"features"`
}

// Feature is one area.
type Feature struct {
	Type string `json:"type"`
	// Geometry is the area's boundary, a Polygon or MultiPolygon in WGS 84;
	// null for an area the built-in boundaries lack.
	Geometry   json.RawMessage `json:"geometry"`
	Properties Properties      `json:"properties"`
}

// Properties are an area's code, names and counts (see RegionStats). Map
// clients read these names; they are the API as much as the GraphQL fields.
type Properties struct {
	Code              string `json:"code"`
	NameFi            string `json:"name_fi"`
	NameSv            string `json:"name_sv"`
	NameEn            string `json:"name_en"`
	Projects          int    `json:"projects"`
	Implementers      int    `json:"implementers"`
	Partners          int    `json:"partners"`
	Organisations     int    `json:"organisations"`
	PortfolioProjects int    `json:"portfolio_projects"`
}

// GeoJSON is the areas with their counts for the projects f selects.
func (s *Session) GeoJSON(ctx context.Context, f hanke.ProjectFilter) (*FeatureCollection, error) {
	rows, err := s.Stats(ctx, f)
	if err != nil {
		return nil, err
	}
	geo, err := dataset.BuiltinGeography()
	if err != nil {
		return nil, err
	}
	fc := &FeatureCollection{Type: "FeatureCollection", Attribution: dataset.GeometryAttribution, Features: make([]Feature, len(rows))}
	for i, r := range rows {
		names := r.Region.Names
		fc.Features[i] = Feature{
			Type:     "Feature",
			Geometry: geo.Geometry[r.Region.Code],
			Properties: Properties{
				Code: r.Region.Code, NameFi: names.Fi, NameSv: names.Sv, NameEn: names.En,
				Projects: r.Projects, Implementers: r.Implementers, Partners: r.Partners,
				Organisations: r.Organisations, PortfolioProjects: r.PortfolioProjects,
			},
		}
	}
	return fc, nil
}
