package loadtest

import (
	"fmt"
	"io"
	"time"
)

// WriteMarkdown writes results as the tables of BENCHMARKS.md.
func WriteMarkdown(w io.Writer, cfg Config, results []Result) error {
	fmt.Fprintf(w, "%d connections; each load run at most %d requests or %s; medians of %d runs.\n\n",
		cfg.Connections, cfg.MaxRequests, cfg.Duration, cfg.Runs)
	fmt.Fprintln(w, "| scale | nodes | relationships | generate | load, to the store answering | peak RSS | live heap after load | map index, from the server's start | peak RSS serving |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |\n", r.Scale, r.Nodes, r.Edges,
			seconds(r.Generate), seconds(r.Load), mib(r.PeakRSS), mib(r.Heap), seconds(r.MapIndex), mib(r.ServingRSS))
	}
	fmt.Fprintln(w, "\n| scale | query | answer | req/s | p50 | p99 | baseline req/s | baseline p50 | baseline p99 | baseline req/s ÷ req/s | p99 ÷ baseline p99 |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		for _, q := range r.Queries {
			if q.Skipped != "" {
				fmt.Fprintf(w, "| %s | %s | skipped: %s |||||||||\n", r.Scale, q.Name, q.Skipped)
				continue
			}
			s, b := q.Server, q.Baseline
			fmt.Fprintf(w, "| %s | %s | %d B | %.0f | %s | %s | %.0f | %s | %s | %.1f | %.1f |\n", r.Scale, q.Name, q.Bytes,
				s.Throughput, ms(s.P50), ms(s.P99), b.Throughput, ms(b.P50), ms(b.P99),
				b.Throughput/s.Throughput, float64(s.P99)/float64(b.P99))
		}
	}
	fmt.Fprintln(w)
	for _, r := range results {
		for _, q := range r.Queries {
			if q.Note != "" {
				fmt.Fprintf(w, "- %s, %s: %s\n", r.Scale, q.Name, q.Note)
			}
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }
func ms(d time.Duration) string      { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
