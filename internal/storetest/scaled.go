package storetest

import (
	"context"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

var scaled struct {
	once     sync.Once
	store    *embedded.Store
	projects int
}

// Scaled is the store the benchmarks above the store port measure: the
// built-in dataset and, on top, internal/synthetic's graph of
// HANKEGRAPH_BENCH_PROJECTS projects (100,000 unless set; the service must
// stay fast at 1,000,000, which takes a minute and a few GB to build). It
// is built once per test binary and shared.
func Scaled(b *testing.B) *embedded.Store {
	scaled.once.Do(func() {
		n := 100_000
		if v := os.Getenv("HANKEGRAPH_BENCH_PROJECTS"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil {
				b.Fatalf("HANKEGRAPH_BENCH_PROJECTS: %v", err)
			}
		}
		scaled.store, scaled.projects = Builtin(b), n
		if _, err := scaled.store.Load(context.Background(), synthetic.Generate(n, 1)); err != nil {
			b.Fatal(err)
		}
	})
	if scaled.store == nil {
		b.Fatal("the scaled store failed to build in an earlier benchmark")
	}
	return scaled.store
}

// ScaledProjects is how many synthetic projects Scaled holds, once built:
// synthetic.ProjectID(0) to ProjectID(ScaledProjects()-1).
func ScaledProjects() int { return scaled.projects }

// The load test's region statistics filters on the scaled store: a day and
// a sector or domain, varied from request to request.
var (
	ScaledDays    = []string{"2010-06-01", "2016-03-01", "2019-09-01", "2023-01-15", "2025-05-05"}
	ScaledSectors = []string{"sector:synthetic-1", "sector:synthetic-1-2", "sector:synthetic-2", "sector:synthetic-2-3", "sector:synthetic-3-4", "sector:synthetic-3"}
)

// CPULoop runs op b.N times, op(i) the i-th time, and reports its CPU time
// per operation too (cpu-ns/op): the machines these run on are shared, and
// wall time there says as much about the neighbours as about the code.
func CPULoop(b *testing.B, op func(i int) error) {
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
