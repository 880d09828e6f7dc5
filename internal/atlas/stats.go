package atlas

import (
	"math/bits"
	"slices"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// RegionStats are the counts of one welfare area for the projects a filter
// selects. These definitions are the only ones: the GraphQL fields, the
// GeoJSON properties and /geo/regions.geojson all report these numbers.
type RegionStats struct {
	Region *hanke.WelfareRegion
	// Projects counts the selected projects that are in the area as
	// hanke.InRegion has it: they operate there (OPERATES_IN), or an
	// implementer or partner of theirs is located there (LOCATED_IN). It is
	// the total that Store.Projects gives with the area added to the filter.
	// A project in several areas counts in each.
	Projects int
	// Implementers counts the organisations located in the area that
	// implement (IMPLEMENTS, as lead or co-implementer) at least one selected
	// project, each organisation once.
	Implementers int
	// Partners counts the organisations located in the area that partner in
	// (PARTNER_IN) at least one selected project, each organisation once.
	Partners int
	// Organisations counts the organisations located in the area, whatever
	// the filter.
	Organisations int
	// PortfolioProjects counts the selected projects whose coordinated
	// portfolio a source reports working in the area (PORTFOLIO_WORKS_IN).
	// The report is about projects the graph does not hold as entities, so
	// it is a reported fact kept apart: it adds nothing to Projects.
	PortfolioProjects int
}

// MaxFlowProjectIDs is how many project ids a Flow lists at most.
const MaxFlowProjectIDs = 100

// Flow is a pair of areas that projects link: a project links two areas
// when organisations located in each (LOCATED_IN) implement or partner in
// it. Where a project operates (OPERATES_IN) makes no flow: a flow is
// collaboration between organisations of the two areas.
type Flow struct {
	// From's code comes before To's.
	From, To *hanke.WelfareRegion
	// Projects counts the selected projects that link the two areas.
	Projects int
	// ProjectIDs are the first MaxFlowProjectIDs of them, by id.
	ProjectIDs []string
}

// stats counts the areas' rows for the projects at the given positions.
// Organisations are counted by going through them, each once, and checking
// their projects against the selection: the same counts as going through the
// projects and remembering which organisations were seen, without jumping
// around memory for each project's organisations.
func (ix *index) stats(selected []int32) []RegionStats {
	rows := make([]RegionStats, len(ix.regions))
	for r, region := range ix.regions {
		rows[r] = RegionStats{Region: region, Organisations: ix.organisations[r]}
	}
	chosen := newBitset(len(ix.projects))
	for _, p := range selected {
		chosen.add(p)
		for r := range (ix.operates[p] | ix.located[p]).members() {
			rows[r].Projects++
		}
		for r := range ix.reported[p].members() {
			rows[r].PortfolioProjects++
		}
	}
	anyChosen := func(projects []int32) bool {
		return slices.ContainsFunc(projects, chosen.contains)
	}
	for o, regions := range ix.orgRegions {
		if anyChosen(ix.implements.of(o)) {
			for r := range regions.members() {
				rows[r].Implementers++
			}
		}
		if anyChosen(ix.partners.of(o)) {
			for r := range regions.members() {
				rows[r].Partners++
			}
		}
	}
	return rows
}

// flows finds the pairs of areas that the projects at the given positions
// (ascending) link.
func (ix *index) flows(selected []int32) []Flow {
	n := len(ix.regions)
	pairs := make([]Flow, n*n) // the pair of areas a < b at a*n+b
	for _, p := range selected {
		located := ix.located[p]
		if bits.OnesCount64(uint64(located)) < 2 {
			continue
		}
		for a := range located.members() {
			for b := range located.above(a).members() {
				f := &pairs[a*n+b]
				f.Projects++
				if len(f.ProjectIDs) < MaxFlowProjectIDs {
					f.ProjectIDs = append(f.ProjectIDs, ix.projects[p])
				}
			}
		}
	}
	out := []Flow{}
	for a := range n {
		for b := a + 1; b < n; b++ {
			if f := pairs[a*n+b]; f.Projects > 0 {
				f.From, f.To = ix.regions[a], ix.regions[b]
				out = append(out, f)
			}
		}
	}
	return out
}
