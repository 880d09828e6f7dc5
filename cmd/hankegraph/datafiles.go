package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/kohesio"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// The commands that make dataset files: import (from public exports) and
// generate (synthetic data for benchmarks).

// importData loads dataset files into Neo4j, or reads Kohesio's bulk CSV into
// Neo4j or into a dataset file that serve --data loads. Everything is checked
// before the first write.
func importData(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	format := fs.String("format", "jsonl", "the files' format: jsonl (dataset files) or kohesio (Kohesio's bulk CSV export)")
	out := fs.String("out", "", "kohesio without Neo4j: the dataset file to write (default: the first file's name, ending .jsonl)")
	neo := neo4jFlags(fs, getenv)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("import: name one or more files")
	}
	switch *format {
	case "jsonl":
		if neo.URI == "" {
			return errors.New("import: dataset files go into Neo4j (set NEO4J_URI); for the embedded store, give them to serve --data")
		}
		g, err := dataset.Load(files...)
		if err != nil {
			return err
		}
		return importIntoNeo4j(ctx, *neo, g, stdout)
	case "kohesio":
	default:
		return fmt.Errorf("import: --format must be jsonl or kohesio, got %q", *format)
	}
	if *out == "" {
		*out = strings.TrimSuffix(files[0], filepath.Ext(files[0])) + ".jsonl"
	}
	g, report, err := kohesio.ImportFiles(files...)
	if err != nil {
		return err
	}
	// The file must load as serve --data loads it, on top of the built-in
	// dataset; it is checked before anything is written.
	var text bytes.Buffer
	if err := dataset.Write(&text, g); err != nil {
		return err
	}
	base, err := dataset.Builtin()
	if err != nil {
		return err
	}
	checked := dataset.NewBuilder(base)
	if err := checked.Add(*out, bytes.NewReader(text.Bytes())); err != nil {
		return fmt.Errorf("import: the result does not load:\n%w", err)
	}
	if neo.URI != "" {
		printReport(stdout, len(files), report)
		return importIntoNeo4j(ctx, *neo, checked.Graph(), stdout)
	}
	if err := writeFile(*out, func(w io.Writer) error { _, err := w.Write(text.Bytes()); return err }); err != nil {
		return err
	}
	printReport(stdout, len(files), report)
	_, err = fmt.Fprintf(stdout, "wrote %s: %d nodes, %d relationships\n", *out, len(g.Nodes), len(g.Edges))
	return err
}

func printReport(w io.Writer, files int, r *kohesio.Report) {
	fmt.Fprintf(w, "kohesio: %d files, %d rows, %d operations, %d organisations; %d operations name no beneficiary\n",
		files, r.Rows, r.Operations, r.Organisations, r.NoBeneficiary)
	for _, list := range []struct {
		what   string
		places []kohesio.Placement
	}{
		{"rows placed in no welfare region", r.NotPlaced},
		{"rows placed by some of their places, the others not matched", r.Unmatched},
	} {
		if len(list.places) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%d):\n", list.what, len(list.places))
		for _, p := range list.places {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

// writeFile writes a file whole or not at all: into a temporary file beside
// it, renamed into place once complete.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// parseInterspersed parses flags given before, between or after the
// positional arguments ("import FILE.csv --out x.jsonl") and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// writeDataset writes g as a dataset file at path.
func writeDataset(path string, g *hanke.Graph) error {
	return writeFile(path, func(w io.Writer) error { return dataset.Write(w, g) })
}

// generate writes a synthetic graph for benchmarks (see internal/synthetic).
func generate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	projects := fs.Int("projects", 10000, "how many projects")
	seed := fs.Int64("seed", 1, "the random seed; the same seed gives the same graph")
	out := fs.String("out", "", "the dataset file to write (default: synthetic-PROJECTS-SEED.jsonl)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *projects < 1 {
		return errors.New("generate: usage: generate --projects N [--seed S] [--out FILE.jsonl]")
	}
	if *out == "" {
		*out = fmt.Sprintf("synthetic-%d-%d.jsonl", *projects, *seed)
	}
	g := synthetic.Generate(*projects, *seed)
	if err := writeDataset(*out, g); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "wrote %s: %d synthetic nodes, %d relationships\n", *out, len(g.Nodes), len(g.Edges))
	return err
}
