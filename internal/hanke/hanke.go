// Package hanke holds hankegraph's domain: the nodes and relationships of the
// knowledge graph of Finnish participation and inclusion projects, and the
// Store port that every storage technology implements. It depends on nothing
// but the standard library, so that stores, the GraphQL layer and the command
// line can all share it.
//
// ("Hanke" is Finnish for project.)
package hanke

import (
	"strings"
)

// Label names a kind of node. The list is closed: stores use these values as
// database labels, never strings taken from input.
type Label string

const (
	LabelProject       Label = "Project"
	LabelOrganisation  Label = "Organisation"
	LabelWelfareRegion Label = "WelfareRegion"
	LabelSector        Label = "Sector"
	LabelFund          Label = "Fund"
	LabelProgramme     Label = "Programme"
	LabelSource        Label = "Source"
)

// Labels lists every node label, in a stable order.
var Labels = []Label{LabelProject, LabelOrganisation, LabelWelfareRegion, LabelSector, LabelFund, LabelProgramme, LabelSource}

// idPrefixes ties a node id's prefix to its label, so that any id says what it
// names ("project:sokra", "org:thl", "region:90"). Stores rely on it to look a
// node up through its label's index.
var idPrefixes = map[Label]string{
	LabelProject:       "project:",
	LabelOrganisation:  "org:",
	LabelWelfareRegion: "region:",
	LabelSector:        "sector:",
	LabelFund:          "fund:",
	LabelProgramme:     "programme:",
	LabelSource:        "source:",
}

// IDPrefix is the prefix every id of the label starts with.
func IDPrefix(l Label) string { return idPrefixes[l] }

// LabelOf tells the label an id belongs to, from its prefix.
func LabelOf(id string) (Label, bool) {
	for l, p := range idPrefixes {
		if strings.HasPrefix(id, p) && len(id) > len(p) {
			return l, true
		}
	}
	return "", false
}

// RegionID is the node id of the welfare region with the given code ("01"…"21", "90", "91").
func RegionID(code string) string { return idPrefixes[LabelWelfareRegion] + code }

// LocalizedText is a text in Finnish, Swedish and English; a language that the
// sources do not give is left empty rather than guessed.
type LocalizedText struct {
	Fi string `json:"fi,omitempty"`
	Sv string `json:"sv,omitempty"`
	En string `json:"en,omitempty"`
}

// Best is the text in the first language present, Finnish first.
func (t LocalizedText) Best() string {
	switch {
	case t.Fi != "":
		return t.Fi
	case t.En != "":
		return t.En
	default:
		return t.Sv
	}
}

// All lists the texts present, in every language.
func (t LocalizedText) All() []string {
	var out []string
	for _, s := range []string{t.Fi, t.Sv, t.En} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Node is any node of the graph.
type Node interface {
	NodeID() string
	NodeLabel() Label
	// NodeNames is the node's name in each language the sources give.
	NodeNames() LocalizedText
	// Name is the node's name in its best language.
	Name() string
	// SourceIDs are the ids of the Source nodes the node's facts come from.
	SourceIDs() []string
	// IsSynthetic tells generated benchmark data from facts.
	IsSynthetic() bool
}

// Base holds what every node has.
type Base struct {
	ID      string        `json:"id"`
	Names   LocalizedText `json:"name"`
	Sources []string      `json:"sources,omitempty"`
	// Synthetic marks generated benchmark data, which never mixes with facts.
	Synthetic bool `json:"synthetic,omitempty"`
}

func (b *Base) NodeID() string           { return b.ID }
func (b *Base) NodeNames() LocalizedText { return b.Names }
func (b *Base) Name() string             { return b.Names.Best() }
func (b *Base) SourceIDs() []string      { return b.Sources }
func (b *Base) IsSynthetic() bool        { return b.Synthetic }

// Figure is an aggregate that a source reported without naming the entities
// behind it ("12 projects, 30 implementers"). It is kept as reported, on the
// node that reported it, instead of being turned into invented entities.
type Figure struct {
	Key   string        `json:"key"`
	Label LocalizedText `json:"label"`
	Value float64       `json:"value"`
	Unit  string        `json:"unit,omitempty"`
	// Date is when the figure was reported (YYYY, YYYY-MM or YYYY-MM-DD).
	Date    string   `json:"date,omitempty"`
	Note    string   `json:"note,omitempty"`
	Sources []string `json:"sources"`
}

// ProjectKind classifies projects.
type ProjectKind string

const (
	KindCoordination       ProjectKind = "COORDINATION"
	KindDevelopmentProject ProjectKind = "DEVELOPMENT_PROJECT"
	KindNationalTheme      ProjectKind = "NATIONAL_THEME"
	KindCityProject        ProjectKind = "CITY_PROJECT"
)

// ProjectKinds is the closed list of project kinds.
var ProjectKinds = []ProjectKind{KindCoordination, KindDevelopmentProject, KindNationalTheme, KindCityProject}

// Project is a publicly funded project, coordination or programme theme.
type Project struct {
	Base
	Acronym string        `json:"acronym,omitempty"`
	Kind    ProjectKind   `json:"kind"`
	Summary LocalizedText `json:"summary,omitempty"`
	// StartDate and EndDate are ISO dates (YYYY-MM-DD), empty when no source gives the day.
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
	// Note says in words what the sources add: dates they disagree on, facts
	// that fit no field.
	Note                 string   `json:"note,omitempty"`
	TotalBudgetEur       *float64 `json:"totalBudgetEur,omitempty"`
	EUContributionEur    *float64 `json:"euContributionEur,omitempty"`
	EUCofinancingPercent *float64 `json:"euCofinancingPercent,omitempty"`
	// Identifiers are the project's codes in public registers (EURA, Kohesio).
	Identifiers []Identifier `json:"identifiers,omitempty"`
	// Classifications place the project in public classifications, such as
	// Kohesio's categories of intervention.
	Classifications []Classification `json:"classifications,omitempty"`
	Contacts        []Contact        `json:"contacts,omitempty"`
	Figures         []Figure         `json:"figures,omitempty"`
}

func (*Project) NodeLabel() Label { return LabelProject }

// Identifier is a project's code in a public register.
type Identifier struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
}

