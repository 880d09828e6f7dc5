package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/neo4j"
)

// The store is the embedded one unless a Neo4j URI is given, by NEO4J_URI or
// by --neo4j-uri (and the same for the user name, password and database).

// neo4jFlags registers the Neo4j flags, each defaulting to its environment variable.
func neo4jFlags(fs *flag.FlagSet, getenv func(string) string) *neo4j.Config {
	env := neo4j.ConfigFromEnv(getenv)
	cfg := &neo4j.Config{}
	fs.StringVar(&cfg.URI, "neo4j-uri", env.URI, "Neo4j to use instead of the embedded store: bolt://HOST:7687 or neo4j://HOST:7687 (env NEO4J_URI)")
	fs.StringVar(&cfg.Username, "neo4j-username", env.Username, "Neo4j user (env NEO4J_USERNAME)")
	fs.StringVar(&cfg.Password, "neo4j-password", env.Password, "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&cfg.Database, "neo4j-database", env.Database, "Neo4j database; empty for the user's default (env NEO4J_DATABASE)")
	return cfg
}

// openStore opens Neo4j when cfg names one, else the embedded store with the
// built-in dataset and the data files. close releases it.
func openStore(ctx context.Context, cfg neo4j.Config, data []string, log *slog.Logger) (store hanke.Store, close func(), err error) {
	if cfg.URI == "" {
		s, err := openEmbedded(ctx, data)
		return s, func() {}, err
	}
	if len(data) > 0 {
		return nil, nil, errors.New("--data is for the embedded store; load files into Neo4j with hankegraph import")
	}
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	// Neo4j may be down now and come back later: go on regardless, and let
	// /readyz and STORE_UNAVAILABLE errors say so meanwhile.
	if err := s.Migrate(ctx); err != nil {
		log.Warn("could not create the schema in Neo4j; going on", "neo4j", cfg.URI, "error", oneLine(err))
	}
	return s, func() { s.Close(context.WithoutCancel(ctx)) }, nil
}

// openEmbedded loads the built-in dataset and the given files into the embedded store.
func openEmbedded(ctx context.Context, data []string) (hanke.Store, error) {
	defer dataset.LimitMemoryWhileLoading(data)()
	g, err := dataset.Load(data...)
	if err != nil {
		return nil, err
	}
	store := embedded.New()
	if _, err := store.Load(ctx, g); err != nil {
		return nil, err
	}
	return store, nil
}

// limitsFor are the GraphQL limits to serve a store with: the defaults, with
// the embedded store's loader wait, none (see embedded.BatchWait).
func limitsFor(store hanke.Store) graph.Limits {
	limits := graph.DefaultLimits
	if _, ok := store.(*embedded.Store); ok {
		limits.BatchWait = embedded.BatchWait
	}
	return limits
}

// importIntoNeo4j writes a checked graph into Neo4j, creating the schema
// first and reporting progress, in one transaction: all or nothing.
func importIntoNeo4j(ctx context.Context, cfg neo4j.Config, g *hanke.Graph, stdout io.Writer) error {
	last := -1
	store, err := neo4j.Open(ctx, cfg, neo4j.WithProgress(func(done, total int) {
		if percent := done * 100 / max(total, 1); percent/10 != last/10 {
			last = percent
			fmt.Fprintf(stdout, "importing: %d of %d records (%d%%)\n", done, total, percent)
		}
	}))
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	if err := store.Migrate(ctx); err != nil {
		return oneLine(fmt.Errorf("neo4j at %s: %w", cfg.URI, err))
	}
	stats, err := store.Load(ctx, g)
	if err != nil {
		return oneLine(fmt.Errorf("neo4j at %s: %w; nothing was written, run the import again", cfg.URI, err))
	}
	_, err = fmt.Fprintf(stdout, "imported into %s: %d nodes and %d relationships written\n", cfg.URI, stats.Nodes, stats.Edges)
	return err
}

// migrate creates Neo4j's constraints and indexes, idempotently.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg := neo4jFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.URI == "" {
		return errors.New("migrate: set NEO4J_URI (or --neo4j-uri); the embedded store needs no schema")
	}
	store, err := neo4j.Open(ctx, *cfg)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	if err := store.Migrate(ctx); err != nil {
		return oneLine(fmt.Errorf("neo4j at %s: %w", cfg.URI, err))
	}
	_, err = fmt.Fprintf(stdout, "the schema is in place in %s\n", cfg.URI)
	return err
}

// oneLine keeps a driver's error to the one line a command prints.
func oneLine(err error) error {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return errors.New(msg)
}
