// Command hankegraph serves, checks and exports the hankegraph knowledge graph.
//
//	hankegraph serve [--addr HOST:PORT] [--data FILE]...   serve the GraphQL API
//	hankegraph validate FILE...                            check dataset files
//	hankegraph import FILE.jsonl...                        load dataset files into Neo4j
//	hankegraph import --format kohesio FILE.csv... [--out FILE.jsonl]
//	                                                       Kohesio's bulk CSV, into Neo4j or a dataset file
//	hankegraph migrate                                     create Neo4j's schema
//	hankegraph generate --projects N [--seed S] [--out FILE.jsonl]
//	                                                       a synthetic dataset file for benchmarks
//	hankegraph bench [--projects N,N...] [--data FILE]     load test through the HTTP server (BENCHMARKS.md)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/neo4j"
	"github.com/hankegraph/hankegraph/internal/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hankegraph:", err)
		os.Exit(1)
	}
}

const usage = `usage: hankegraph <command> [flags]

commands:
  serve     serve the GraphQL API, the playground and the map
  validate  check dataset files (JSON Lines) without serving them
  import    load dataset files into Neo4j: import FILE.jsonl... (with NEO4J_URI set)
            or read Kohesio's bulk CSV: import --format kohesio FILE.csv... [--out FILE.jsonl]
            (into Neo4j when NEO4J_URI is set, else into a dataset file for serve --data)
  migrate   create Neo4j's constraints and indexes (serve and import also do it)
  generate  make a synthetic dataset file for benchmarks: generate --projects N [--seed S] [--out FILE.jsonl]
  bench     measure load, memory, throughput and latency at scale: bench --projects 10000,100000,1000000
`

// run is the whole program, with its inputs passed in so that tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("no command\n" + usage)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout)
	case "validate":
		return validate(args[1:], stdout)
	case "import":
		return importData(ctx, args[1:], getenv, stdout)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout)
	case "generate":
		return generate(args[1:], stdout)
	case "bench":
		return bench(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		_, err := io.WriteString(stdout, usage)
		return err
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}

// files is a repeatable flag.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8080", "address to listen on, HOST:PORT")
	var data files
	fs.Var(&data, "data", "a dataset file to add to the built-in dataset (repeatable; embedded store only)")
	neo := neo4jFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	var store hanke.Store
	if neo.URI == "" {
		s, err := openEmbedded(ctx, data)
		if err != nil {
			return err
		}
		store = s
	} else {
		if len(data) > 0 {
			return errors.New("serve: --data is for the embedded store; load files into Neo4j with hankegraph import")
		}
		s, err := neo4j.Open(ctx, *neo)
		if err != nil {
			return err
		}
		defer s.Close(context.WithoutCancel(ctx))
		// Neo4j may be down now and come back later: serve regardless, and
		// let /readyz and STORE_UNAVAILABLE errors say so meanwhile.
		if err := s.Migrate(ctx); err != nil {
			log.Warn("could not create the schema in Neo4j; serving anyway", "neo4j", neo.URI, "error", oneLine(err))
		}
		store = s
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.NewServer(server.Deps{Store: store, Logger: log}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      server.DefaultRequestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Info("hankegraph is serving", "playground", "http://"+ln.Addr().String()+"/", "graphql", "http://"+ln.Addr().String()+"/graphql")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}

func validate(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("validate: name one or more dataset files")
	}
	g, err := dataset.Load(args...)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "ok: %d files; with the built-in dataset, %d nodes and %d relationships\n", len(args), len(g.Nodes), len(g.Edges))
	return err
}
