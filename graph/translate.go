package graph

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/hankegraph/hankegraph/graph/model"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Page sizes of every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// nullable turns the domain's "not given" (an empty string) into GraphQL's null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nodeAs loads a node and returns it if it is a T; an unknown id or a node of
// another kind gives the zero T (null), not an error.
func nodeAs[T hanke.Node](ctx context.Context, id string) (T, error) {
	nodes, err := loadersFrom(ctx).loadNodes(ctx, []string{id})
	if err != nil {
		var none T
		return none, err
	}
	t, _ := nodes[0].(T)
	return t, nil
}

// nodesAs loads nodes and keeps those that exist and are Ts, in order.
func nodesAs[T hanke.Node](ctx context.Context, ids []string) ([]T, error) {
	nodes, err := loadersFrom(ctx).loadNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	return ofKind[T](nodes), nil
}

// ofKind is the nodes that are Ts, in order.
func ofKind[T hanke.Node](nodes []hanke.Node) []T {
	out := make([]T, 0, len(nodes))
	for _, n := range nodes {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

func sourcesOf(ctx context.Context, ids []string) ([]*hanke.Source, error) {
	return nodesAs[*hanke.Source](ctx, ids)
}

// edgesOf expands one node's relationships through the request's loader.
func edgesOf(ctx context.Context, id string, d hanke.Direction, types []hanke.RelType, role string, offset, limit int) (hanke.EdgePage, error) {
	return loadersFrom(ctx).expand(ctx, newEdgeKey(id, d, types, role, offset, limit))
}

// relatedPage is edgesOf with the nodes at the other ends of the edges
// (EdgePage.Neighbours), read in the same store call rather than looked up
// after.
func relatedPage(ctx context.Context, id string, d hanke.Direction, types []hanke.RelType, role string, offset, limit int) (hanke.EdgePage, error) {
	key := newEdgeKey(id, d, types, role, offset, limit)
	key.neighbours = true
	return loadersFrom(ctx).expand(ctx, key)
}

func newEdgeKey(id string, d hanke.Direction, types []hanke.RelType, role string, offset, limit int) edgeKey {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	return edgeKey{id: id, direction: d, types: strings.Join(names, ","), role: role, offset: offset, limit: limit}
}

// edgeList is every edge of one type and direction.
func edgeList(ctx context.Context, id string, d hanke.Direction, t hanke.RelType) ([]*hanke.Edge, error) {
	page, err := edgesOf(ctx, id, d, []hanke.RelType{t}, "", 0, 0)
	return pointers(page.Edges), err
}

func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// values are the items a list of non-null inputs points to.
func values[T any](items []*T) []T {
	var out []T
	for _, p := range items {
		out = append(out, *p)
	}
	return out
}

// related is the nodes at the other end of a node's edges of one type, read
// with the edges.
func related[T hanke.Node](ctx context.Context, id string, d hanke.Direction, t hanke.RelType) ([]T, error) {
	page, err := relatedPage(ctx, id, d, []hanke.RelType{t}, "", 0, 0)
	if err != nil {
		return nil, err
	}
	return ofKind[T](page.Neighbours), nil
}

func hankeDirection(d *model.Direction) hanke.Direction {
	switch {
	case d == nil || *d == model.DirectionBoth:
		return hanke.Both
	case *d == model.DirectionOutgoing:
		return hanke.Outgoing
	default:
		return hanke.Incoming
	}
}

// pageArgs turns first and after into an offset and a limit. A cursor is the
// opaque form of an item's position.
func pageArgs(first *int, after *string) (offset, limit int, err error) {
	limit = DefaultPageSize
	if first != nil {
		if *first < 0 || *first > MaxPageSize {
			return 0, 0, hanke.Errorf(hanke.ECodeInvalid, "first must be between 0 and %d, got %d", MaxPageSize, *first)
		}
		limit = *first
	}
	if after != nil {
		pos, ok := decodeCursor(*after)
		if !ok {
			return 0, 0, hanke.Errorf(hanke.ECodeInvalid, "after: %q is not a cursor of this API", *after)
		}
		offset = pos + 1
	}
	return offset, limit, nil
}

const cursorPrefix = "position:"

func encodeCursor(pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(pos)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return 0, false
	}
	pos, err := strconv.Atoi(strings.TrimPrefix(string(b), cursorPrefix))
	return pos, err == nil && pos >= 0
}

// pageInfo describes a page of n items from offset, out of total, and gives
// each item's cursor.
func pageInfo(offset, n, total int) (*model.PageInfo, []string) {
	cursors := make([]string, n)
	for i := range cursors {
		cursors[i] = encodeCursor(offset + i)
	}
	info := &model.PageInfo{HasNextPage: offset+n < total, HasPreviousPage: offset > 0}
	if n > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[n-1]
	}
	return info, cursors
}

