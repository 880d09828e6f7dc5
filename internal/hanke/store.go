package hanke

import (
	"context"
	"strings"
)

// Store is the port every storage technology implements: the embedded
// in-memory store and Neo4j. It does what a database does best — batched
// lookups and expansions, filtered pages with counts, text search — and no
// graph logic: traversals, paths and statistics live once, above it, so that
// every store gives the same answers. Every method is one round trip however
// many ids it is given, which is what keeps a GraphQL request's store calls
// bounded by the query's depth rather than its results.
type Store interface {
	// Nodes looks nodes up by id; the result has one entry per id, nil where
	// the id is unknown.
	Nodes(ctx context.Context, ids []string) ([]Node, error)
	// Edges expands relationships: for each id in q.IDs, one EdgePage.
	Edges(ctx context.Context, q EdgeQuery) ([]EdgePage, error)
	// All lists every node of one of the small reference labels (WelfareRegion,
	// Sector, Fund, Programme, Source), ordered by id. Projects and
	// organisations, which can be millions, are read in pages.
	All(ctx context.Context, label Label) ([]Node, error)
	// Projects is one filtered, ordered page of projects with the total count.
	Projects(ctx context.Context, q ProjectQuery) (ProjectPage, error)
	// ProjectIDs calls fn with the id of every project that filter selects
	// (the filter means what it means in Projects), once each, in ascending
	// id order (byte order, as Go compares strings). It is for analyses that
	// need every matching project at once, such as region statistics: ids
	// stream one at a time, so a million of them cost neither a million
	// decoded projects nor a thousand pages. It stops at the first error fn
	// returns and returns that error.
	ProjectIDs(ctx context.Context, filter ProjectFilter, fn func(id string) error) error
	// Organisations is one filtered, ordered page of organisations with the total count.
	Organisations(ctx context.Context, q OrganisationQuery) (OrganisationPage, error)
	// Search finds nodes whose names, acronyms or summaries match text, best first.
	Search(ctx context.Context, text string, limit int) ([]SearchHit, error)
	// Classifications lists the classifications projects have, by scheme
	// and then code (as Go compares strings), each with the number of
	// projects that have it and the first label one of them gives it, in
	// project id order.
	Classifications(ctx context.Context) ([]ClassificationCount, error)
	// Load merges a validated graph into the store: nodes and edges are
	// created or replaced by id, so loading the same graph twice changes
	// nothing. It writes all or nothing.
	Load(ctx context.Context, g *Graph) (LoadStats, error)
	// Snapshot reads the whole graph, for the analyses that need all of it
	// (centrality, communities); callers cache it by Version.
	Snapshot(ctx context.Context) (*Graph, error)
	// Version changes whenever the stored graph changes.
	Version(ctx context.Context) (string, error)
	// Ping tells whether the store answers.
	Ping(ctx context.Context) error
}

// ProjectSelector is what a Store may also be, for analyses that keep an
// index of every project by its place in id order (region statistics): it
// says which projects a filter selects as a bit for each place, so that a
// selection of a million projects costs neither a million calls of
// ProjectIDs's fn nor a million id comparisons to find the places again.
// It is optional: such analyses fall back to ProjectIDs. A store that holds
// its graph in memory implements it; one behind a network would only move
// the comparisons to its own side.
type ProjectSelector interface {
	// SelectProjects is the set of projects that filter selects (as in
	// Projects), as of one version of the store: bit i of Places stands for
	// the i-th of all the store's projects in ascending id order at that
	// version, the order ProjectIDs gives them.
	SelectProjects(ctx context.Context, filter ProjectFilter) (ProjectSet, error)
}

// ProjectSet is a set of projects by their places in id order (see
// ProjectSelector).
type ProjectSet struct {
	// Version is the store's version (Store.Version) the places refer to.
	Version string
	// Places holds bit i%64 of word i/64 for the project at place i; it has
	// a word for every 64 projects of the store, and no bit beyond them.
	Places []uint64
}

