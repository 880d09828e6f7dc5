package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hankegraph/hankegraph/internal/faultnet"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestImportIntoAnUnreachableNeo4jFailsWithOneLine(t *testing.T) {
	data := write(t, "extra.jsonl", goodRecord+"\n")
	for name, addr := range map[string]string{"closed port": faultnet.ClosedPort(t), "silent server": faultnet.SilentServer(t)} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			err := run(context.Background(), []string{"import", data}, env(map[string]string{"NEO4J_URI": "bolt://" + addr}), io.Discard)
			if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), addr) {
				t.Fatalf("got %q, want a one-line error naming the server", err)
			}
			if took := time.Since(start); took > 30*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

func TestImportNeedsNeo4jForDatasetFiles(t *testing.T) {
	data := write(t, "extra.jsonl", goodRecord+"\n")
	err := run(context.Background(), []string{"import", data}, env(nil), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "NEO4J_URI") {
		t.Fatalf("got %v", err)
	}
	if err := run(context.Background(), []string{"migrate"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "NEO4J_URI") {
		t.Fatalf("migrate: got %v", err)
	}
}

// With Neo4j down, serve still starts: it is alive but not ready, and
// GraphQL requests get STORE_UNAVAILABLE within the request time limit.
func TestServeWithNeo4jDown(t *testing.T) {
	for name, neo := range map[string]string{"closed port": faultnet.ClosedPort(t), "silent server": faultnet.SilentServer(t)} {
		t.Run(name, func(t *testing.T) {
			addr := faultnet.ClosedPort(t)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, []string{"serve", "--addr", addr}, env(map[string]string{"NEO4J_URI": "neo4j://" + neo}), io.Discard)
			}()
			defer func() { cancel(); <-done }()

			get := func(path string) (int, string) {
				for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
					if res, err := http.Get("http://" + addr + path); err == nil {
						body, _ := io.ReadAll(res.Body)
						res.Body.Close()
						return res.StatusCode, string(body)
					}
				}
				t.Fatalf("serve did not start")
				return 0, ""
			}
			if code, _ := get("/healthz"); code != 200 {
				t.Errorf("/healthz: %d", code)
			}
			if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "unavailable") {
				t.Errorf("/readyz: %d %q", code, body)
			}
			start := time.Now()
			res, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(`{"query":"{ welfareRegions { code } }"}`))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !strings.Contains(string(body), "STORE_UNAVAILABLE") {
				t.Errorf("GraphQL: %s", body)
			}
			if took := time.Since(start); took > 12*time.Second {
				t.Errorf("GraphQL took %v, over the request time limit", took)
			}
		})
	}
}
