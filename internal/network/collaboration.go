package network

import (
	"cmp"
	"context"
	"slices"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Collaboration is the collaboration network of a set of projects: the
// organisations that implement or partner in them, linked when they do so in
// the same projects.
type Collaboration struct {
	// Organisations are ordered by id. An organisation that works with no
	// other in these projects is here, with no links.
	Organisations []*hanke.Organisation
	// Links are ordered by A's id, then B's.
	Links []Link
}

// Link joins two organisations that implement or partner in the same projects.
type Link struct {
	// A's id comes before B's: the link has no direction.
	A, B *hanke.Organisation
	// Projects are the projects they share, ordered by id.
	Projects []*hanke.Project
}

// Weight is the number of projects the two organisations share.
func (l Link) Weight() int { return len(l.Projects) }

// CollaborationNetwork is the collaboration network of the projects that
// filter selects (all projects when it is empty). The filter means what it
// means in Store.Projects.
func (a *Analyzer) CollaborationNetwork(ctx context.Context, filter hanke.ProjectFilter) (*Collaboration, error) {
	p, projects, err := a.selection(ctx, filter)
	if err != nil {
		return nil, err
	}
	cw := p.collaborate(projects)
	c := &Collaboration{
		Organisations: make([]*hanke.Organisation, len(cw.orgs)),
		Links:         make([]Link, len(cw.links)),
	}
	for i, o := range cw.orgs {
		c.Organisations[i] = p.nodes[o].(*hanke.Organisation)
	}
	for i, l := range cw.links {
		c.Links[i] = Link{
			A:        p.nodes[l.a].(*hanke.Organisation),
			B:        p.nodes[l.b].(*hanke.Organisation),
			Projects: make([]*hanke.Project, len(l.projects)),
		}
		for j, pr := range l.projects {
			c.Links[i].Projects[j] = p.nodes[pr].(*hanke.Project)
		}
	}
	return c, nil
}

// coWork is a collaboration network in projection positions.
type coWork struct {
	orgs  []int64 // in order
	links []coLink
}

// coLink is a Link in projection positions: a < b, projects in order.
type coLink struct {
	a, b     int64
	projects []int64
}

// worksIn are the relationships that make an organisation part of a project's work.
var worksIn = relBit[hanke.RelImplements] | relBit[hanke.RelPartnerIn]

// collaborate is the collaboration network of the given projects, which are
// in order.
func (p *projection) collaborate(projects []int64) *coWork {
	seen := make(map[int64]bool)
	shared := make(map[[2]int64][]int64)
	var members []int64
	for _, pr := range projects {
		members = members[:0]
		for it := p.graph.From(pr); it.Next(); {
			o := it.Node().ID()
			// Seen from the project, an organisation's IMPLEMENTS or
			// PARTNER_IN points backward, towards the project.
			if p.linkBetween(pr, o).backward&worksIn != 0 {
				members = append(members, o)
			}
		}
		slices.Sort(members)
		for i, a := range members {
			seen[a] = true
			for _, b := range members[i+1:] {
				// Projects come in order, so each list of shared projects
				// is in order too.
				shared[[2]int64{a, b}] = append(shared[[2]int64{a, b}], pr)
			}
		}
	}

	cw := &coWork{orgs: make([]int64, 0, len(seen)), links: make([]coLink, 0, len(shared))}
	for o := range seen {
		cw.orgs = append(cw.orgs, o)
	}
	slices.Sort(cw.orgs)
	for pair, prs := range shared {
		cw.links = append(cw.links, coLink{a: pair[0], b: pair[1], projects: prs})
	}
	slices.SortFunc(cw.links, func(x, y coLink) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	return cw
}

// graph is the network as a gonum graph for the measures, with the
// organisations' projection positions as node ids and the number of shared
// projects as weights.
func (cw *coWork) graph() *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for _, o := range cw.orgs {
		g.AddNode(simple.Node(o))
	}
	for _, l := range cw.links {
		g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(l.a), T: simple.Node(l.b), W: float64(len(l.projects))})
	}
	return g
}
