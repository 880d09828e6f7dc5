package dataset

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// recordType is the "type" member every record carries beside its own fields.
type recordType struct {
	Type string `json:"type"`
}

// nodeTypes decodes a record of each label a dataset file may hold. Welfare
// regions are not among them: the 23 areas are built in.
var nodeTypes = map[hanke.Label]func(text []byte) (hanke.Node, error){
	hanke.LabelProject: func(text []byte) (hanke.Node, error) {
		var r struct {
			recordType
			hanke.Project
		}
		return &r.Project, strictUnmarshal(text, &r)
	},
	hanke.LabelOrganisation: func(text []byte) (hanke.Node, error) {
		var r struct {
			recordType
			hanke.Organisation
		}
		return &r.Organisation, strictUnmarshal(text, &r)
	},
	hanke.LabelSector: func(text []byte) (hanke.Node, error) {
		var r struct {
			recordType
			hanke.Sector
		}
		return &r.Sector, strictUnmarshal(text, &r)
	},
	hanke.LabelFund: func(text []byte) (hanke.Node, error) {
		var r struct {
			recordType
			hanke.Fund
		}
		return &r.Fund, strictUnmarshal(text, &r)
	},
	hanke.LabelProgramme: func(text []byte) (hanke.Node, error) {
		var r struct {
			recordType
			hanke.Programme
		}
		return &r.Programme, strictUnmarshal(text, &r)
	},
	hanke.LabelSource: func(text []byte) (hanke.Node, error) {
		var r struct {
			recordType
			hanke.Source
		}
		return &r.Source, strictUnmarshal(text, &r)
	},
}

var businessIDPattern = regexp.MustCompile(`^[0-9]{7}-[0-9]$`)

// checkNode lists what is wrong with one node on its own.
func checkNode(label hanke.Label, n hanke.Node) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	id := n.NodeID()
	if l, ok := hanke.LabelOf(id); !ok || l != label {
		bad("id %q of a %s must start with %q", id, label, hanke.IDPrefix(label))
	}
	if n.Name() == "" {
		bad(`"name" needs at least one of fi, sv, en`)
	}
	if label != hanke.LabelSource && len(n.SourceIDs()) == 0 {
		bad(`"sources" must name at least one Source`)
	}
	switch n := n.(type) {
	case *hanke.Project:
		if !slices.Contains(hanke.ProjectKinds, n.Kind) {
			bad("kind %q is not one of %v", n.Kind, hanke.ProjectKinds)
		}
		for _, d := range []struct{ field, value string }{{"startDate", n.StartDate}, {"endDate", n.EndDate}} {
			if d.value != "" && !isDate(d.value) {
				bad("%s %q is not a date YYYY-MM-DD", d.field, d.value)
			}
		}
		if isDate(n.StartDate) && isDate(n.EndDate) && n.EndDate < n.StartDate {
			bad("endDate %s is before startDate %s", n.EndDate, n.StartDate)
		}
		for _, m := range []struct {
			field string
			value *float64
		}{{"totalBudgetEur", n.TotalBudgetEur}, {"euContributionEur", n.EUContributionEur}} {
			if m.value != nil && *m.value < 0 {
				bad("%s is negative", m.field)
			}
		}
		if p := n.EUCofinancingPercent; p != nil && (*p < 0 || *p > 100) {
			bad("euCofinancingPercent %v is not between 0 and 100", *p)
		}
		out = append(out, checkFigures(n.Figures)...)
		for _, c := range n.Contacts {
			if c.Name == "" || len(c.Sources) == 0 {
				bad("a contact needs a name and sources")
			}
		}
		for _, i := range n.Identifiers {
			if i.Scheme == "" || i.Value == "" {
				bad("an identifier needs a scheme and a value")
			}
		}
		for _, c := range n.Classifications {
			if c.Scheme == "" || c.Code == "" {
				bad("a classification needs a scheme and a code")
			}
		}
	case *hanke.Organisation:
		if !slices.Contains(hanke.OrganisationKinds, n.Kind) {
			bad("kind %q is not one of %v", n.Kind, hanke.OrganisationKinds)
		}
		if n.BusinessID != "" && !businessIDPattern.MatchString(n.BusinessID) {
			bad("businessId %q is not a Finnish business id (1234567-8)", n.BusinessID)
		}
	case *hanke.Sector:
		out = append(out, checkFigures(n.Figures)...)
	case *hanke.Programme:
		if n.PeriodStart == 0 || n.PeriodEnd < n.PeriodStart {
			bad("periodStart and periodEnd must be years, start before end")
		}
	case *hanke.Source:
		if n.URL != "" {
			if u, err := url.Parse(n.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("url %q is not an http(s) URL", n.URL)
			}
		}
	}
	return out
}

func checkFigures(figures []hanke.Figure) []string {
	var out []string
	for _, f := range figures {
		if f.Key == "" || len(f.Sources) == 0 {
			out = append(out, fmt.Sprintf("figure %q needs a key and sources", f.Key))
		}
	}
	return out
}

// checkEdge lists what is wrong with one edge on its own.
func checkEdge(e hanke.Edge) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if e.From == "" || e.To == "" {
		bad(`a relationship needs "from" and "to"`)
	}
	if e.From == e.To && e.From != "" {
		bad("%s from %q to itself", e.Type, e.From)
	}
	if roles := hanke.RolesOf[e.Type]; roles != nil {
		if !slices.Contains(roles, e.Role) {
			bad("%s needs a role, one of %v (got %q)", e.Type, roles, e.Role)
		}
	} else if e.Role != "" {
		bad("%s takes no role", e.Type)
	}
	if e.Type != hanke.RelFundedFrom && (e.Priority != "" || e.SpecificObjective != "") {
		bad("only FUNDED_FROM has priority and specificObjective")
	}
	if len(e.Sources) == 0 {
		bad(`"sources" must name at least one Source`)
	}
	return out
}

// sourceRefs lists every Source id a node cites: its own and its figures' and contacts'.
func sourceRefs(n hanke.Node) []string {
	refs := append([]string(nil), n.SourceIDs()...)
	var figures []hanke.Figure
	switch n := n.(type) {
	case *hanke.Project:
		figures = n.Figures
		for _, c := range n.Contacts {
			refs = append(refs, c.Sources...)
		}
	case *hanke.Sector:
		figures = n.Figures
	}
	for _, f := range figures {
		refs = append(refs, f.Sources...)
	}
	return refs
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// baseOf is the part every node has, to change in place.
func baseOf(n hanke.Node) *hanke.Base {
	switch n := n.(type) {
	case *hanke.Project:
		return &n.Base
	case *hanke.Organisation:
		return &n.Base
	case *hanke.WelfareRegion:
		return &n.Base
	case *hanke.Sector:
		return &n.Base
	case *hanke.Fund:
		return &n.Base
	case *hanke.Programme:
		return &n.Base
	case *hanke.Source:
		return &n.Base
	}
	panic(fmt.Sprintf("unknown node type %T", n))
}
