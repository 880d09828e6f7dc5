package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodRecord = `{"type":"Project","id":"project:uusi","name":{"fi":"Uusi hanke"},"kind":"DEVELOPMENT_PROJECT","sources":["source:seed-001"]}`

func TestValidate(t *testing.T) {
	var out bytes.Buffer
	good := write(t, "good.jsonl", goodRecord+"\n")
	if err := run(context.Background(), []string{"validate", good}, os.Getenv, &out); err != nil || !strings.HasPrefix(out.String(), "ok: 1 files") {
		t.Fatalf("%v %q", err, out.String())
	}
	broken := write(t, "broken.jsonl", goodRecord+"\n"+`{"type":"IMPLEMENTS","from":"org:thl","to":"project:uusi","sources":["source:seed-001"]}`+"\n")
	err := run(context.Background(), []string{"validate", broken}, os.Getenv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "broken.jsonl:2: IMPLEMENTS needs a role") {
		t.Fatalf("got %v", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	if err := run(context.Background(), []string{"frobnicate"}, os.Getenv, io.Discard); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Fatalf("got %v", err)
	}
}

// serve starts with the built-in dataset plus --data files, answers, and
// stops when its context ends; a broken --data file stops it from starting.
func TestServe(t *testing.T) {
	data := write(t, "extra.jsonl", goodRecord+"\n")
	addr, stop := startServe(t, "--data", data)
	body := post(t, addr, `{ project(id: "project:uusi") { name } welfareRegions { code } }`)
	if !strings.Contains(body, "Uusi hanke") || strings.Count(body, `"code"`) != 23 {
		t.Errorf("got %s", body)
	}
	if err := stop(); err != nil {
		t.Errorf("serve ended with %v", err)
	}

	broken := write(t, "broken.jsonl", "{\n")
	err := run(context.Background(), []string{"serve", "--addr", addr, "--data", broken}, os.Getenv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%s:1:", broken)) {
		t.Errorf("a broken data file: %v", err)
	}
}

// startServe runs serve with args on a free port of 127.0.0.1 until it
// answers; stop ends it and returns how it ended.
func startServe(t *testing.T, args ...string) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", addr}, args...), os.Getenv, io.Discard) }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return addr, func() error { cancel(); return <-done }
			}
		}
	}
	cancel()
	t.Fatalf("serve did not answer within 10 s: %v", <-done)
	return "", nil
}

// post sends a GraphQL query to a server started by startServe and returns
// the response's body.
func post(t *testing.T, addr, query string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	res, err := http.Post("http://"+addr+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return string(out)
}
