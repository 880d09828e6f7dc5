package kohesio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The fixtures are made-up operations in the real format: the 2014–2020 file
// has a byte order mark, CRLF line ends, a summary spanning two lines, one
// operation over two rows (one beneficiary each), Swedish and upper-case
// municipality names, an unknown municipality, a NUTS 3 code of five welfare
// regions and an ERDF row; the 2021–2027 file has another column order and
// set, amounts with spaces and decimal commas, and two beneficiaries in one
// cell.
var fixtures = []string{"testdata/kohesio-esf-2014-2020.csv", "testdata/kohesio-esf-plus-2021-2027.csv"}

func importFixtures(t *testing.T) (*hanke.Graph, *Report, map[string]hanke.Node) {
	t.Helper()
	g, report, err := ImportFiles(fixtures...)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]hanke.Node{}
	for _, n := range g.Nodes {
		byID[n.NodeID()] = n
	}
	return g, report, byID
}

// edgesOf lists "TYPE from->to role" for the edges touching id.
// importText imports one file of the given text.
func importText(t *testing.T, text string) *hanke.Graph {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	g, _, err := ImportFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func edgesOf(g *hanke.Graph, id string) []string {
	var out []string
	for _, e := range g.Edges {
		if e.From == id || e.To == id {
			out = append(out, strings.TrimSpace(string(e.Type)+" "+e.From+"->"+e.To+" "+e.Role))
		}
	}
	return out
}

func TestAProjectOverTwoRowsWithDecimalsAndAMultilineSummary(t *testing.T) {
	g, _, byID := importFixtures(t)
	p, ok := byID["project:kohesio-test-esf-001"].(*hanke.Project)
	if !ok {
		t.Fatalf("no project for TEST-ESF-001")
	}
	if p.Names.Fi != "Testihanke yksi" || p.Names.En != "Test project one" || p.Kind != hanke.KindDevelopmentProject {
		t.Errorf("names and kind: %+v %s", p.Names, p.Kind)
	}
	if p.Summary.Fi != "Keksitty hanke tuojan testeihin.\nToinen rivi, \"lainausmerkein\"." {
		t.Errorf("the multiline quoted summary: %q", p.Summary.Fi)
	}
	if p.StartDate != "2014-10-01" || p.EndDate != "2017-09-30" {
		t.Errorf("dates: %s %s", p.StartDate, p.EndDate)
	}
	if *p.TotalBudgetEur != 1200000 || *p.EUContributionEur != 600000.5 || *p.EUCofinancingPercent != 50 {
		t.Errorf("money: %v %v %v", *p.TotalBudgetEur, *p.EUContributionEur, *p.EUCofinancingPercent)
	}
	if !slices.Equal(p.Identifiers, []hanke.Identifier{{Scheme: "kohesio-operation", Value: "TEST-ESF-001"}, {Scheme: "kohesio-operation-local", Value: "S99001"}}) {
		t.Errorf("identifiers: %v", p.Identifiers)
	}
	// The categories of both rows, each with its label, and the objective.
	if want := []hanke.Classification{
		{Scheme: "kohesio-category-of-intervention-2014-2020", Code: "109", Label: "Active inclusion"},
		{Scheme: "kohesio-category-of-intervention-2014-2020", Code: "112", Label: "Enhancing access to services"},
		{Scheme: "kohesio-thematic-objective", Code: "09", Label: "Promoting social inclusion"},
	}; !slices.Equal(p.Classifications, want) || p.Note != "" {
		t.Errorf("classifications: %+v, note %q", p.Classifications, p.Note)
	}
	want := []string{
		"IMPLEMENTS org:y-1234567-8->project:kohesio-test-esf-001 LEAD",
		"IMPLEMENTS org:kohesio-q900001->project:kohesio-test-esf-001 CO_IMPLEMENTER",
		"FUNDED_FROM project:kohesio-test-esf-001->programme:kohesio-2014test05m2op001",
		"OPERATES_IN project:kohesio-test-esf-001->region:08", // Tampere
		"OPERATES_IN project:kohesio-test-esf-001->region:15", // JYVÄSKYLÄ
	}
	if got := edgesOf(g, p.ID); !slices.Equal(got, want) {
		t.Errorf("edges:\n got  %q\n want %q", got, want)
	}
	for _, e := range g.Edges {
		if e.Role == hanke.RoleLead && e.To == p.ID && !strings.Contains(e.Note, "marks no lead") {
			t.Errorf("the lead of several beneficiaries should say how it was chosen: %q", e.Note)
		}
	}
}

func TestSeveralBeneficiariesInOneCellWithSpacedAmounts(t *testing.T) {
	g, _, byID := importFixtures(t)
	p := byID["project:kohesio-test-esfplus-101"].(*hanke.Project)
	if *p.TotalBudgetEur != 8494046 || *p.EUContributionEur != 3794929 || *p.EUCofinancingPercent != 44.68 {
		t.Errorf("money: %v %v %v", *p.TotalBudgetEur, *p.EUContributionEur, *p.EUCofinancingPercent)
	}
	want := []string{
		"IMPLEMENTS org:kohesio-q900002->project:kohesio-test-esfplus-101 LEAD",
		"IMPLEMENTS org:kohesio-q900003->project:kohesio-test-esfplus-101 CO_IMPLEMENTER",
		"FUNDED_FROM project:kohesio-test-esfplus-101->programme:kohesio-2021test05ffpr001",
		"OPERATES_IN project:kohesio-test-esfplus-101->region:04", // Vantaa and Kerava: one region
	}
	if got := edgesOf(g, p.ID); !slices.Equal(got, want) {
		t.Errorf("edges:\n got  %q\n want %q", got, want)
	}
	if o := byID["org:kohesio-q900003"]; o == nil || o.Name() != "Testikaupunki" {
		t.Errorf("the second beneficiary of the cell: %v", o)
	}
}

// Some exports give Kohesio's ids as their entities' URLs: they make the
// nodes the Q-numbers make, and a row of the same operation may give either.
func TestEntityURLsAreReadAsKohesioIDs(t *testing.T) {
	g := importText(t, "Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Beneficiary_Unique_Identifier,Fund_Code,Programme_Code,Programming_Period\n"+
		"https://linkedopendata.eu/entity/Q990001,Test project,Testiyhdistys ry,https://linkedopendata.eu/entity/Q990101,ESF,P,2014-2020\n"+
		"Q990001,Test project,Testisäätiö sr,http://linkedopendata.eu/entity/Q990102,ESF,P,2014-2020\n"+
		"https://linkedopendata.eu/entity/Q99x,Another test project,Testisäätiö sr,Q990102,ESF,P,2014-2020\n")
	var projects []string
	for _, n := range g.Nodes {
		if p, ok := n.(*hanke.Project); ok && strings.HasPrefix(p.ID, "project:kohesio-") {
			projects = append(projects, p.ID+" "+p.Identifiers[0].Value)
		}
	}
	want := []string{
		"project:kohesio-https-linkedopendata-eu-entity-q99x https://linkedopendata.eu/entity/Q99x", // not a Q-number: kept as it is
		"project:kohesio-q990001 Q990001",
	}
	if slices.Sort(projects); !slices.Equal(projects, want) {
		t.Errorf("projects:\n got  %q\n want %q", projects, want)
	}
	wantEdges := []string{
		"IMPLEMENTS org:kohesio-q990101->project:kohesio-q990001 LEAD",
		"IMPLEMENTS org:kohesio-q990102->project:kohesio-q990001 CO_IMPLEMENTER",
		"FUNDED_FROM project:kohesio-q990001->programme:kohesio-p",
	}
	if got := edgesOf(g, "project:kohesio-q990001"); !slices.Equal(got, wantEdges) {
		t.Errorf("edges:\n got  %q\n want %q", got, wantEdges)
	}
}

// Categories of intervention add up over an operation's rows, a code once,
// with the label a row gives it; labels that cannot be paired with codes are
// kept as text, never paired by guess; objectives are classifications too.
func TestCategoriesAndObjectivesAreClassifications(t *testing.T) {
	g := importText(t, "Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Category_Of_Intervention,Category_Label,Policy_Objective_ID,Policy_Objective_Label,Thematic_Objective_Label,Fund_Code,Programme_Code,Programming_Period\n"+
		"Q990001,Test project,Testiyhdistys ry,163,,PO4,A more social and inclusive Europe,,ESF+,P,2021-2027\n"+
		"Q990001,Test project,Testiyhdistys ry,163; 152,Promoting social integration; Measures to promote equal access,PO4,,,ESF+,P,2021-2027\n"+
		"Q990002,Another test project,Testiyhdistys ry,163; 152,Promoting social integration,,,Promoting social inclusion,ESF+,P,2021-2027\n")
	byID := map[string]*hanke.Project{}
	for _, n := range g.Nodes {
		if p, ok := n.(*hanke.Project); ok {
			byID[p.ID] = p
		}
	}
	one, two := byID["project:kohesio-q990001"], byID["project:kohesio-q990002"]
	if want := []hanke.Classification{
		{Scheme: "kohesio-category-of-intervention-2021-2027", Code: "163", Label: "Promoting social integration"},
		{Scheme: "kohesio-category-of-intervention-2021-2027", Code: "152", Label: "Measures to promote equal access"},
		{Scheme: "kohesio-policy-objective", Code: "PO4", Label: "A more social and inclusive Europe"},
	}; !slices.Equal(one.Classifications, want) || one.Note != "" {
		t.Errorf("over two rows: %+v, note %q", one.Classifications, one.Note)
	}
	if want := []hanke.Classification{
		{Scheme: "kohesio-category-of-intervention-2021-2027", Code: "163"},
		{Scheme: "kohesio-category-of-intervention-2021-2027", Code: "152"},
	}; !slices.Equal(two.Classifications, want) ||
		two.Note != "Kohesio categories of intervention, without their codes: Promoting social integration. Kohesio thematic objective, without its code: Promoting social inclusion" {
		t.Errorf("two codes and one label: %+v, note %q", two.Classifications, two.Note)
	}
}

func TestFundsProgrammesAndSources(t *testing.T) {
	g, _, byID := importFixtures(t)
	if byID["fund:esf"] != nil || byID["fund:esf-plus"] != nil {
		t.Error("ESF and ESF+ are built in and must not be redefined by an import")
	}
	erdf, ok := byID["fund:kohesio-erdf"].(*hanke.Fund)
	if !ok || erdf.Name() != "European Regional Development Fund" || erdf.Acronym != "ERDF" {
		t.Errorf("another fund is made from the row: %+v", byID["fund:kohesio-erdf"])
	}
	prog := byID["programme:kohesio-2021test05ffpr001"].(*hanke.Programme)
	if prog.PeriodStart != 2021 || prog.PeriodEnd != 2027 || prog.Name() != "Test programme 2021-2027" {
		t.Errorf("programme: %+v", prog)
	}
	want := []string{
		"PART_OF programme:kohesio-2014test05m2op001->fund:esf",
		"PART_OF programme:kohesio-2014test05m2op001->fund:kohesio-erdf",
	}
	var got []string
	for _, e := range edgesOf(g, "programme:kohesio-2014test05m2op001") {
		if strings.HasPrefix(e, "PART_OF") {
			got = append(got, e)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("the programme is part of its rows' funds: %q", got)
	}

	src := byID["source:kohesio-kohesio-esf-2014-2020"].(*hanke.Source)
	if src.Name() != "kohesio-esf-2014-2020.csv — Kohesio bulk export" || !strings.HasPrefix(src.Reference, "operations TEST-ESF-001, TEST-ESF-002,") {
		t.Errorf("source: %+v", src)
	}
	// An organisation in both files cites both, and keeps its other spelling.
	org := byID["org:y-1234567-8"].(*hanke.Organisation)
	if len(org.Sources) != 2 || org.BusinessID != "1234567-8" || !slices.Equal(org.AltNames, []string{"Testiyhdistys r.y."}) || org.Kind != hanke.OrgOther {
		t.Errorf("organisation: %+v", org)
	}
	for _, n := range g.Nodes {
		if n.NodeLabel() != hanke.LabelSource && len(n.SourceIDs()) == 0 {
			t.Errorf("%s cites no source", n.NodeID())
		}
	}
	for _, e := range g.Edges {
		if len(e.Sources) == 0 {
			t.Errorf("%s cites no source", e.ID())
		}
	}
}

func TestPlacesAreMatchedOrReportedNeverGuessed(t *testing.T) {
	g, report, _ := importFixtures(t)
	regions := func(project string) []string {
		var out []string
		for _, e := range g.Edges {
			if e.From == project && e.Type == hanke.RelOperatesIn {
				out = append(out, e.To)
			}
		}
		return out
	}
	for project, want := range map[string][]string{
		"project:kohesio-test-esf-002":     nil,                        // only NUTS 3 FI1B1: five regions
		"project:kohesio-test-esf-003":     {"region:90"},              // Helsingfors, in Swedish
		"project:kohesio-test-esf-004":     {"region:19"},              // unknown LAU, NUTS 3 FI1D9 names one region
		"project:kohesio-test-esf-005":     nil,                        // Jalasjärvi merged away; FI195 is two regions
		"project:kohesio-test-erdf-006":    {"region:05"},              // "ABO" is Åbo, accents and case aside
		"project:kohesio-test-esfplus-103": {"region:91"},              // Maarianhamina
		"project:kohesio-test-esfplus-102": {"region:19"},              // Oulu
		"project:kohesio-test-esf-001":     {"region:08", "region:15"}, // one a row
	} {
		if got := regions(project); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", project, got, want)
		}
	}
	var notPlaced []string
	for _, p := range report.NotPlaced {
		notPlaced = append(notPlaced, p.String())
	}
	wantNotPlaced := []string{
		"kohesio-esf-2014-2020.csv:5: operation TEST-ESF-002: NUTS 3 FI1B1 covers 5 welfare regions (01, 02, 03, 04, 90)",
		`kohesio-esf-2014-2020.csv:8: operation TEST-ESF-005: LAU "Jalasjärvi" is not a municipality of 2023; NUTS 3 FI195 covers 2 welfare regions (16, 17)`,
	}
	if !slices.Equal(notPlaced, wantNotPlaced) {
		t.Errorf("not placed:\n got  %q\n want %q", notPlaced, wantNotPlaced)
	}
	if len(report.Unmatched) != 1 || report.Unmatched[0].String() != `kohesio-esf-2014-2020.csv:7: operation TEST-ESF-004: LAU "Atlantis" is not a municipality of 2023` {
		t.Errorf("unmatched: %v", report.Unmatched)
	}
	if report.Rows != 10 || report.Operations != 9 || report.NoBeneficiary != 1 || report.Organisations != 6 {
		t.Errorf("report: %+v", report)
	}
}

func TestMalformedRowsFailTheImportWithTheirLines(t *testing.T) {
	g, _, err := ImportFiles("testdata/kohesio-malformed.csv")
	var derr *dataset.Error
	if !errors.As(err, &derr) || g != nil {
		t.Fatalf("want a dataset.Error and no graph, got %v", err)
	}
	want := []string{
		`kohesio-malformed.csv:4: Operation_Start_Date: "31/02/2020" is not a date DD/MM/YYYY`,
		`kohesio-malformed.csv:5: Total_Eligible_Expenditure_amount: amount "8,494": a single comma before three digits could be a thousands separator or a decimal comma`,
		`kohesio-malformed.csv:6: operation TEST-BAD-1: Operation_Start_Date "2020-01-02" differs from "2020-01-01" on line 2`,
		`kohesio-malformed.csv:7: Operation_Unique_Identifier is empty`,
		`kohesio-malformed.csv:8: 3 fields, the header has 10`,
	}
	var got []string
	for _, p := range derr.Problems {
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n got  %q\n want %q", got, want)
	}
}

func TestFilesWithoutTheNeededColumnsOrWithBrokenQuotesAreRefused(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ text, want string }{
		"no-fund.csv":      {"Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Programme_Code,Programming_Period\n", "no-fund.csv:1: the header has no column Fund_Code"},
		"broken-quote.csv": {"Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Fund_Code,Programme_Code,Programming_Period\nX,\"open,B,ESF,P,2014-2020\n", "broken-quote.csv:2: extraneous or missing \" in quoted-field"},
		"end-first.csv":    {"Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Fund_Code,Programme_Code,Programming_Period,Operation_Start_Date,Operation_End_Date\nX,N,B,ESF,P,2014-2020,02/01/2020,01/01/2020\n", "end-first.csv:2: operation X: Operation_End_Date 2020-01-01 is before Operation_Start_Date 2020-01-02"},
		"mismatched.csv":   {"Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Beneficiary_Unique_Identifier,Fund_Code,Programme_Code,Programming_Period\nX,N,A;B,Q1,ESF,P,2014-2020\n", "mismatched.csv:2: Beneficiary_Name lists 2 beneficiaries and Beneficiary_Unique_Identifier 1 ids"},
		"pounds.csv":       {"Operation_Unique_Identifier,Operation_Name_English,Beneficiary_Name,Fund_Code,Programme_Code,Programming_Period,Total_Eligible_Expenditure_Currency\nX,N,B,ESF,P,2014-2020,GBP\n", `pounds.csv:2: Total_Eligible_Expenditure_Currency: amounts are in "GBP", not euros`},
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(c.text), 0o644)
		_, _, err := ImportFiles(path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

// The import is meant for the built-in dataset: written as a dataset file,
// it loads on top of it, and importing again gives the same file.
func TestTheImportIsAValidDatasetFileAndRepeatable(t *testing.T) {
	var files [2]bytes.Buffer
	for i := range files {
		g, _, _ := importFixtures(t)
		if err := dataset.Write(&files[i], g); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0].Bytes(), files[1].Bytes()) {
		t.Error("two imports of the same files differ")
	}
	base, err := dataset.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.NewBuilder(base).Add("import.jsonl", &files[0]); err != nil {
		t.Fatalf("the import is not a valid dataset file on top of the built-in one:\n%v", err)
	}
}
