package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/hankegraph/hankegraph/graph/model"
	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// RegionsGeoJSON serves Query.regionsGeoJSON as a plain file (GET
// /geo/regions.geojson), for clients that want one: QGIS, or a web map
// without a GraphQL client. Its query parameters are ProjectFilter's fields
// and mean what they mean there; a list may be given by repeating its
// parameter or as comma-separated values (?kind=COORDINATION,CITY_PROJECT).
// A parameter it does not know or cannot read is answered 400 with the reason.
func RegionsGeoJSON(maps *atlas.Atlas) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		filter, err := filterFromQuery(r.URL.Query())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fc, err := maps.Session().GeoJSON(r.Context(), projectFilter(filter))
		if err != nil {
			http.Error(w, err.Error(), httpError(err))
			return
		}
		w.Header().Set("Content-Type", "application/geo+json")
		json.NewEncoder(w).Encode(fc)
	})
}

// filterParams are the query parameters of RegionsGeoJSON: ProjectFilter's
// fields, each a list unless single.
var filterParams = map[string]struct {
	single bool
	set    func(f *model.ProjectFilter, values []string) error
}{
	"text":        {true, func(f *model.ProjectFilter, v []string) error { f.Text = &v[0]; return nil }},
	"kind":        {false, setKinds},
	"fund":        {false, func(f *model.ProjectFilter, v []string) error { f.Fund = v; return nil }},
	"programme":   {false, func(f *model.ProjectFilter, v []string) error { f.Programme = v; return nil }},
	"region":      {false, func(f *model.ProjectFilter, v []string) error { f.Region = v; return nil }},
	"sector":      {false, func(f *model.ProjectFilter, v []string) error { f.Sector = v; return nil }},
	"implementer": {false, func(f *model.ProjectFilter, v []string) error { f.Implementer = v; return nil }},
	"funder":      {false, func(f *model.ProjectFilter, v []string) error { f.Funder = v; return nil }},
	"activeOn":    {true, func(f *model.ProjectFilter, v []string) error { return setDate(&f.ActiveOn, v[0]) }},
	"from":        {true, func(f *model.ProjectFilter, v []string) error { return setDate(&f.From, v[0]) }},
	"to":          {true, func(f *model.ProjectFilter, v []string) error { return setDate(&f.To, v[0]) }},
}

// filterFromQuery reads a ProjectFilter from query parameters. Empty values
// are left out, as an HTML form sends a field left blank.
func filterFromQuery(q url.Values) (*model.ProjectFilter, error) {
	f := &model.ProjectFilter{}
	for name, raw := range q {
		p, ok := filterParams[name]
		if !ok {
			return nil, fmt.Errorf("unknown parameter %q; the parameters are ProjectFilter's fields: %s", name, strings.Join(filterParamNames(), ", "))
		}
		var values []string
		for _, v := range raw {
			if p.single {
				values = append(values, v)
				continue
			}
			for _, item := range strings.Split(v, ",") {
				values = append(values, strings.TrimSpace(item))
			}
		}
		values = slices.DeleteFunc(values, func(v string) bool { return v == "" })
		switch {
		case len(values) == 0:
			continue
		case p.single && len(values) > 1:
			return nil, fmt.Errorf("parameter %s is given %d times; it takes one value", name, len(values))
		}
		if err := p.set(f, values); err != nil {
			return nil, fmt.Errorf("parameter %s: %v", name, err)
		}
	}
	return f, nil
}

func filterParamNames() []string {
	names := make([]string, 0, len(filterParams))
	for name := range filterParams {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func setKinds(f *model.ProjectFilter, values []string) error {
	for _, v := range values {
		kind := hanke.ProjectKind(v)
		if !slices.Contains(hanke.ProjectKinds, kind) {
			return fmt.Errorf("%q is not a project kind (%s)", v, strings.Join(kindNames(), ", "))
		}
		f.Kind = append(f.Kind, kind)
	}
	return nil
}

func kindNames() []string {
	names := make([]string, len(hanke.ProjectKinds))
	for i, k := range hanke.ProjectKinds {
		names[i] = string(k)
	}
	return names
}

// setDate reads a date as the Date scalar does.
func setDate(field **string, value string) error {
	d, err := model.UnmarshalDate(value)
	if err != nil {
		return err
	}
	*field = &d
	return nil
}

// httpError is the status for an error of the atlas or the store; the
// message is the error's, as GraphQL reports it.
func httpError(err error) int {
	switch code := hanke.ErrorCode(err); {
	case code == hanke.ECodeInvalid:
		return http.StatusBadRequest
	case code == hanke.ECodeUnavailable:
		return http.StatusServiceUnavailable
	case code == hanke.ECodeTimeout || errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	default:
		return http.StatusInternalServerError
	}
}
