// Package loadtest measures hankegraph at scale through its real HTTP server
// (server.NewServer over the embedded store), on loopback: it loads a
// synthetic graph of a given number of projects (internal/synthetic) or a
// dataset file, and times the load and its memory; then, for each kind of
// query, it sends a bounded concurrent load from Go clients and measures
// throughput and latency, and beside it the same load against a plain Go
// handler that answers with a fixed body of the same size — the baseline,
// so that results read as a ratio to what the machine's HTTP stack and the
// load generator (in the same process) cost at all.
//
// It only ever connects to the servers it starts itself, on 127.0.0.1.
package loadtest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/server"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// Config says what to measure.
type Config struct {
	// Scales are numbers of synthetic projects, measured in turn.
	Scales []int
	// DataFile, when set, is loaded (on top of the built-in dataset, as
	// serve --data does) instead of generating graphs.
	DataFile string
	Seed     int64
	// Connections is how many clients send requests at once.
	Connections int
	// Each load run stops after MaxRequests or Duration, whichever is first.
	MaxRequests int
	Duration    time.Duration
	// Runs repeats everything; results are medians over the runs.
	Runs int
	// Only, when not empty, measures only the queries whose names start
	// with one of these ("nested", "search").
	Only []string
	// Limits are the GraphQL limits the server runs with; the zero value
	// means graph.DefaultLimits, as in server.Deps.
	Limits graph.Limits
	// Progress, when not nil, hears what is being measured.
	Progress io.Writer
}

// Result is what one scale measured, as medians over the runs.
type Result struct {
	Scale        string
	Nodes, Edges int
	// Generate is how long making the synthetic graph took (zero for a file).
	Generate time.Duration
	// Load is from handing the graph to the store (or opening the file) to
	// the store answering.
	Load time.Duration
	// PeakRSS is the process's peak resident memory while generating and
	// loading (the most of any run); 0 where the system does not tell.
	PeakRSS uint64
	// Heap is the live heap once loaded, with the input graph let go.
	Heap uint64
	// MapIndex is how long after the server started the map's index, which
	// it builds as it starts, answered a request.
	MapIndex time.Duration
	// ServingRSS is the process's peak resident memory from then to the
	// end of the measuring (the most of any run): the store, the map's
	// index that the server builds as it starts, the requests, and the load
	// generator, which runs in the same process.
	ServingRSS uint64
	Queries    []QueryResult
}

// QueryResult is one kind of query's measures.
type QueryResult struct {
	Name string
	// Skipped says why the query was not measured.
	Skipped string
	// Note says what else the measuring saw.
	Note string
	// Bytes is the size of the first answer, which the baseline serves.
	Bytes            int
	Server, Baseline Measure
}

// Run measures every scale in turn.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	cfg.Runs = max(cfg.Runs, 1)
	var results []Result
	if cfg.DataFile != "" {
		r, err := cfg.scale(ctx, filepath.Base(cfg.DataFile), func() (*hanke.Graph, error) { return nil, nil })
		return append(results, r), err
	}
	for _, n := range cfg.Scales {
		r, err := cfg.scale(ctx, fmt.Sprintf("%d projects", n), func() (*hanke.Graph, error) { return synthetic.Generate(n, cfg.Seed), nil })
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	return results, nil
}

func (cfg Config) progress(format string, args ...any) {
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, format+"\n", args...)
	}
}

// scale measures one graph cfg.Runs times.
func (cfg Config) scale(ctx context.Context, name string, generate func() (*hanke.Graph, error)) (Result, error) {
	var runs []Result
	for run := range cfg.Runs {
		cfg.progress("%s, run %d of %d: loading", name, run+1, cfg.Runs)
		r, err := cfg.once(ctx, name, generate)
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", name, err)
		}
		runs = append(runs, r)
	}
	return median(runs), nil
}

