package neo4j

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/hankegraph/hankegraph/internal/faultnet"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// These tests need no Neo4j: they point the store at an address where no
// Neo4j answers and check that every call fails, in time, with
// STORE_UNAVAILABLE, and that the store works again when a server answers.

// storeCalls are calls of every method of the port.
var storeCalls = map[string]func(context.Context, *Store) error{
	"Ping": func(ctx context.Context, s *Store) error { return s.Ping(ctx) },
	"Nodes": func(ctx context.Context, s *Store) error {
		_, err := s.Nodes(ctx, []string{"project:sokra", "org:thl"})
		return err
	},
	"Edges": func(ctx context.Context, s *Store) error {
		_, err := s.Edges(ctx, hanke.EdgeQuery{IDs: []string{"project:sokra"}, Direction: hanke.Both})
		return err
	},
	"All": func(ctx context.Context, s *Store) error {
		_, err := s.All(ctx, hanke.LabelWelfareRegion)
		return err
	},
	"Projects": func(ctx context.Context, s *Store) error {
		_, err := s.Projects(ctx, hanke.ProjectQuery{Filter: hanke.ProjectFilter{Text: "osallisuus"}, Limit: 10})
		return err
	},
	"ProjectIDs": func(ctx context.Context, s *Store) error {
		return s.ProjectIDs(ctx, hanke.ProjectFilter{Regions: []string{"region:90"}}, func(string) error { return nil })
	},
	"Organisations": func(ctx context.Context, s *Store) error {
		_, err := s.Organisations(ctx, hanke.OrganisationQuery{Limit: 10})
		return err
	},
	"Search": func(ctx context.Context, s *Store) error {
		_, err := s.Search(ctx, "sosiaalinen", 10)
		return err
	},
	"Snapshot": func(ctx context.Context, s *Store) error {
		_, err := s.Snapshot(ctx)
		return err
	},
	"Version": func(ctx context.Context, s *Store) error {
		_, err := s.Version(ctx)
		return err
	},
	"Load": func(ctx context.Context, s *Store) error {
		_, err := s.Load(ctx, sampleGraph())
		return err
	},
	"Migrate": func(ctx context.Context, s *Store) error { return s.Migrate(ctx) },
}

func openAt(t *testing.T, cfg Config) *Store {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open(%s) fails while Neo4j is down: %v", cfg.URI, err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// checkUnavailable runs every call at once, each with a context deadline,
// and checks that each fails with STORE_UNAVAILABLE before the deadline
// has long passed.
func checkUnavailable(t *testing.T, s *Store, deadline, slack time.Duration) {
	type result struct {
		err  error
		took time.Duration
	}
	var mu sync.Mutex
	results := map[string]result{}
	var wg sync.WaitGroup
	for name, call := range storeCalls {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			start := time.Now()
			err := call(ctx, s)
			mu.Lock()
			defer mu.Unlock()
			results[name] = result{err, time.Since(start)}
		})
	}
	wg.Wait()
	for name, r := range results {
		if code := hanke.ErrorCode(r.err); code != hanke.ECodeUnavailable {
			t.Errorf("%s: got %v (code %s), want %s", name, r.err, code, hanke.ECodeUnavailable)
		}
		if r.took > deadline+slack {
			t.Errorf("%s took %v, past the deadline of %v", name, r.took, deadline)
		}
		t.Logf("%s: %v: %v", name, r.took.Round(time.Millisecond), r.err)
	}
}

func TestUnavailableClosedPort(t *testing.T) {
	addr := faultnet.ClosedPort(t)
	for _, scheme := range []string{"bolt", "neo4j"} {
		t.Run(scheme, func(t *testing.T) {
			checkUnavailable(t, openAt(t, Config{URI: scheme + "://" + addr}), 2*time.Second, time.Second)
		})
	}
}

func TestUnavailableSilentServer(t *testing.T) {
	addr := faultnet.SilentServer(t)
	for _, scheme := range []string{"bolt", "neo4j"} {
		t.Run(scheme, func(t *testing.T) {
			checkUnavailable(t, openAt(t, Config{URI: scheme + "://" + addr}), 2*time.Second, time.Second)
		})
	}
}

// TestUnavailableWithoutDeadline: a caller that sets no deadline still gets
// an answer, bounded by the connect timeout and the retry time.
func TestUnavailableWithoutDeadline(t *testing.T) {
	s := openAt(t, Config{URI: "bolt://" + faultnet.SilentServer(t), ConnectTimeout: 300 * time.Millisecond, RetryTime: 500 * time.Millisecond})
	start := time.Now()
	err := s.Ping(context.Background())
	took := time.Since(start)
	if hanke.ErrorCode(err) != hanke.ECodeUnavailable {
		t.Errorf("got %v, want %s", err, hanke.ECodeUnavailable)
	}
	if took > 3*time.Second {
		t.Errorf("took %v; the connect timeout and retry time should bound it", took)
	}
	t.Logf("%v: %v", took.Round(time.Millisecond), err)
}

func TestRecoversWhenNeo4jComesBack(t *testing.T) {
	addr := faultnet.ClosedPort(t)
	s := openAt(t, Config{URI: "bolt://" + addr})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.Ping(ctx); hanke.ErrorCode(err) != hanke.ECodeUnavailable {
		t.Fatalf("Ping while down: got %v, want %s", err, hanke.ECodeUnavailable)
	}
	startFakeNeo4j(t, addr)
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping after Neo4j came back: %v", err)
	}
}

// TestOneStatementPerCall runs every call against the fake Neo4j, which
// answers every statement with the same row: the calls cannot decode it,
// but they send what they would send to a Neo4j. Each read sends one
// listed statement, its parameters of types the driver can send, in one
// transaction; Load sends listed statements only.
func TestOneStatementPerCall(t *testing.T) {
	addr := faultnet.ClosedPort(t)
	fake := startFakeNeo4j(t, addr)
	s := openAt(t, Config{URI: "bolt://" + addr})
	listed := map[string]bool{}
	for _, st := range Statements() {
		listed[st.Text] = true
	}
	for name, call := range storeCalls {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := call(ctx, s)
		cancel()
		var usage *neo4j.UsageError
		if errors.As(err, &usage) || hanke.ErrorCode(err) == hanke.ECodeUnavailable {
			t.Errorf("%s: %v", name, err)
		}
		run := fake.statements()
		for _, text := range run {
			if !listed[text] {
				t.Errorf("%s ran a statement that is not listed: %s", name, text)
			}
		}
		if name != "Load" && name != "Migrate" && len(run) != 1 {
			t.Errorf("%s ran %d statements, want 1", name, len(run))
		}
	}
}

func TestStoreErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, hanke.ECodeUnavailable},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}, hanke.ECodeUnavailable},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Database.DatabaseNotFound"}, hanke.ECodeUnavailable},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, hanke.ECodeInternal},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, hanke.ECodeInternal},
		{&neo4j.ConnectivityError{Inner: errors.New("connection refused")}, hanke.ECodeUnavailable},
		{&neo4j.UsageError{Message: "bad parameter"}, hanke.ECodeInternal},
		{context.DeadlineExceeded, hanke.ECodeUnavailable},
	} {
		err := storeError(pingStatement, tc.err)
		if got := hanke.ErrorCode(err); got != tc.want {
			t.Errorf("%T %v: got %s, want %s", tc.err, tc.err, got, tc.want)
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("%v does not wrap %v", err, tc.err)
		}
	}
}
