package atlas_test

import (
	"context"
	"testing"

	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

// benchmarkStats is one request's region statistics: a new session each
// time, with the index built beforehand, as it is after the first request.
func benchmarkStats(b *testing.B, f hanke.ProjectFilter) {
	a := atlas.New(storetest.Scaled(b))
	ctx := context.Background()
	if _, err := a.Session().Stats(ctx, f); err != nil {
		b.Fatal(err)
	}
	storetest.CPULoop(b, func(int) error {
		_, err := a.Session().Stats(ctx, f)
		return err
	})
}

func BenchmarkStatsEveryProject(b *testing.B) { benchmarkStats(b, hanke.ProjectFilter{}) }

// The map page's filters: a programme (45% of the projects), a fund (65%)
// and a sector domain.
func BenchmarkStatsByProgramme(b *testing.B) {
	benchmarkStats(b, hanke.ProjectFilter{Programmes: []string{"programme:synthetic-2014-2020"}})
}

func BenchmarkStatsByFund(b *testing.B) {
	benchmarkStats(b, hanke.ProjectFilter{Funds: []string{"fund:synthetic-esf"}})
}

func BenchmarkStatsBySector(b *testing.B) {
	benchmarkStats(b, hanke.ProjectFilter{Sectors: []string{"sector:synthetic-2"}})
}

// Filters the store checks on every project rather than through a
// candidate set.
func BenchmarkStatsByKind(b *testing.B) {
	benchmarkStats(b, hanke.ProjectFilter{Kinds: []hanke.ProjectKind{hanke.KindDevelopmentProject}})
}

func BenchmarkStatsActiveOn(b *testing.B) {
	benchmarkStats(b, hanke.ProjectFilter{ActiveOn: "2019-06-01"})
}

func BenchmarkStatsOneRegion(b *testing.B) {
	benchmarkStats(b, hanke.ProjectFilter{Regions: []string{"region:90"}})
}

// BenchmarkStatsBySectorOnADay is the load test's "region statistics under
// a filter": a sector or domain and a day, varying from request to request.
func BenchmarkStatsBySectorOnADay(b *testing.B) {
	a := atlas.New(storetest.Scaled(b))
	ctx := context.Background()
	days, sectors := storetest.ScaledDays, storetest.ScaledSectors
	if _, err := a.Session().Stats(ctx, hanke.ProjectFilter{}); err != nil {
		b.Fatal(err)
	}
	storetest.CPULoop(b, func(i int) error {
		_, err := a.Session().Stats(ctx, hanke.ProjectFilter{ActiveOn: days[i%len(days)], Sectors: []string{sectors[i%len(sectors)]}})
		return err
	})
}

func BenchmarkFlowsByProgramme(b *testing.B) {
	a := atlas.New(storetest.Scaled(b))
	f := hanke.ProjectFilter{Programmes: []string{"programme:synthetic-2014-2020"}}
	if _, err := a.Session().Flows(context.Background(), f); err != nil {
		b.Fatal(err)
	}
	storetest.CPULoop(b, func(int) error {
		_, err := a.Session().Flows(context.Background(), f)
		return err
	})
}

// BenchmarkBuildIndex is building the index, which a server does as it
// starts and again on the first map request after the graph changes.
func BenchmarkBuildIndex(b *testing.B) {
	store := storetest.Scaled(b)
	storetest.CPULoop(b, func(int) error {
		_, err := atlas.New(store).Session().Stats(context.Background(), hanke.ProjectFilter{})
		return err
	})
}
