package embedded_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// The load test's filters at scale: HANKEGRAPH_BENCH_PROJECTS synthetic
// projects (100,000 unless set) on top of the built-in dataset.

var bench struct {
	once  sync.Once
	store *embedded.Store
}

func benchStore(b *testing.B) *embedded.Store {
	bench.once.Do(func() {
		n := 100_000
		if v := os.Getenv("HANKEGRAPH_BENCH_PROJECTS"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil {
				b.Fatal(err)
			}
		}
		bench.store = storetest.Builtin(b)
		if _, err := bench.store.Load(context.Background(), synthetic.Generate(n, 1)); err != nil {
			b.Fatal(err)
		}
	})
	return bench.store
}

// loop runs op b.N times and reports its CPU time per operation too, as
// the machines these run on are shared.
func loop(b *testing.B, op func(i int) error) {
	cpu := func() time.Duration {
		var u syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
			b.Fatal(err)
		}
		return time.Duration(u.Utime.Nano() + u.Stime.Nano())
	}
	b.ReportAllocs()
	b.ResetTimer()
	start, i := cpu(), 0
	for b.Loop() {
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(cpu()-start)/float64(b.N), "cpu-ns/op")
}

var (
	benchDays    = []string{"2010-06-01", "2016-03-01", "2019-09-01", "2023-01-15", "2025-05-05"}
	benchSectors = []string{"sector:synthetic-1", "sector:synthetic-1-2", "sector:synthetic-2", "sector:synthetic-2-3", "sector:synthetic-3-4", "sector:synthetic-3"}
	benchRegions = []string{"region:01", "region:02", "region:06", "region:08", "region:13", "region:20", "region:90", "region:91"}
)

// BenchmarkSelectBySectorOnADay is what region statistics under a filter
// ask of the store: the projects of a sector or domain running on a day.
func BenchmarkSelectBySectorOnADay(b *testing.B) {
	s := benchStore(b)
	loop(b, func(i int) error {
		_, err := s.SelectProjects(context.Background(), hanke.ProjectFilter{ActiveOn: benchDays[i%len(benchDays)], Sectors: []string{benchSectors[i%len(benchSectors)]}})
		return err
	})
}

// BenchmarkFilteredPage is the load test's filtered page: a region's
// projects running on a day, latest started first, 20 and the count.
func BenchmarkFilteredPage(b *testing.B) {
	s := benchStore(b)
	loop(b, func(i int) error {
		_, err := s.Projects(context.Background(), hanke.ProjectQuery{
			Filter: hanke.ProjectFilter{Regions: []string{benchRegions[i%len(benchRegions)]}, ActiveOn: benchDays[i%len(benchDays)]},
			Order:  hanke.OrderByStartDate, Descending: true, Limit: 20,
		})
		return err
	})
}

// BenchmarkPeriodPage is a range of dates and a kind, which no set of
// candidates narrows, by name.
func BenchmarkPeriodPage(b *testing.B) {
	s := benchStore(b)
	loop(b, func(i int) error {
		_, err := s.Projects(context.Background(), hanke.ProjectQuery{
			Filter: hanke.ProjectFilter{From: benchDays[i%len(benchDays)], To: benchDays[(i+1)%len(benchDays)], Kinds: []hanke.ProjectKind{hanke.KindDevelopmentProject}},
			Limit:  20,
		})
		return err
	})
}
