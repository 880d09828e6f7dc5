package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/network"
)

// export writes one of the researchers' graphs as a file. It serves the
// request to the very handler behind GET /export/FILE, so that the command
// and the HTTP route take the same parameters and give the same file.
func export(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	out := fs.String("out", "", "the file to write (default: standard output)")
	var data files
	fs.Var(&data, "data", "a dataset file to add to the built-in dataset (repeatable; embedded store only)")
	neo := neo4jFlags(fs, getenv)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) == 0 || len(positional) > 2 {
		return fmt.Errorf("export: usage: export FILE [QUERY] [--out PATH], FILE one of %s", strings.Join(graph.ExportFormats(), ", "))
	}
	store, closeStore, err := openStore(ctx, *neo, data, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		return err
	}
	defer closeStore()
	target := "/export/" + positional[0]
	if len(positional) == 2 {
		target += "?" + strings.TrimPrefix(positional[1], "?")
	}
	rec := httptest.NewRecorder()
	graph.Export(network.NewAnalyzer(store, network.DefaultLimits)).ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil))
	if rec.Code != http.StatusOK {
		return errors.New("export: " + strings.TrimSpace(rec.Body.String()))
	}
	if *out == "" {
		_, err = stdout.Write(rec.Body.Bytes())
		return err
	}
	return writeFile(*out, func(w io.Writer) error { _, err := w.Write(rec.Body.Bytes()); return err })
}
