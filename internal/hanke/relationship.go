package hanke

// RelType names a kind of relationship. Like labels, the list is closed.
type RelType string

const (
	RelImplements       RelType = "IMPLEMENTS"         // Organisation → Project, role LEAD or CO_IMPLEMENTER
	RelPartnerIn        RelType = "PARTNER_IN"         // Organisation → Project
	RelFunds            RelType = "FUNDS"              // Organisation → Project, with a FunderRole
	RelLocatedIn        RelType = "LOCATED_IN"         // Organisation → WelfareRegion
	RelOperatesIn       RelType = "OPERATES_IN"        // Project → WelfareRegion
	RelPortfolioWorksIn RelType = "PORTFOLIO_WORKS_IN" // Project → WelfareRegion: a source reports the projects it coordinates work there
	RelTargets          RelType = "TARGETS"            // Project → Sector
	RelFundedFrom       RelType = "FUNDED_FROM"        // Project → Programme, with priority and specific objective
	RelPartOf           RelType = "PART_OF"            // Programme → Fund, Sector → Sector (its domain)
	RelSucceeds         RelType = "SUCCEEDS"           // Project → Project: the later continues the earlier's work
	RelCoordinates      RelType = "COORDINATES"        // Project → Project
	RelCooperatesWith   RelType = "COOPERATES_WITH"    // Project → Project, symmetric in meaning
)

// Endpoints says which labels a relationship type joins.
type Endpoints struct{ From, To []Label }

// RelTypes is the closed list of relationship types and the labels each may join.
var RelTypes = map[RelType]Endpoints{
	RelImplements:       {[]Label{LabelOrganisation}, []Label{LabelProject}},
	RelPartnerIn:        {[]Label{LabelOrganisation}, []Label{LabelProject}},
	RelFunds:            {[]Label{LabelOrganisation}, []Label{LabelProject}},
	RelLocatedIn:        {[]Label{LabelOrganisation}, []Label{LabelWelfareRegion}},
	RelOperatesIn:       {[]Label{LabelProject}, []Label{LabelWelfareRegion}},
	RelPortfolioWorksIn: {[]Label{LabelProject}, []Label{LabelWelfareRegion}},
	RelTargets:          {[]Label{LabelProject}, []Label{LabelSector}},
	RelFundedFrom:       {[]Label{LabelProject}, []Label{LabelProgramme}},
	RelPartOf:           {[]Label{LabelProgramme, LabelSector}, []Label{LabelFund, LabelSector}},
	RelSucceeds:         {[]Label{LabelProject}, []Label{LabelProject}},
	RelCoordinates:      {[]Label{LabelProject}, []Label{LabelProject}},
	RelCooperatesWith:   {[]Label{LabelProject}, []Label{LabelProject}},
}

// AllRelTypes lists the relationship types in a stable order.
var AllRelTypes = []RelType{
	RelImplements, RelPartnerIn, RelFunds, RelLocatedIn, RelOperatesIn, RelPortfolioWorksIn,
	RelTargets, RelFundedFrom, RelPartOf, RelSucceeds, RelCoordinates, RelCooperatesWith,
}

// Roles of an implementing organisation.
const (
	RoleLead          = "LEAD"
	RoleCoImplementer = "CO_IMPLEMENTER"
)

// Roles of a funding organisation.
const (
	FunderRoleFunder            = "FUNDER"             // a source lists it as a funder
	FunderRoleFundingMinistry   = "FUNDING_MINISTRY"   // the ministry from whose authorisation the project is funded
	FunderRoleIntermediateBody  = "INTERMEDIATE_BODY"  // the authority that handles the funding for a ministry
	FunderRoleManagingAuthority = "MANAGING_AUTHORITY" // the programme's managing authority
)

// RolesOf lists the roles a relationship type allows; nil means it takes no role.
var RolesOf = map[RelType][]string{
	RelImplements: {RoleLead, RoleCoImplementer},
	RelFunds:      {FunderRoleFunder, FunderRoleFundingMinistry, FunderRoleIntermediateBody, FunderRoleManagingAuthority},
}

// Edge is a relationship between two nodes, stored in one direction.
type Edge struct {
	Type RelType `json:"type"`
	From string  `json:"from"`
	To   string  `json:"to"`
	// Role is the implementer's or funder's role, where the type has one.
	Role string `json:"role,omitempty"`
	// Priority and SpecificObjective place a FUNDED_FROM edge in its programme.
	Priority          string `json:"priority,omitempty"`
	SpecificObjective string `json:"specificObjective,omitempty"`
	// Note says what the sources add in words ("joined September 2023").
	Note      string   `json:"note,omitempty"`
	Sources   []string `json:"sources,omitempty"`
	Synthetic bool     `json:"synthetic,omitempty"`
}

// ID identifies the edge: there is at most one edge of a type between two nodes.
func (e Edge) ID() string { return e.From + "-" + string(e.Type) + "->" + e.To }

// Other is the end of the edge that is not id.
func (e Edge) Other(id string) string {
	if e.From == id {
		return e.To
	}
	return e.From
}

// Direction says which way edges are followed from a node.
type Direction int

const (
	Outgoing Direction = iota // from the node to others
	Incoming                  // from others to the node
	Both
)

// Graph is a set of nodes and edges: a dataset, or what a store loads.
type Graph struct {
	Nodes []Node
	Edges []Edge
}
