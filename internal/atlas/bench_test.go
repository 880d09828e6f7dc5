package atlas_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// benchProjects is the size of the benchmarks' graph, internal/synthetic's
// on top of the built-in dataset: HANKEGRAPH_BENCH_PROJECTS, 100,000 unless
// set (the service must stay fast at 1,000,000; loading that many takes a
// minute and a few GB).
func benchProjects(b *testing.B) int {
	if v := os.Getenv("HANKEGRAPH_BENCH_PROJECTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 100_000
}

var bench struct {
	once  sync.Once
	n     int
	store *embedded.Store
}

func benchStore(b *testing.B) *embedded.Store {
	n := benchProjects(b)
	bench.once.Do(func() {
		bench.n, bench.store = n, builtin(b)
		if _, err := bench.store.Load(context.Background(), synthetic.Generate(n, 1)); err != nil {
			b.Fatal(err)
		}
	})
	return bench.store
}

// cpuTime is the CPU time the process has used. The benchmarks report it per
// operation too (cpu-ns/op), as build machines are shared and wall time
// there says as much about the neighbours as about the code.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// loop runs op b.N times and reports its CPU time per operation.
func loop(b *testing.B, op func() error) {
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// benchmarkStats is one request's region statistics: a new session each
// time, with the index built beforehand, as it is after the first request.
func benchmarkStats(b *testing.B, f hanke.ProjectFilter) {
	a := atlas.New(benchStore(b))
	ctx := context.Background()
	if _, err := a.Session().Stats(ctx, f); err != nil {
		b.Fatal(err)
	}
	loop(b, func() error {
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
	a := atlas.New(benchStore(b))
	ctx := context.Background()
	days := []string{"2010-06-01", "2016-03-01", "2019-09-01", "2023-01-15", "2025-05-05"}
	sectors := []string{"sector:synthetic-1", "sector:synthetic-1-2", "sector:synthetic-2", "sector:synthetic-2-3", "sector:synthetic-3-4", "sector:synthetic-3"}
	if _, err := a.Session().Stats(ctx, hanke.ProjectFilter{}); err != nil {
		b.Fatal(err)
	}
	i := 0
	loop(b, func() error {
		i++
		_, err := a.Session().Stats(ctx, hanke.ProjectFilter{ActiveOn: days[i%len(days)], Sectors: []string{sectors[i%len(sectors)]}})
		return err
	})
}

func BenchmarkFlowsByProgramme(b *testing.B) {
	a := atlas.New(benchStore(b))
	f := hanke.ProjectFilter{Programmes: []string{"programme:synthetic-2014-2020"}}
	if _, err := a.Session().Flows(context.Background(), f); err != nil {
		b.Fatal(err)
	}
	loop(b, func() error {
		_, err := a.Session().Flows(context.Background(), f)
		return err
	})
}

// BenchmarkBuildIndex is the first request after a load.
func BenchmarkBuildIndex(b *testing.B) {
	store := benchStore(b)
	loop(b, func() error {
		_, err := atlas.New(store).Session().Stats(context.Background(), hanke.ProjectFilter{})
		return err
	})
}