// once loads the graph and measures every query once.
func (cfg Config) once(ctx context.Context, name string, generate func() (*hanke.Graph, error)) (Result, error) {
	freeMemory()
	r := Result{Scale: name}
	store, s, err := cfg.load(ctx, generate, &r)
	if err != nil {
		return r, err
	}
	freeMemory() // the input graph is garbage now
	resetPeakRSS()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.Heap = ms.HeapAlloc
	cfg.progress("  %d nodes, %d relationships; generated in %s, loaded in %s; peak RSS %s, heap %s",
		r.Nodes, r.Edges, r.Generate.Round(time.Millisecond), r.Load.Round(time.Millisecond), mib(r.PeakRSS), mib(r.Heap))

	api, err := listen(server.NewServer(server.Deps{Store: store, Logger: slog.New(slog.DiscardHandler), Limits: cfg.Limits}))
	if err != nil {
		return r, err
	}
	defer api.Close()
	started := time.Now()
	fields, err := queryFields(ctx, "http://"+api.Addr+"/graphql")
	if err != nil {
		return r, err
	}
	// No query is measured while the map's index is being built beside it.
	if _, _, err := prime(ctx, "http://"+api.Addr+"/graphql", []byte(`{"query":"{ regionStats { projects } }"}`)); err != nil {
		return r, fmt.Errorf("the map's index: %w", err)
	}
	r.MapIndex = time.Since(started)
	cfg.progress("  the map's index answered %s after the server started", r.MapIndex.Round(time.Millisecond))
	for _, q := range queries {
		if len(cfg.Only) > 0 && !slices.ContainsFunc(cfg.Only, func(prefix string) bool { return strings.HasPrefix(q.name, prefix) }) {
			continue
		}
		qr, err := cfg.measure(ctx, "http://"+api.Addr+"/graphql", q, s, fields)
		if err != nil {
			return r, fmt.Errorf("%s: %w", q.name, err)
		}
		r.Queries = append(r.Queries, qr)
	}
	r.ServingRSS = peakRSS()
	return r, nil
}

// load puts the graph in a new embedded store, timing it, and returns the
// store and the sample the requests vary over.
func (cfg Config) load(ctx context.Context, generate func() (*hanke.Graph, error), r *Result) (*embedded.Store, *sample, error) {
	resetPeakRSS()
	store := embedded.New()
	builtin, err := dataset.Builtin()
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	g, err := generate()
	if err != nil {
		return nil, nil, err
	}
	r.Generate = time.Since(start)
	start = time.Now()
	if g == nil { // a file: read it with the built-in dataset, as serve --data does
		defer dataset.LimitMemoryWhileLoading([]string{cfg.DataFile})()
		if g, err = dataset.Load(cfg.DataFile); err != nil {
			return nil, nil, err
		}
	} else if _, err := store.Load(ctx, builtin); err != nil {
		return nil, nil, err
	}
	if _, err := store.Load(ctx, g); err != nil {
		return nil, nil, err
	}
	if _, err := store.Projects(ctx, hanke.ProjectQuery{Limit: 1}); err != nil {
		return nil, nil, err
	}
	r.Load = time.Since(start)
	r.PeakRSS = peakRSS()
	var projects, sectors []string
	for _, n := range g.Nodes {
		switch n.NodeLabel() {
		case hanke.LabelProject:
			projects = append(projects, n.NodeID())
		case hanke.LabelSector:
			sectors = append(sectors, n.NodeID())
		}
	}
	r.Nodes, r.Edges = len(g.Nodes), len(g.Edges)
	if cfg.DataFile == "" { // loaded on top of the built-in dataset
		r.Nodes, r.Edges = r.Nodes+len(builtin.Nodes), r.Edges+len(builtin.Edges)
	}
	return store, newSample(projects, sectors, sampleSize), nil
}

// measure runs one query's load against the API and against the baseline.
func (cfg Config) measure(ctx context.Context, url string, q query, s *sample, fields map[string]bool) (QueryResult, error) {
	qr := QueryResult{Name: q.name}
	if !fields[q.field] {
		qr.Skipped = "the schema has no Query." + q.field
		cfg.progress("  %s: skipped, %s", q.name, qr.Skipped)
		return qr, nil
	}
	bodies := q.bodies(s)
	answer, primed, err := prime(ctx, url, bodies[0])
	if err != nil {
		return qr, err
	}
	if primed > time.Second {
		qr.Note = fmt.Sprintf("the first request took %s (waiting for an index)", primed.Round(100*time.Millisecond))
		cfg.progress("  %s: %s", q.name, qr.Note)
	}
	qr.Bytes = len(answer)
	baseline, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(answer)
	}))
	if err != nil {
		return qr, err
	}
	defer baseline.Close()
	for _, m := range []struct {
		url  string
		into *Measure
	}{{url, &qr.Server}, {"http://" + baseline.Addr + "/", &qr.Baseline}} {
		l := load{url: m.url, bodies: bodies, conns: cfg.Connections, maxRequests: cfg.MaxRequests, duration: cfg.Duration}
		if err := l.warmUp(ctx); err != nil {
			return qr, err
		}
		if *m.into, err = l.run(ctx); err != nil {
			return qr, err
		}
	}
	cfg.progress("  %-22s %8.0f req/s  p50 %-9s p99 %-9s | baseline %8.0f req/s  p99 %s",
		q.name, qr.Server.Throughput, qr.Server.P50.Round(time.Microsecond), qr.Server.P99.Round(time.Microsecond),
		qr.Baseline.Throughput, qr.Baseline.P99.Round(time.Microsecond))
	return qr, nil
}