// EdgeQuery asks for the relationships of nodes.
type EdgeQuery struct {
	IDs       []string
	Direction Direction
	// Types limits the relationship types followed; empty means all.
	Types []RelType
	// Role, when set, keeps only edges with that role.
	Role string
	// Offset and Limit page each node's edges; Limit 0 means all of them.
	Offset, Limit int
	// Neighbours asks for the node at the other end of each edge as well
	// (EdgePage.Neighbours), read with the edge: a walk then needs no
	// second call, and no second lookup by id, for the nodes it reaches.
	Neighbours bool
}

// EdgePage is one node's edges, ordered by type and then by the other end's
// id, and how many there are in all.
type EdgePage struct {
	Edges []Edge
	// Neighbours, when the query asked for them, holds for each edge the
	// node at its other end (the node asked about, for an edge to itself).
	Neighbours []Node
	Total      int
}

// ProjectFilter selects projects. Within a list any value matches; the fields
// must all match.
type ProjectFilter struct {
	// Text matches names, acronyms and summaries, as Search does.
	Text  string
	Kinds []ProjectKind
	// Funds and Programmes match through FUNDED_FROM (and the programme's PART_OF fund).
	Funds      []string
	Programmes []string
	// ActiveOn (an ISO date) matches projects running on that day. A project
	// whose start date is unknown never matches a period; one whose end date
	// is unknown is taken as still running.
	ActiveOn string
	// From and To (ISO dates, either may be empty) match projects whose period
	// overlaps the range, with the same rule for unknown dates.
	From, To string
	// Regions (welfare region ids) match a project "in" a region: see InRegion.
	Regions []string
	// Sectors match through TARGETS; a domain matches the sectors in it.
	Sectors []string
	// Implementers and Funders (organisation ids) match through IMPLEMENTS and FUNDS.
	Implementers []string
	Funders      []string
	// Classifications match projects classified under any of them, by scheme
	// and code (labels are not compared).
	Classifications []Classification
}

// InRegion is what "a project in a welfare region" means everywhere in
// hankegraph: the project OPERATES_IN the region, or one of its implementers
// or partners is LOCATED_IN it.
const InRegion = "a project is in a welfare region when it OPERATES_IN the region or an implementer or partner of it is LOCATED_IN the region"

// ProjectOrderField orders pages of projects.
type ProjectOrderField string

const (
	OrderByName        ProjectOrderField = "NAME"
	OrderByStartDate   ProjectOrderField = "START_DATE"
	OrderByEndDate     ProjectOrderField = "END_DATE"
	OrderByTotalBudget ProjectOrderField = "TOTAL_BUDGET"
)

// ProjectQuery is a page request for projects: ordered by Order and then by
// id; Descending reverses both keys. Projects without a value for Order come
// last either way (by id).
type ProjectQuery struct {
	Filter     ProjectFilter
	Order      ProjectOrderField
	Descending bool
	Offset     int
	Limit      int
}

// ProjectPage is a page of projects and the number of all that match.
type ProjectPage struct {
	Projects []*Project
	Total    int
}

// OrganisationFilter selects organisations.
type OrganisationFilter struct {
	Text  string
	Kinds []OrganisationKind
	// Regions match through LOCATED_IN.
	Regions []string
}

// OrganisationQuery is a page request for organisations, ordered by name and
// then id; Descending reverses both.
type OrganisationQuery struct {
	Filter     OrganisationFilter
	Descending bool
	Offset     int
	Limit      int
}

// OrganisationPage is a page of organisations and the number of all that match.
type OrganisationPage struct {
	Organisations []*Organisation
	Total         int
}

// SearchHit is a node that matched a search, with its relevance.
type SearchHit struct {
	Node  Node
	Score float64
}

// LoadStats counts what a Load wrote.
type LoadStats struct {
	Nodes int
	Edges int
}

// SortName is the key nodes are ordered by name with, the same in every store.
func SortName(n Node) string { return strings.ToLower(n.Name()) }
