package neo4j

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// How the domain is stored (README.md has the table):
//
//   - A node has its label (hanke.Label) and the properties below; a
//     relationship has its type (hanke.RelType) and the edge's properties.
//   - Texts in three languages are flattened: name_fi, name_sv, name_en,
//     summary_fi, …, so that full-text indexes can analyse each language
//     with its own analyzer.
//   - sortName is hanke.SortName, the key every store orders names by; it is
//     stored so that ordering uses an index.
//   - Dates of projects are Neo4j DATEs, so that Cypher compares them as
//     dates; dates that may be partial (YYYY, YYYY-MM) stay strings.
//   - A centroid is a WGS 84 POINT.
//   - Lists of strings are string lists; lists of structs (identifiers,
//     contacts, figures) are JSON strings, which Neo4j cannot otherwise hold.
//   - Empty values are not stored: an empty string, list or false is no
//     property, and reads back as the zero value.

const dateLayout = "2006-01-02"

// properties builds the property map of a node or relationship, leaving
// empty values out.
type properties map[string]any

func (p properties) str(key, v string) {
	if v != "" {
		p[key] = v
	}
}

func (p properties) text(prefix string, t hanke.LocalizedText) {
	p.str(prefix+"_fi", t.Fi)
	p.str(prefix+"_sv", t.Sv)
	p.str(prefix+"_en", t.En)
}

func (p properties) strs(key string, v []string) {
	if len(v) > 0 {
		p[key] = v
	}
}

func (p properties) flag(key string, v bool) {
	if v {
		p[key] = true
	}
}

func (p properties) num(key string, v *float64) {
	if v != nil {
		p[key] = *v
	}
}

func (p properties) date(key, v string) error {
	if v == "" {
		return nil
	}
	t, err := time.Parse(dateLayout, v)
	if err != nil {
		return fmt.Errorf("%s %q is not a date (YYYY-MM-DD)", key, v)
	}
	p[key] = dbtype.Date(t)
	return nil
}

// classificationKeys are what the project filter compares of
// classifications, scheme and code, each pair one string (joined by U+001F,
// the unit separator), in a list that Cypher can search.
func classificationKeys(cs []hanke.Classification) []string {
	var keys []string
	for _, c := range cs {
		keys = append(keys, c.Scheme+keySeparator+c.Code)
	}
	return keys
}

const keySeparator = "\x1f"

// classificationLabels are the classifications' labels, in the order of
// their keys ("" where one has none), for counting them in Cypher.
func classificationLabels(cs []hanke.Classification) []string {
	var labels []string
	for _, c := range cs {
		labels = append(labels, c.Label)
	}
	return labels
}

// structs stores a list of structs as JSON.
func (p properties) structs(key string, v any, n int) error {
	if n == 0 {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	p[key] = string(b)
	return nil
}

// nodeProperties is the stored form of a node.
func nodeProperties(n hanke.Node) (map[string]any, error) {
	p := properties{}
	var base *hanke.Base
	var err error
	switch n := n.(type) {
	case *hanke.Project:
		base = &n.Base
		p.str("acronym", n.Acronym)
		p.str("kind", string(n.Kind))
		p.text("summary", n.Summary)
		p.str("note", n.Note)
		p.num("totalBudgetEur", n.TotalBudgetEur)
		p.num("euContributionEur", n.EUContributionEur)
		p.num("euCofinancingPercent", n.EUCofinancingPercent)
		p.strs("classificationKeys", classificationKeys(n.Classifications))
		p.strs("classificationLabels", classificationLabels(n.Classifications))
		err = firstError(
			p.date("startDate", n.StartDate),
			p.date("endDate", n.EndDate),
			p.structs("identifiers", n.Identifiers, len(n.Identifiers)),
			p.structs("classifications", n.Classifications, len(n.Classifications)),
			p.structs("contacts", n.Contacts, len(n.Contacts)),
			p.structs("figures", n.Figures, len(n.Figures)))
	case *hanke.Organisation:
		base = &n.Base
		p.str("acronym", n.Acronym)
		p.str("kind", string(n.Kind))
		p.strs("altNames", n.AltNames)
		p.str("businessId", n.BusinessID)
	case *hanke.WelfareRegion:
		base = &n.Base
		p.str("code", n.Code)
		p.strs("nuts3", n.NUTS3)
		if n.Centroid != nil {
			p["centroid"] = dbtype.Point2D{X: n.Centroid.Lon, Y: n.Centroid.Lat, SpatialRefId: wgs84}
		}
	case *hanke.Sector:
		base = &n.Base
		err = p.structs("figures", n.Figures, len(n.Figures))
	case *hanke.Fund:
		base = &n.Base
		p.str("acronym", n.Acronym)
	case *hanke.Programme:
		base = &n.Base
		p["periodStart"] = int64(n.PeriodStart)
		p["periodEnd"] = int64(n.PeriodEnd)
	case *hanke.Source:
		base = &n.Base
		p.str("url", n.URL)
		p.str("publisher", n.Publisher)
		p.str("published", n.Published)
		p.str("reference", n.Reference)
	default:
		return nil, fmt.Errorf("node %s: unknown node type %T", n.NodeID(), n)
	}
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", base.ID, err)
	}
	p["id"] = base.ID
	p.str("sortName", hanke.SortName(n))
	p.text("name", base.Names)
	p.strs("sources", base.Sources)
	p.flag("synthetic", base.Synthetic)
	return p, nil
}

