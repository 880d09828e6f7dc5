package network

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// syntheticGraph generates a graph for benchmarks, shaped like the real data
// but of any size: projects with a lead implementer, co-implementers and
// partners, welfare regions, sectors, one programme, lineage and
// coordination. Every node and edge is marked Synthetic, and every id says
// "synthetic".
//
// Organisations take part in projects with heavy-tailed frequency (a Zipf
// law), as a few agencies and large NGOs do in the real data: most take part
// in one or none, a few in hundreds. The same seed gives the same graph.
func syntheticGraph(projects, orgs int, seed uint64) *hanke.Graph {
	r := rand.New(rand.NewPCG(seed, seed))
	// s and v set the tail: with 40 000 projects and 60 000 organisations,
	// 22 653 organisations take part in any, half of those in one, 1% in
	// over 100, the busiest in 1 860.
	pick := rand.NewZipf(r, 1.2, 20, uint64(orgs-1))

	g := &hanke.Graph{}
	base := func(id string) hanke.Base {
		return hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: "Synteettinen " + id}, Synthetic: true}
	}
	link := func(from string, t hanke.RelType, to string) {
		g.Edges = append(g.Edges, hanke.Edge{From: from, Type: t, To: to, Synthetic: true})
	}

	var regions, sectors []string
	for i := range 23 {
		id := fmt.Sprintf("region:synthetic-%02d", i)
		regions = append(regions, id)
		g.Nodes = append(g.Nodes, &hanke.WelfareRegion{Base: base(id), Code: fmt.Sprintf("s%02d", i)})
	}
	for i := range 12 {
		id := fmt.Sprintf("sector:synthetic-%02d", i)
		sectors = append(sectors, id)
		g.Nodes = append(g.Nodes, &hanke.Sector{Base: base(id)})
	}
	const programme, fund = "programme:synthetic", "fund:synthetic"
	g.Nodes = append(g.Nodes, &hanke.Programme{Base: base(programme)}, &hanke.Fund{Base: base(fund)})
	link(programme, hanke.RelPartOf, fund)

	orgID := func(i uint64) string { return fmt.Sprintf("org:synthetic-%06d", i) }
	for i := range orgs {
		g.Nodes = append(g.Nodes, &hanke.Organisation{Base: base(orgID(uint64(i))), Kind: hanke.OrgNGO})
		link(orgID(uint64(i)), hanke.RelLocatedIn, regions[r.IntN(len(regions))])
	}

	kinds := []hanke.ProjectKind{hanke.KindDevelopmentProject, hanke.KindCityProject, hanke.KindNationalTheme}
	var coordinations []string
	for i := range projects {
		id := fmt.Sprintf("project:synthetic-%06d", i)
		p := &hanke.Project{
			Base:      base(id),
			Kind:      kinds[r.IntN(len(kinds))],
			StartDate: fmt.Sprintf("%d-%02d-01", 2008+r.IntN(17), 1+r.IntN(12)),
		}
		if r.IntN(50) == 0 {
			p.Kind = hanke.KindCoordination
			coordinations = append(coordinations, id)
		}
		g.Nodes = append(g.Nodes, p)

		// One lead, up to two co-implementers and up to four partners, all
		// different.
		members := map[uint64]bool{}
		take := func(t hanke.RelType, role string, n int) {
			for range n {
				o := pick.Uint64()
				if !members[o] {
					members[o] = true
					g.Edges = append(g.Edges, hanke.Edge{From: orgID(o), Type: t, To: id, Role: role, Synthetic: true})
				}
			}
		}
		take(hanke.RelImplements, hanke.RoleLead, 1)
		take(hanke.RelImplements, hanke.RoleCoImplementer, r.IntN(3))
		take(hanke.RelPartnerIn, "", r.IntN(5))

		for _, region := range distinct(r, regions, 1+r.IntN(2)) {
			link(id, hanke.RelOperatesIn, region)
		}
		for _, sector := range distinct(r, sectors, 1+r.IntN(2)) {
			link(id, hanke.RelTargets, sector)
		}
		link(id, hanke.RelFundedFrom, programme)
		// A third of the projects continue one or two earlier ones.
		if i > 0 && r.IntN(3) == 0 {
			for _, j := range distinctInts(r, i, min(i, 1+r.IntN(2))) {
				link(id, hanke.RelSucceeds, fmt.Sprintf("project:synthetic-%06d", j))
			}
		}
		if len(coordinations) > 0 && p.Kind != hanke.KindCoordination && r.IntN(5) == 0 {
			link(coordinations[r.IntN(len(coordinations))], hanke.RelCoordinates, id)
		}
	}
	return g
}

// distinctInts is n different ints in [0, below).
func distinctInts(r *rand.Rand, below, n int) []int {
	out := make([]int, 0, n)
	for len(out) < n {
		if j := r.IntN(below); !slices.Contains(out, j) {
			out = append(out, j)
		}
	}
	return out
}

// distinct is n different elements of from.
func distinct(r *rand.Rand, from []string, n int) []string {
	perm := r.Perm(len(from))
	out := make([]string, n)
	for i := range out {
		out[i] = from[perm[i]]
	}
	return out
}
