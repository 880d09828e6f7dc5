// Package neo4j is the hankegraph store over Neo4j 5 (5.26 or later, Cypher
// 5), through the official Go driver: the same hanke.Store port as the
// embedded store, for shared, larger and clustered deployments.
//
// Every method is one round trip (one managed transaction) however many ids
// it is given; reads go to readers, writes to the writer. Every Cypher
// statement is a static, parameterised string built once from the closed
// lists of labels and relationship types in package hanke, and Statements
// lists them all so that CI can check each with Neo4j's own Cypher front end
// (see cypherlint/). README.md beside this file tells how the graph is stored.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says which Neo4j to use and how long to wait for it.
type Config struct {
	// URI is bolt://host:7687 for one server or neo4j://host:7687 (and the
	// +s, +ssc variants) for a cluster or Aura, where the driver routes reads
	// and writes itself.
	URI      string
	Username string
	Password string
	// Database is the database to use; empty means the user's home database.
	Database string

	// ConnectTimeout bounds getting a connection: dialling, the Bolt
	// handshake and authentication. It is what makes a server that accepts
	// connections but never answers fail fast. Zero means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// RetryTime bounds how long a transaction is retried after transient
	// failures (a leader switch, a dropped connection). Zero means DefaultRetryTime.
	RetryTime time.Duration
}

// The defaults keep a call against an unreachable Neo4j inside the server's
// request time limit (10 s): a connection attempt of at most 3 s, retried
// after about a second while less than 5 s have passed, fails in 7 s at
// most. A caller's context deadline, when shorter, always wins.
const (
	DefaultConnectTimeout = 3 * time.Second
	DefaultRetryTime      = 5 * time.Second
)

// ConfigFromEnv reads NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE through getenv (os.Getenv, or a map in tests).
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		URI:      getenv("NEO4J_URI"),
		Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
}

// Store is the Neo4j store. It is safe for concurrent use.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	progress func(done, total int)
}

// Option changes how a Store works.
type Option func(*Store)

// WithProgress has Load report its progress: done of total nodes and edges
// written so far, after each batch. The numbers start again from zero if the
// driver retries the transaction.
func WithProgress(report func(done, total int)) Option {
	return func(s *Store) { s.progress = report }
}

// Open makes a Store for the Neo4j that cfg names. It does not connect:
// connections are made on first use, so Open succeeds while Neo4j is down
// (Ping tells whether it answers) and the store recovers by itself when
// Neo4j comes back. It fails only on a configuration that can never work.
func Open(_ context.Context, cfg Config, opts ...Option) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("neo4j: no URI (set NEO4J_URI, e.g. bolt://localhost:7687)")
	}
	if u, err := url.Parse(cfg.URI); err != nil || u.Host == "" {
		return nil, fmt.Errorf("neo4j: URI %q is not of the form bolt://host:port or neo4j://host:port", cfg.URI)
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.ConnectionAcquisitionTimeout = orDefault(cfg.ConnectTimeout, DefaultConnectTimeout)
		c.SocketConnectTimeout = orDefault(cfg.ConnectTimeout, DefaultConnectTimeout)
		c.MaxTransactionRetryTime = orDefault(cfg.RetryTime, DefaultRetryTime)
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: %w", err)
	}
	s := &Store{driver: driver, database: cfg.Database}
	for _, opt := range opts {
		opt(s)
	}
	return s, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Close closes the driver's connections.
func (s *Store) Close(ctx context.Context) error {
	return s.driver.Close(ctx)
}