// wgs84 is the spatial reference id of WGS 84 longitude/latitude points.
const wgs84 = 4326

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// edgeProperties is the stored form of an edge; its type and ends are the
// relationship itself.
func edgeProperties(e hanke.Edge) map[string]any {
	p := properties{}
	p.str("role", e.Role)
	p.str("priority", e.Priority)
	p.str("specificObjective", e.SpecificObjective)
	p.str("note", e.Note)
	p.strs("sources", e.Sources)
	p.flag("synthetic", e.Synthetic)
	return p
}

// decoder reads the properties of one stored node or relationship. It keeps
// the first problem met, so that decoding reads as a list of fields.
type decoder struct {
	what  string // "project:x" or "relationship project:x-TARGETS->sector:y", for errors
	props map[string]any
	err   error
}

func (d *decoder) fail(key string, v any, want string) {
	if d.err == nil {
		d.err = fmt.Errorf("neo4j: %s: property %s is %T, want %s", d.what, key, v, want)
	}
}

func (d *decoder) str(key string) string {
	switch v := d.props[key].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		d.fail(key, v, "a string")
		return ""
	}
}

func (d *decoder) text(prefix string) hanke.LocalizedText {
	return hanke.LocalizedText{Fi: d.str(prefix + "_fi"), Sv: d.str(prefix + "_sv"), En: d.str(prefix + "_en")}
}

func (d *decoder) strs(key string) []string {
	switch v := d.props[key].(type) {
	case nil:
		return nil
	case []any:
		if len(v) == 0 {
			return nil
		}
		out := make([]string, len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				d.fail(key, item, "a list of strings")
				return nil
			}
			out[i] = s
		}
		return out
	default:
		d.fail(key, v, "a list of strings")
		return nil
	}
}

func (d *decoder) flag(key string) bool {
	switch v := d.props[key].(type) {
	case nil:
		return false
	case bool:
		return v
	default:
		d.fail(key, v, "a boolean")
		return false
	}
}

// num reads a number that may be missing; Neo4j keeps integers and floats
// apart, and a value written as an integer by another tool is still a number.
func (d *decoder) num(key string) *float64 {
	switch v := d.props[key].(type) {
	case nil:
		return nil
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	default:
		d.fail(key, v, "a number")
		return nil
	}
}

func (d *decoder) integer(key string) int {
	switch v := d.props[key].(type) {
	case nil:
		return 0
	case int64:
		return int(v)
	case float64:
		if v == math.Trunc(v) {
			return int(v)
		}
	}
	d.fail(key, d.props[key], "an integer")
	return 0
}

// date reads a DATE (or a value Cypher may have made of one: a datetime, or
// an ISO string) as YYYY-MM-DD.
func (d *decoder) date(key string) string {
	switch v := d.props[key].(type) {
	case nil:
		return ""
	case dbtype.Date:
		return time.Time(v).Format(dateLayout)
	case time.Time: // DATETIME
		return v.Format(dateLayout)
	case dbtype.LocalDateTime:
		return time.Time(v).Format(dateLayout)
	case string:
		if _, err := time.Parse(dateLayout, v); err == nil {
			return v
		}
	}
	d.fail(key, d.props[key], "a date")
	return ""
}

func (d *decoder) point(key string) *hanke.LatLon {
	switch v := d.props[key].(type) {
	case nil:
		return nil
	case dbtype.Point2D:
		if v.SpatialRefId == wgs84 {
			return &hanke.LatLon{Lat: v.Y, Lon: v.X}
		}
	}
	d.fail(key, d.props[key], "a WGS 84 point")
	return nil
}

// structs reads a JSON list of structs into out (a pointer to a slice).
func (d *decoder) structs(key string, out any) {
	s := d.str(key)
	if s == "" {
		return
	}
	if err := json.Unmarshal([]byte(s), out); err != nil && d.err == nil {
		d.err = fmt.Errorf("neo4j: %s: property %s: %w", d.what, key, err)
	}
}

