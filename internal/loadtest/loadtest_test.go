package loadtest

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/server"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// servedLimits are the limits serve and bench run the embedded store with:
// no loader wait.
func servedLimits() graph.Limits {
	limits := graph.DefaultLimits
	limits.BatchWait = embedded.BatchWait
	return limits
}

// The whole harness at a small scale, as CI runs it: every query answers
// without errors through the real server, and the tables are written.
func TestSmallScale(t *testing.T) {
	cfg := Config{Scales: []int{1000}, Seed: 1, Connections: 8, MaxRequests: 200, Duration: 2 * time.Second, Runs: 2, Limits: servedLimits()}
	results, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if r.Nodes < 1500 || r.Load <= 0 || r.Heap == 0 || r.MapIndex <= 0 {
		t.Errorf("load: %+v", r)
	}
	if runtime.GOOS == "linux" && (r.PeakRSS < r.Heap || r.ServingRSS < r.Heap) { // elsewhere the system does not tell
		t.Errorf("resident memory below the live heap: %+v", r)
	}
	if len(r.Queries) != len(queries) {
		t.Fatalf("%d queries measured, want %d", len(r.Queries), len(queries))
	}
	for _, q := range r.Queries {
		if q.Skipped != "" {
			t.Errorf("%s skipped: %s", q.Name, q.Skipped) // the schema has every field
			continue
		}
		if q.Server.Requests == 0 || q.Server.P99 < q.Server.P50 || q.Baseline.Throughput == 0 || q.Bytes < 100 {
			t.Errorf("%s: %+v", q.Name, q)
		}
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, cfg, results); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| 1000 projects | nested entity query |") {
		t.Errorf("tables:\n%s", md.String())
	}
}

// A load run stops at its request bound and counts failures.
func TestALoadRunIsBounded(t *testing.T) {
	srv, err := listen(nil) // the default mux: 404 for everything
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	m, err := load{url: "http://" + srv.Addr + "/", bodies: [][]byte{[]byte("{}")}, conns: 4, maxRequests: 50, duration: 5 * time.Second}.run(context.Background())
	if m.Requests != 50 || m.Errors != 50 || err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("got %+v, %v", m, err)
	}
}

// Warming up goes on until the garbage collector has run a whole cycle
// under the load, and no longer than the load run may take.
func TestWarmingUpLastsAGarbageCollection(t *testing.T) {
	srv, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := make([]byte, 64<<10) // garbage for the collector
		w.Write(append(body[:0], "{}"...))
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	l := load{url: "http://" + srv.Addr + "/", bodies: [][]byte{[]byte("{}")}, conns: 2, maxRequests: 1000, duration: time.Minute}
	before := gcCycles()
	if err := l.warmUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after := gcCycles(); after < before+2 {
		t.Errorf("warmed up over %d cycles of the collector; want at least 2", after-before)
	}

	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // no cycle will end
	l.duration = 300 * time.Millisecond
	start := time.Now()
	if err := l.warmUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("warming up without a collection took %s; want it to stop after the load run's %s", took, l.duration)
	}
}

// BenchmarkQueries sends each query to the real server over 32 connections
// at 10 000 projects, for profiling:
//
//	go test -run '^$' -bench 'Queries/nested' -cpuprofile cpu.out ./internal/loadtest/
func BenchmarkQueries(b *testing.B) {
	ctx := context.Background()
	cfg := Config{Seed: 1, Limits: servedLimits()}
	var r Result
	store, s, err := cfg.load(ctx, func() (*hanke.Graph, error) { return synthetic.Generate(10000, 1), nil }, &r)
	if err != nil {
		b.Fatal(err)
	}
	api, err := listen(server.NewServer(server.Deps{Store: store, Logger: slog.New(slog.DiscardHandler), Limits: cfg.Limits}))
	if err != nil {
		b.Fatal(err)
	}
	defer api.Close()
	for _, q := range queries {
		b.Run(strings.Fields(q.name)[0], func(b *testing.B) {
			m, err := load{url: "http://" + api.Addr + "/graphql", bodies: q.bodies(s), conns: 32, maxRequests: b.N, duration: time.Minute}.run(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(m.P99)/float64(time.Millisecond), "p99-ms")
			b.ReportMetric(m.Throughput, "req/s")
		})
	}
}