func projectConnection(projects []*hanke.Project, offset, total int) *model.ProjectConnection {
	info, cursors := pageInfo(offset, len(projects), total)
	c := &model.ProjectConnection{PageInfo: info, TotalCount: total, Edges: make([]*model.ProjectEdge, len(projects))}
	for i, p := range projects {
		c.Edges[i] = &model.ProjectEdge{Cursor: cursors[i], Node: p}
	}
	return c
}

func organisationConnection(orgs []*hanke.Organisation, offset, total int) *model.OrganisationConnection {
	info, cursors := pageInfo(offset, len(orgs), total)
	c := &model.OrganisationConnection{PageInfo: info, TotalCount: total, Edges: make([]*model.OrganisationEdge, len(orgs))}
	for i, o := range orgs {
		c.Edges[i] = &model.OrganisationEdge{Cursor: cursors[i], Node: o}
	}
	return c
}

// relatedProjects is a page of the projects at the other end of a node's edges.
func relatedProjects(ctx context.Context, id string, d hanke.Direction, types []hanke.RelType, role string, first *int, after *string) (*model.ProjectConnection, error) {
	offset, limit, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	page, err := relatedPage(ctx, id, d, types, role, offset, limit)
	if err != nil {
		return nil, err
	}
	return projectConnection(ofKind[*hanke.Project](page.Neighbours), offset, page.Total), nil
}

// regionIDs accepts welfare regions by code ("90") or id ("region:90").
func regionIDs(in []string) []string {
	out := make([]string, len(in))
	for i, r := range in {
		if _, ok := hanke.LabelOf(r); ok {
			out[i] = r
		} else {
			out[i] = hanke.RegionID(r)
		}
	}
	return out
}

func projectFilter(f *model.ProjectFilter) hanke.ProjectFilter {
	if f == nil {
		return hanke.ProjectFilter{}
	}
	return hanke.ProjectFilter{
		Text: deref(f.Text), Kinds: f.Kind, Funds: f.Fund, Programmes: f.Programme,
		ActiveOn: deref(f.ActiveOn), From: deref(f.From), To: deref(f.To),
		Regions: regionIDs(f.Region), Sectors: f.Sector, Implementers: f.Implementer, Funders: f.Funder,
		Classifications: values(f.Classification),
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// projectsPage runs a page query for projects.
func (r *Resolver) projectsPage(ctx context.Context, q hanke.ProjectQuery, first *int, after *string) (*model.ProjectConnection, error) {
	offset, limit, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	q.Offset, q.Limit = offset, limit
	page, err := r.Store.Projects(ctx, q)
	if err != nil {
		return nil, err
	}
	return projectConnection(page.Projects, offset, page.Total), nil
}

// all lists every node of a reference label, as Ts.
func all[T hanke.Node](ctx context.Context, store hanke.Store, label hanke.Label) ([]T, error) {
	nodes, err := store.All(ctx, label)
	out := make([]T, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, n.(T))
	}
	return out, err
}

// organisationRoles says which relationships (and role) a way of taking part in projects is.
func organisationRoles(role *model.OrganisationRole) ([]hanke.RelType, string) {
	if role == nil {
		return []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn, hanke.RelFunds}, ""
	}
	switch *role {
	case model.OrganisationRoleLead:
		return []hanke.RelType{hanke.RelImplements}, hanke.RoleLead
	case model.OrganisationRoleCoImplementer:
		return []hanke.RelType{hanke.RelImplements}, hanke.RoleCoImplementer
	case model.OrganisationRolePartner:
		return []hanke.RelType{hanke.RelPartnerIn}, ""
	case model.OrganisationRoleFunder:
		return []hanke.RelType{hanke.RelFunds}, ""
	default:
		return []hanke.RelType{hanke.RelImplements}, ""
	}
}

// edgeProperties are an edge's properties as a researcher's tools see them.
func edgeProperties(e *hanke.Edge) map[string]any {
	props := map[string]any{}
	for key, value := range map[string]string{"role": e.Role, "priority": e.Priority, "specificObjective": e.SpecificObjective, "note": e.Note} {
		if value != "" {
			props[key] = value
		}
	}
	return props
}

// nodeLabels maps the NodeKind enum to the labels it names.
var nodeLabels = map[model.NodeKind]hanke.Label{
	model.NodeKindProject:       hanke.LabelProject,
	model.NodeKindOrganisation:  hanke.LabelOrganisation,
	model.NodeKindWelfareRegion: hanke.LabelWelfareRegion,
	model.NodeKindSector:        hanke.LabelSector,
	model.NodeKindFund:          hanke.LabelFund,
	model.NodeKindProgramme:     hanke.LabelProgramme,
}

// nodeLabel is the label a kind names; every label when no kind is given.
func nodeLabel(kind *model.NodeKind) string {
	if kind == nil {
		return ""
	}
	return string(nodeLabels[*kind])
}
