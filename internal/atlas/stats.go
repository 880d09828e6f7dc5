package atlas

import (
	"math/bits"

	"github.com/hankegraph/hankegraph/internal/bitset"
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

// sparseWords is how many words of the selection each selected project
// must have to itself, on average, for stats to count the projects area by
// area as it goes through them (a read of each one's areas) rather than
// against each area's set of projects (23 passes over the selection's
// words). At a million projects (BenchmarkStatsBySectorOnADay, a sector on
// a day, 9 000 to 88 000 projects, medians of five runs) counting against
// the sets took 2.3 ms where counting as it went took 2.7: a read of a
// project's areas is mostly a cache miss, and 23 passes read in order. A
// few projects (at most 3 900 at a million) cost less than the passes.
const sparseWords = 4

// stats counts the areas' rows for the chosen projects (see index).
func (ix *index) stats(chosen bitset.Set) []RegionStats {
	return ix.count(chosen, chosen.Count()*sparseWords <= len(chosen))
}

// count counts the areas' rows for the chosen projects, their projects as
// it goes through them if sparse, else against each area's set.
func (ix *index) count(chosen bitset.Set, sparse bool) []RegionStats {
	projects := make([]int, len(ix.regions))
	takingPart := bitset.New(2 * int(ix.partnerBase))
	for p := range chosen.Members() {
		if sparse {
			for areas := ix.areas[p]; areas != 0; areas &= areas - 1 {
				projects[bits.TrailingZeros32(uint32(areas))]++
			}
		}
		for i, end := ix.participations.of(p); i < end; i++ {
			takingPart.Add(ix.participations.organisation(i))
		}
	}
	if !sparse {
		for r := range ix.regions {
			projects[r] = chosen.CountIn(ix.projectsIn[r])
		}
	}
	implementing, partnering := takingPart[:ix.partnerBase/64], takingPart[ix.partnerBase/64:]
	rows := make([]RegionStats, len(ix.regions))
	for r, region := range ix.regions {
		rows[r] = RegionStats{Region: region, Projects: projects[r],
			Implementers: ix.countIn(implementing, r), Partners: ix.countIn(partnering, r),
			Organisations: int(ix.firstIn[r+1]-ix.firstIn[r]) + len(ix.alsoIn[r])}
		for _, p := range ix.reportedIn[r] {
			if chosen.Contains(p) {
				rows[r].PortfolioProjects++
			}
		}
	}
	return rows
}

// countIn is how many of the organisations marked in set are located in
// area r.
func (ix *index) countIn(set bitset.Set, r int) int {
	n := set.CountRange(ix.firstIn[r], ix.firstIn[r+1])
	for _, o := range ix.alsoIn[r] {
		if set.Contains(o) {
			n++
		}
	}
	return n
}

// flows finds the pairs of areas that the chosen projects link.
func (ix *index) flows(chosen bitset.Set) []Flow {
	n := len(ix.regions)
	pairs := make([]Flow, n*n) // the pair of areas a < b at a*n+b
	for p := range chosen.Members() {
		located := ix.located[p]
		if bits.OnesCount32(uint32(located)) < 2 {
			continue
		}
		for a := range located.members() {
			for b := range located.above(a).members() {
				f := &pairs[a*n+b]
				f.Projects++
				if len(f.ProjectIDs) < MaxFlowProjectIDs {
					f.ProjectIDs = append(f.ProjectIDs, ix.projects.At(int(p)))
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
