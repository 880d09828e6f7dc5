package storetest

import (
	"fmt"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// fixture is a small made-up graph for paging and loading: 40 projects, two
// sectors of one domain, an organisation implementing every project and
// another implementing six. It is test data, marked synthetic, and has
// nothing to do with the real dataset.
func fixture() *hanke.Graph {
	src := []string{"source:fixture"}
	base := func(id, name string) hanke.Base {
		return hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: name}, Sources: src, Synthetic: true}
	}
	g := &hanke.Graph{Nodes: []hanke.Node{
		&hanke.Source{Base: hanke.Base{ID: "source:fixture", Names: hanke.LocalizedText{En: "test fixture"}, Synthetic: true}},
		&hanke.Organisation{Base: base("org:o", "Organisaatio"), Kind: hanke.OrgOther},
		&hanke.Organisation{Base: base("org:few", "Harvat"), Kind: hanke.OrgOther},
		&hanke.Sector{Base: base("sector:domain", "Ala")},
		&hanke.Sector{Base: base("sector:s0", "Sektori 0")},
		&hanke.Sector{Base: base("sector:s1", "Sektori 1")},
	}}
	edge := func(t hanke.RelType, from, to, role string) {
		g.Edges = append(g.Edges, hanke.Edge{Type: t, From: from, To: to, Role: role, Sources: src, Synthetic: true})
	}
	edge(hanke.RelPartOf, "sector:s0", "sector:domain", "")
	edge(hanke.RelPartOf, "sector:s1", "sector:domain", "")
	for i := range 40 {
		id := fmt.Sprintf("project:p%03d", i)
		p := &hanke.Project{Base: base(id, fmt.Sprintf("Hanke %03d", i)), Kind: hanke.KindDevelopmentProject}
		// One code in two schemes, which a filter must tell apart; labelled
		// by some of the projects only.
		if i%3 == 0 {
			c := hanke.Classification{Scheme: "category", Code: "109"}
			if i > 0 {
				c.Label = fmt.Sprintf("Luokka 109 (p%03d)", i)
			}
			p.Classifications = append(p.Classifications, c)
		}
		if i%5 == 0 {
			p.Classifications = append(p.Classifications, hanke.Classification{Scheme: "objective", Code: "109"})
		}
		g.Nodes = append(g.Nodes, p)
		edge(hanke.RelImplements, "org:o", id, hanke.RoleLead)
		edge(hanke.RelTargets, id, fmt.Sprintf("sector:s%d", i%2), "")
	}
	// Given out of id order, so that a store must sort what it finds.
	for _, id := range []string{"project:p039", "project:p007", "project:p021", "project:p002", "project:p030", "project:p015"} {
		edge(hanke.RelImplements, "org:few", id, hanke.RoleCoImplementer)
	}
	return g
}
