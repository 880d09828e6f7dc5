// Command hankegraph serves, checks and exports the hankegraph knowledge graph.
//
//	hankegraph serve [--addr HOST:PORT] [--data FILE]...   serve the GraphQL API
//	hankegraph validate FILE...                            check dataset files
//	hankegraph import FILE.jsonl...                        load dataset files into Neo4j
//	hankegraph import --format kohesio FILE.csv... [--out FILE.jsonl]
//	                                                       Kohesio's bulk CSV, into Neo4j or a dataset file
//	hankegraph migrate                                     create Neo4j's schema
//	hankegraph export FILE [QUERY] [--out PATH]            a graph as GraphML, GEXF, Cytoscape JSON or CSV
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
  export    write a graph for Gephi, igraph, networkx or R, as GET /export/FILE does:
            export graphml|gexf|cytoscape.json|nodes.csv|edges.csv ['graph=knowledge&kind=COORDINATION'] [--out FILE]
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
	case "export":
		return export(ctx, args[1:], getenv, stdout)
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
	store, closeStore, err := openStore(ctx, *neo, data, log)
	if err != nil {
		return err
	}
	defer closeStore()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.NewServer(server.Deps{Store: store, Logger: log, Limits: limitsFor(store)}),
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
