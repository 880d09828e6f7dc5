package main

import (
	"bytes"
	"context"
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	data := write(t, "extra.jsonl", goodRecord+"\n")
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "--data", data}, os.Getenv, io.Discard) }()

	var body []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		res, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(`{"query":"{ project(id: \"project:uusi\") { name } welfareRegions { code } }"}`))
		if err == nil {
			body, _ = io.ReadAll(res.Body)
			res.Body.Close()
			break
		}
	}
	if !strings.Contains(string(body), "Uusi hanke") || strings.Count(string(body), `"code"`) != 23 {
		t.Errorf("got %s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve ended with %v", err)
	}

	broken := write(t, "broken.jsonl", "{\n")
	err = run(context.Background(), []string{"serve", "--addr", addr, "--data", broken}, os.Getenv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%s:1:", broken)) {
		t.Errorf("a broken data file: %v", err)
	}
}