// Classification is a project's code in a public classification (its
// scheme), with the label its source gives the code, if any.
type Classification struct {
	Scheme string `json:"scheme"`
	Code   string `json:"code"`
	Label  string `json:"label,omitempty"`
}

// ClassificationCount is a classification and how many projects have it.
type ClassificationCount struct {
	Classification
	Projects int
}

// Contact is a person named by a source in a role of a project.
type Contact struct {
	Name    string   `json:"name"`
	Role    string   `json:"role"`
	Sources []string `json:"sources"`
}

// OrganisationKind classifies organisations.
type OrganisationKind string

const (
	OrgMinistry          OrganisationKind = "MINISTRY"
	OrgAgency            OrganisationKind = "AGENCY"
	OrgNGO               OrganisationKind = "NGO_FOUNDATION"
	OrgMunicipality      OrganisationKind = "MUNICIPALITY"
	OrgWelfareRegion     OrganisationKind = "WELFARE_REGION_AUTHORITY"
	OrgUniversity        OrganisationKind = "UNIVERSITY"
	OrgResearchInstitute OrganisationKind = "RESEARCH_INSTITUTE"
	OrgParish            OrganisationKind = "PARISH"
	OrgCompany           OrganisationKind = "COMPANY"
	OrgOther             OrganisationKind = "OTHER"
)

// OrganisationKinds is the closed list of organisation kinds.
var OrganisationKinds = []OrganisationKind{OrgMinistry, OrgAgency, OrgNGO, OrgMunicipality, OrgWelfareRegion, OrgUniversity, OrgResearchInstitute, OrgParish, OrgCompany, OrgOther}

// Organisation implements, funds or partners in projects.
type Organisation struct {
	Base
	Acronym string           `json:"acronym,omitempty"`
	Kind    OrganisationKind `json:"kind"`
	// AltNames are other names the sources use for it.
	AltNames []string `json:"altNames,omitempty"`
	// BusinessID is the Finnish business id (Y-tunnus), when a source gives it.
	BusinessID string `json:"businessId,omitempty"`
}

func (*Organisation) NodeLabel() Label { return LabelOrganisation }

// WelfareRegion is one of the 23 areas that organise social, health and rescue
// services: 21 wellbeing services counties, the City of Helsinki and Åland.
type WelfareRegion struct {
	Base
	Code     string   `json:"code"`
	NUTS3    []string `json:"nuts3,omitempty"`
	Centroid *LatLon  `json:"centroid,omitempty"`
}

func (*WelfareRegion) NodeLabel() Label { return LabelWelfareRegion }

// LatLon is a WGS 84 point.
type LatLon struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Sector is a sector of services that projects develop, or (with no parent) a domain of sectors.
type Sector struct {
	Base
	Figures []Figure `json:"figures,omitempty"`
}

func (*Sector) NodeLabel() Label { return LabelSector }

// Fund is an EU fund (ESF, ESF+).
type Fund struct {
	Base
	Acronym string `json:"acronym,omitempty"`
}

func (*Fund) NodeLabel() Label { return LabelFund }

// Programme is the programme of a programming period through which a fund pays for projects.
type Programme struct {
	Base
	PeriodStart int `json:"periodStart"`
	PeriodEnd   int `json:"periodEnd"`
}

func (*Programme) NodeLabel() Label { return LabelProgramme }

// Source is a document that facts come from.
type Source struct {
	Base
	URL       string `json:"url,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	// Published is the document's date, as precise as the document gives it (YYYY, YYYY-MM or YYYY-MM-DD).
	Published string `json:"published,omitempty"`
	// Reference locates the document when it has no URL (a register code, a seed file).
	Reference string `json:"reference,omitempty"`
}

func (*Source) NodeLabel() Label { return LabelSource }
