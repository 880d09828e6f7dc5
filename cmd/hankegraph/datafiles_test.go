package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/embedded"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

const kohesioFixtures = "../../internal/kohesio/testdata/"

// import writes a dataset file that validate (and so serve --data) accepts,
// and reports the rows it could not place; flags may follow the files.
func TestImport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "kohesio.jsonl")
	var report bytes.Buffer
	args := []string{"import", "--format", "kohesio", kohesioFixtures + "kohesio-esf-2014-2020.csv", kohesioFixtures + "kohesio-esf-plus-2021-2027.csv", "--out", out}
	if err := run(context.Background(), args, os.Getenv, &report); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"9 operations", "rows placed in no welfare region (2)", "NUTS 3 FI1B1 covers 5 welfare regions", "wrote " + out} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, report.String())
		}
	}
	var check bytes.Buffer
	if err := run(context.Background(), []string{"validate", out}, os.Getenv, &check); err != nil || !strings.HasPrefix(check.String(), "ok") {
		t.Fatalf("the imported file does not validate: %v %s", err, check.String())
	}

	err := run(context.Background(), []string{"import", "--format", "kohesio", "--out", out + ".bad", kohesioFixtures + "kohesio-malformed.csv"}, os.Getenv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "kohesio-malformed.csv:4: Operation_Start_Date") {
		t.Errorf("a malformed file: %v", err)
	}
	if _, statErr := os.Stat(out + ".bad"); !os.IsNotExist(statErr) {
		t.Error("a failed import wrote a file")
	}
	if err := run(context.Background(), []string{"import", "--format", "xlsx", "x.xlsx"}, os.Getenv, io.Discard); err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("an unknown format: %v", err)
	}
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		out := filepath.Join(dir, "synthetic.jsonl")
		if err := run(context.Background(), []string{"generate", "--projects", "40", "--seed", "3", "--out", out}, os.Getenv, io.Discard); err != nil {
			t.Fatal(err)
		}
		files[i], _ = os.ReadFile(out)
		var check bytes.Buffer
		if err := run(context.Background(), []string{"validate", out}, os.Getenv, &check); err != nil {
			t.Fatalf("the generated file does not validate: %v", err)
		}
	}
	if !bytes.Equal(files[0], files[1]) || !bytes.Contains(files[0], []byte(`"id":"project:synthetic-0000039"`)) {
		t.Error("generate is not deterministic, or made other ids")
	}
}

// The embedded store is served without batching (its own loader wait, none);
// any other store with the default wait.
func TestLimitsFor(t *testing.T) {
	if got := limitsFor(embedded.New()).BatchWait; got != embedded.BatchWait {
		t.Errorf("embedded: %s", got)
	}
	var other hanke.Store = struct{ hanke.Store }{}
	if got := limitsFor(other); got != graph.DefaultLimits {
		t.Errorf("another store: %+v", got)
	}
}

// What a researcher does with Kohesio's CSV: import it into a dataset file,
// serve it, and find its projects in the playground and on the map.
func TestAKohesioImportIsServedOnTheMap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "kohesio.jsonl")
	args := []string{"import", "--format", "kohesio", kohesioFixtures + "kohesio-esf-2014-2020.csv", kohesioFixtures + "kohesio-esf-plus-2021-2027.csv", "--out", out}
	if err := run(context.Background(), args, os.Getenv, io.Discard); err != nil {
		t.Fatal(err)
	}
	addr, stop := startServe(t, "--data", out)
	defer stop()
	body := post(t, addr, `{ project(id: "project:kohesio-test-esfplus-101") { name totalBudgetEur implementers { organisation { name } } }
		welfareRegion(code: "91") { projects(first: 100) { edges { node { id } } } } }`)
	for _, want := range []string{`"name":"Testihanke satayksi"`, `"totalBudgetEur":8494046`, `"name":"Testiyhdistys ry"`, `"name":"Testikaupunki"`, `"id":"project:kohesio-test-esfplus-103"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the answer lacks %s: %s", want, body)
		}
	}
	// The map's counts include the imported projects: Åland (91) had none
	// in the built-in dataset, and Maarianhamina's project is there now.
	body = post(t, addr, `{ regionStats { region { code } projects } }`)
	if !strings.Contains(body, `{"region":{"code":"91"},"projects":1}`) {
		t.Errorf("Åland's statistics: %s", body)
	}
	// Categories of intervention: a project's, the projects of one, and
	// where they are on the map (Tampere's region 08, Jyväskylä's 15).
	body = post(t, addr, `{ project(id: "project:kohesio-test-esf-001") { classifications { scheme code label } }
		projects(filter: { classification: [{ scheme: "kohesio-category-of-intervention-2014-2020", code: "112" }] }) { totalCount edges { node { id } } }
		regionStats(filter: { classification: [{ scheme: "kohesio-category-of-intervention-2014-2020", code: "109" }] }) { region { code } projects }
		classifications { classification { scheme code label } projects } }`)
	for _, want := range []string{
		`{"scheme":"kohesio-category-of-intervention-2014-2020","code":"109","label":"Active inclusion"},{"scheme":"kohesio-category-of-intervention-2014-2020","code":"112","label":"Enhancing access to services"},{"scheme":"kohesio-thematic-objective","code":"09","label":"Promoting social inclusion"}`,
		`"projects":{"totalCount":1,"edges":[{"node":{"id":"project:kohesio-test-esf-001"}}]}`,
		`{"region":{"code":"08"},"projects":1}`, `{"region":{"code":"15"},"projects":1}`, `{"region":{"code":"01"},"projects":0}`,
		// Every 2014–2020 operation gives the thematic objective 09, every
		// 2021–2027 one the policy objective PO4.
		`"classifications":[{"classification":{"scheme":"kohesio-category-of-intervention-2014-2020","code":"109","label":"Active inclusion"},"projects":1},` +
			`{"classification":{"scheme":"kohesio-category-of-intervention-2014-2020","code":"112","label":"Enhancing access to services"},"projects":1},` +
			`{"classification":{"scheme":"kohesio-policy-objective","code":"PO4","label":"A more social and inclusive Europe"},"projects":3},` +
			`{"classification":{"scheme":"kohesio-thematic-objective","code":"09","label":"Promoting social inclusion"},"projects":6}]`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the answer lacks %s: %s", want, body)
		}
	}
}
