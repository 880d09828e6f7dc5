package embedded_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// The load test's filters on storetest.Scaled.

var benchRegions = []string{"region:01", "region:02", "region:06", "region:08", "region:13", "region:20", "region:90", "region:91"}

func day(i int) string { return storetest.ScaledDays[i%len(storetest.ScaledDays)] }

// BenchmarkSelectBySectorOnADay is what region statistics under a filter
// ask of the store: the projects of a sector or domain running on a day.
func BenchmarkSelectBySectorOnADay(b *testing.B) {
	s := storetest.Scaled(b)
	storetest.CPULoop(b, func(i int) error {
		_, err := s.SelectProjects(context.Background(), hanke.ProjectFilter{ActiveOn: day(i), Sectors: []string{storetest.ScaledSectors[i%len(storetest.ScaledSectors)]}})
		return err
	})
}

// BenchmarkFilteredPage is the load test's filtered page: a region's
// projects running on a day, latest started first, 20 and the count.
func BenchmarkFilteredPage(b *testing.B) {
	s := storetest.Scaled(b)
	storetest.CPULoop(b, func(i int) error {
		_, err := s.Projects(context.Background(), hanke.ProjectQuery{
			Filter: hanke.ProjectFilter{Regions: []string{benchRegions[i%len(benchRegions)]}, ActiveOn: day(i)},
			Order:  hanke.OrderByStartDate, Descending: true, Limit: 20,
		})
		return err
	})
}

// BenchmarkPeriodPage is a range of dates and a kind, which no set of
// candidates narrows, by name.
func BenchmarkPeriodPage(b *testing.B) {
	s := storetest.Scaled(b)
	storetest.CPULoop(b, func(i int) error {
		_, err := s.Projects(context.Background(), hanke.ProjectQuery{
			Filter: hanke.ProjectFilter{From: day(i), To: day(i + 1), Kinds: []hanke.ProjectKind{hanke.KindDevelopmentProject}},
			Limit:  20,
		})
		return err
	})
}

// BenchmarkAHubsProjectsPage is Organisation.projects(first: 5) on the
// organisation with the most projects: a page of its edges of three types
// and their count, which should cost the page, not the hub's degree.
func BenchmarkAHubsProjectsPage(b *testing.B) {
	s := storetest.Scaled(b)
	ctx := context.Background()
	orgs, err := s.All(ctx, hanke.LabelOrganisation)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.NodeID()
	}
	types := []hanke.RelType{hanke.RelImplements, hanke.RelPartnerIn, hanke.RelFunds}
	pages, err := s.Edges(ctx, hanke.EdgeQuery{IDs: ids, Direction: hanke.Outgoing, Types: types, Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	hub := 0
	for i, p := range pages {
		if p.Total > pages[hub].Total {
			hub = i
		}
	}
	b.Logf("%s takes part in %d projects", ids[hub], pages[hub].Total)
	storetest.CPULoop(b, func(i int) error {
		_, err := s.Edges(ctx, hanke.EdgeQuery{IDs: ids[hub : hub+1], Direction: hanke.Outgoing, Types: types, Offset: i % 2 * 5, Limit: 5})
		return err
	})
}

// BenchmarkCollection is a cycle of the garbage collector with the scaled
// store the only thing alive: what marking the store costs every cycle a
// loaded server runs (BENCHMARKS.md).
func BenchmarkCollection(b *testing.B) {
	s := storetest.Scaled(b)
	runtime.GC()
	for b.Loop() {
		runtime.GC()
	}
	runtime.KeepAlive(s)
}

// BenchmarkNodes looks up 100 projects spread over the scaled store.
func BenchmarkNodes(b *testing.B) {
	s := storetest.Scaled(b)
	var ids []string
	for i := range 100 {
		ids = append(ids, synthetic.ProjectID(i*997))
	}
	storetest.CPULoop(b, func(int) error {
		_, err := s.Nodes(context.Background(), ids)
		return err
	})
}