// decodeNode turns a stored node into the domain's node. Its label is the
// one of hanke.Labels it carries.
func decodeNode(n dbtype.Node) (hanke.Node, error) {
	d := &decoder{props: n.Props}
	id := d.str("id")
	d.what = "node " + id
	base := hanke.Base{ID: id, Names: d.text("name"), Sources: d.strs("sources"), Synthetic: d.flag("synthetic")}
	var out hanke.Node
	switch nodeLabel(n.Labels) {
	case hanke.LabelProject:
		p := &hanke.Project{
			Base: base, Acronym: d.str("acronym"), Kind: hanke.ProjectKind(d.str("kind")),
			Summary: d.text("summary"), StartDate: d.date("startDate"), EndDate: d.date("endDate"),
			Note: d.str("note"), TotalBudgetEur: d.num("totalBudgetEur"),
			EUContributionEur: d.num("euContributionEur"), EUCofinancingPercent: d.num("euCofinancingPercent"),
		}
		d.structs("identifiers", &p.Identifiers)
		d.structs("classifications", &p.Classifications)
		d.structs("contacts", &p.Contacts)
		d.structs("figures", &p.Figures)
		out = p
	case hanke.LabelOrganisation:
		out = &hanke.Organisation{
			Base: base, Acronym: d.str("acronym"), Kind: hanke.OrganisationKind(d.str("kind")),
			AltNames: d.strs("altNames"), BusinessID: d.str("businessId"),
		}
	case hanke.LabelWelfareRegion:
		out = &hanke.WelfareRegion{Base: base, Code: d.str("code"), NUTS3: d.strs("nuts3"), Centroid: d.point("centroid")}
	case hanke.LabelSector:
		s := &hanke.Sector{Base: base}
		d.structs("figures", &s.Figures)
		out = s
	case hanke.LabelFund:
		out = &hanke.Fund{Base: base, Acronym: d.str("acronym")}
	case hanke.LabelProgramme:
		out = &hanke.Programme{Base: base, PeriodStart: d.integer("periodStart"), PeriodEnd: d.integer("periodEnd")}
	case hanke.LabelSource:
		out = &hanke.Source{
			Base: base, URL: d.str("url"), Publisher: d.str("publisher"),
			Published: d.str("published"), Reference: d.str("reference"),
		}
	default:
		return nil, fmt.Errorf("neo4j: node %q has none of hankegraph's labels (it has %v)", id, n.Labels)
	}
	if id == "" && d.err == nil {
		d.err = fmt.Errorf("neo4j: a %s node has no id", out.NodeLabel())
	}
	return out, d.err
}

func nodeLabel(labels []string) hanke.Label {
	for _, l := range labels {
		for _, known := range hanke.Labels {
			if hanke.Label(l) == known {
				return known
			}
		}
	}
	return ""
}

// decodeEdge turns a stored relationship, with the ids of its start and end
// nodes, into an edge.
func decodeEdge(r dbtype.Relationship, from, to string) (hanke.Edge, error) {
	e := hanke.Edge{Type: hanke.RelType(r.Type), From: from, To: to}
	d := &decoder{what: "relationship " + e.ID(), props: r.Props}
	e.Role = d.str("role")
	e.Priority = d.str("priority")
	e.SpecificObjective = d.str("specificObjective")
	e.Note = d.str("note")
	e.Sources = d.strs("sources")
	e.Synthetic = d.flag("synthetic")
	return e, d.err
}

// decodeEdgeMap reads an edge that a statement returns as
// {rel: relationship, from: start id, to: end id, neighbour: node}, and the
// node at its other end when neighbour is wanted.
func decodeEdgeMap(v any, neighbour bool) (hanke.Edge, hanke.Node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return hanke.Edge{}, nil, fmt.Errorf("neo4j: an edge is %T, want a map", v)
	}
	r, okRel := m["rel"].(dbtype.Relationship)
	from, okFrom := m["from"].(string)
	to, okTo := m["to"].(string)
	if !okRel || !okFrom || !okTo {
		return hanke.Edge{}, nil, fmt.Errorf("neo4j: an edge is %v, want {rel, from, to}", m)
	}
	e, err := decodeEdge(r, from, to)
	if err != nil || !neighbour {
		return e, nil, err
	}
	node, ok := m["neighbour"].(dbtype.Node)
	if !ok {
		return hanke.Edge{}, nil, fmt.Errorf("neo4j: the neighbour of an edge is %T, want a node", m["neighbour"])
	}
	n, err := decodeNode(node)
	return e, n, err
}
