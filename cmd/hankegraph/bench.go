package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/loadtest"
)

// bench measures the service at scale through its real HTTP server on
// loopback (see internal/loadtest and BENCHMARKS.md).
func bench(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	scales := fs.String("projects", "10000", "comma-separated numbers of synthetic projects, measured in turn")
	data := fs.String("data", "", "a dataset file to measure instead of synthetic graphs")
	cfg := loadtest.Config{Progress: stdout}
	fs.Int64Var(&cfg.Seed, "seed", 1, "the synthetic graphs' random seed")
	fs.IntVar(&cfg.Connections, "conns", 32, "concurrent connections")
	fs.IntVar(&cfg.MaxRequests, "requests", 20000, "at most this many requests per load run")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "at most this long per load run")
	fs.IntVar(&cfg.Runs, "runs", 3, "repeat everything this many times and report medians")
	cfg.Limits = limitsFor(embedded.New()) // what serve runs the embedded store with
	fs.DurationVar(&cfg.Limits.BatchWait, "batch-wait", cfg.Limits.BatchWait, "how long the GraphQL loaders gather keys before calling the store")
	only := fs.String("queries", "", "comma-separated starts of the names of the queries to measure (default: all), such as nested,search")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if fs.NArg() > 0 {
		return errors.New("bench: unexpected " + fs.Arg(0))
	}
	cfg.DataFile = *data
	if *only != "" {
		cfg.Only = strings.Split(*only, ",")
	}
	for _, s := range strings.Split(*scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return errors.New("bench: --projects takes numbers of projects, such as 10000,100000")
		}
		cfg.Scales = append(cfg.Scales, n)
	}
	results, err := loadtest.Run(ctx, cfg)
	if err != nil {
		return err
	}
	return loadtest.WriteMarkdown(stdout, cfg, results)
}