// primeTime bounds how long prime waits for a query's first answer.
const primeTime = 5 * time.Minute

// prime sends a query until it is answered, for queries whose first answer
// waits for an index (the map's, which the server builds as it starts) and
// which time out meanwhile; it tells how long that took.
func prime(ctx context.Context, url string, body []byte) ([]byte, time.Duration, error) {
	start := time.Now()
	for {
		answer, err := postOnce(ctx, url, body)
		if err == nil || time.Since(start) > primeTime || !strings.Contains(err.Error(), hanke.ECodeTimeout) {
			return answer, time.Since(start), err
		}
	}
}

// httpServer is a server this package started on loopback.
type httpServer struct {
	Addr string
	srv  *http.Server
}

func (s *httpServer) Close() { s.srv.Close() }

// listen serves h on 127.0.0.1, on a port the system picks.
func listen(h http.Handler) (*httpServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &httpServer{Addr: ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

func postOnce(ctx context.Context, url string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK || bytes.Contains(answer, graphqlErrors) {
		return nil, fmt.Errorf("%d %.500s", res.StatusCode, answer)
	}
	return answer, nil
}

// queryFields asks the API which Query fields it has, so that queries
// whose fields are not there yet are skipped rather than failed.
func queryFields(ctx context.Context, url string) (map[string]bool, error) {
	answer, err := postOnce(ctx, url, []byte(`{"query":"{ __schema { queryType { fields { name } } } }"}`))
	if err != nil {
		return nil, err
	}
	var schema struct {
		Data struct {
			Schema struct {
				QueryType struct {
					Fields []struct{ Name string }
				}
			} `json:"__schema"`
		}
	}
	if err := json.Unmarshal(answer, &schema); err != nil {
		return nil, err
	}
	fields := map[string]bool{}
	for _, f := range schema.Data.Schema.QueryType.Fields {
		fields[f.Name] = true
	}
	return fields, nil
}

// freeMemory collects garbage and returns it to the system, so that one
// run's memory does not count against the next.
func freeMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// resetPeakRSS restarts the kernel's count of the peak resident memory
// (Linux; elsewhere peakRSS tells 0).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the process's peak resident memory since the last reset, in bytes.
func peakRSS() uint64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// median takes each measure's median over the runs (the peak memory's maximum).
func median(runs []Result) Result {
	out := runs[0]
	out.Generate = medianOf(runs, func(r Result) time.Duration { return r.Generate })
	out.Load = medianOf(runs, func(r Result) time.Duration { return r.Load })
	out.Heap = medianOf(runs, func(r Result) uint64 { return r.Heap })
	out.MapIndex = medianOf(runs, func(r Result) time.Duration { return r.MapIndex })
	out.PeakRSS = slices.Max(collect(runs, func(r Result) uint64 { return r.PeakRSS }))
	out.ServingRSS = slices.Max(collect(runs, func(r Result) uint64 { return r.ServingRSS }))
	out.Queries = slices.Clone(out.Queries)
	for i := range out.Queries {
		qs := collect(runs, func(r Result) QueryResult { return r.Queries[i] })
		out.Queries[i].Server = medianMeasure(collect(qs, func(q QueryResult) Measure { return q.Server }))
		out.Queries[i].Baseline = medianMeasure(collect(qs, func(q QueryResult) Measure { return q.Baseline }))
	}
	return out
}

func medianMeasure(ms []Measure) Measure {
	return Measure{
		Requests:   medianOf(ms, func(m Measure) int { return m.Requests }),
		Elapsed:    medianOf(ms, func(m Measure) time.Duration { return m.Elapsed }),
		Throughput: medianOf(ms, func(m Measure) float64 { return m.Throughput }),
		P50:        medianOf(ms, func(m Measure) time.Duration { return m.P50 }),
		P99:        medianOf(ms, func(m Measure) time.Duration { return m.P99 }),
	}
}

func medianOf[S any, T cmp.Ordered](items []S, get func(S) T) T {
	vs := collect(items, get)
	slices.Sort(vs)
	return vs[len(vs)/2]
}

func collect[S, T any](items []S, get func(S) T) []T {
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = get(it)
	}
	return out
}
