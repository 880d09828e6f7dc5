package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Measure is what one load run saw.
type Measure struct {
	Requests   int
	Errors     int // non-200 answers, or GraphQL errors in a 200 answer
	Elapsed    time.Duration
	Throughput float64 // requests a second
	P50, P99   time.Duration
}

// load is a bounded load run: conns clients, each sending one request at a
// time, cycling through bodies, until maxRequests have been sent or the time
// is up, whichever comes first.
type load struct {
	url         string
	bodies      [][]byte
	conns       int
	maxRequests int
	duration    time.Duration
}

// run sends the load and measures it. The client keeps one connection per
// worker, so the server sees exactly conns connections.
func (l load) run(ctx context.Context) (Measure, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: l.conns, MaxConnsPerHost: l.conns, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, l.duration)
	defer cancel()

	var sent, errors atomic.Int64
	latencies := make([][]time.Duration, l.conns)
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for w := range l.conns {
		wg.Go(func() {
			// One buffer a client, which answers are read into: the load
			// generator shares the process with the server, and should
			// not make garbage that the server's requests pay to collect.
			var answer bytes.Buffer
			for ctx.Err() == nil {
				n := sent.Add(1)
				if n > int64(l.maxRequests) {
					return
				}
				t := time.Now()
				ok, err := l.post(ctx, client, l.bodies[int(n)%len(l.bodies)], &answer)
				if ctx.Err() != nil {
					return // cut off by the time limit: not a finished request
				}
				latencies[w] = append(latencies[w], time.Since(t))
				if !ok {
					errors.Add(1)
					errOnce.Do(func() { firstErr = err })
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	all := slices.Concat(latencies...)
	if len(all) == 0 {
		return Measure{}, fmt.Errorf("no request finished in %s", l.duration)
	}
	slices.Sort(all)
	m := Measure{
		Requests:   len(all),
		Errors:     int(errors.Load()),
		Elapsed:    elapsed,
		Throughput: float64(len(all)) / elapsed.Seconds(),
		P50:        all[len(all)/2],
		P99:        all[len(all)*99/100],
	}
	if m.Errors > 0 {
		return m, fmt.Errorf("%d of %d requests failed, the first: %v", m.Errors, m.Requests, firstErr)
	}
	return m, nil
}

// warmUp sends the load, a few requests a connection at a time, until the
// garbage collector has run a whole cycle under it (at most l.duration), so
// that what is measured next is the server as it runs, not as it starts:
// its caches warm and its heap grown to its working size, in pages the
// kernel has mapped in again since freeMemory gave them back. At a million
// projects that growth takes a second and a half of load, and was where
// all of a run's slowest answers came from (BENCHMARKS.md).
func (l load) warmUp(ctx context.Context) error {
	warm := l
	warm.maxRequests = min(l.maxRequests, 4*l.conns)
	until := time.Now().Add(l.duration)
	// The cycle under way when warming starts may have begun before it.
	cycles := gcCycles() + 2
	for {
		if _, err := warm.run(ctx); err != nil {
			return err
		}
		if gcCycles() >= cycles || time.Now().After(until) {
			return nil
		}
	}
}

// gcCycles is how many cycles the garbage collector has finished.
func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

var graphqlErrors = []byte(`"errors"`)

// post sends one request and reads the whole answer into answer; ok is
// false for a failed request, with why.
func (l load) post(ctx context.Context, client *http.Client, body []byte, answer *bytes.Buffer) (ok bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.url, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	answer.Reset()
	if _, err := answer.ReadFrom(res.Body); err != nil {
		return false, err
	}
	if res.StatusCode != http.StatusOK || bytes.Contains(answer.Bytes(), graphqlErrors) {
		return false, fmt.Errorf("%d %.300s", res.StatusCode, answer)
	}
	return true, nil
}
