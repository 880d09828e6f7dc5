// Package kohesio imports Kohesio's bulk CSV exports (the EU's database of
// cohesion policy projects, one file per country and programming period) into
// a hanke.Graph that either store can Load, on top of the built-in dataset.
//
// What a file becomes:
//
//   - Each file is one Source ("<file name> — Kohesio bulk export", its
//     reference listing the file's operation ids), and every node and
//     relationship made from the file cites it.
//   - Each operation (Operation_Unique_Identifier) is a Project,
//     project:kohesio-<id>, of kind DEVELOPMENT_PROJECT (Kohesio does not tell
//     coordination projects apart), with the operation's names and summaries
//     (the programme-language texts as Finnish, the English ones as English),
//     dates, budget, EU contribution and co-financing rate, and its Kohesio
//     identifiers. Its categories of intervention and its thematic or policy
//     objective are its classifications, code and label as Kohesio gives
//     them (schemes kohesio-category-of-intervention-<period>, as each period
//     numbers its categories afresh, kohesio-thematic-objective and
//     kohesio-policy-objective), which project filters select by. They are
//     an EU classification, not the service sectors of the built-in
//     dataset, and no source maps one to the other. Labels given without a
//     code to each go into the project's note.
//   - Each beneficiary is an Organisation that IMPLEMENTS the project. Its id
//     comes from its Finnish business id (Y-tunnus) when the export gives one,
//     else from Kohesio's beneficiary id, else from its name. Its kind is
//     OTHER, since the export does not say. Kohesio marks no lead
//     beneficiary: the first one listed for an operation (by row, then within
//     the cell) is taken as LEAD, the others as CO_IMPLEMENTER, and the edge's
//     note says so when there are several.
//   - Fund_Code ESF and ESF+ are the built-in fund:esf and fund:esf-plus; any
//     other fund is a Fund made from the row. Each Programme_Code is a
//     Programme of its Programming_Period, PART_OF its fund(s); the project is
//     FUNDED_FROM it.
//   - The project OPERATES_IN the welfare regions of the municipalities its
//     rows name (LAU_Labels, Finnish or Swedish names, case and accents
//     ignored); a row naming none that are known is placed by its NUTS3_Code
//     only where that code covers exactly one welfare region (FI1B1 covers
//     five). A row that cannot be placed is listed in the Report, never
//     guessed.
//
// An operation may have several beneficiaries in two ways, and both are read:
// several rows with the same Operation_Unique_Identifier (one per
// beneficiary, or per place), and several names in one Beneficiary_Name cell
// separated by ";" or "|" (never ",", which names use), with the
// beneficiary id cells listing as many ids in the same order. The rows of one
// operation must agree on the operation's own columns (a blank agrees with
// anything); beneficiaries, places and categories add up.
//
// Kohesio's ids (Operation_Unique_Identifier, Beneficiary_Unique_Identifier)
// are read as Q-numbers or as their entities' URLs on linkedopendata.eu, which
// some exports give instead; both make the same id.
//
// Columns are found by their header name, in any order and letter case, so
// the different column sets of the programming periods read alike. Files are
// UTF-8 with or without a byte order mark; quoted fields may span lines;
// dates are DD/MM/YYYY; amounts are euros, with or without decimals and
// thousands separators where they can be read only one way (see
// parseAmount). The import is all or nothing: any malformed row makes it
// fail with every problem as file:line: reason.
package kohesio

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hankegraph/hankegraph/internal/dataset"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// The columns the importer reads. Others are ignored.
const (
	colOperation       = "Operation_Unique_Identifier"
	colLocalID         = "Operation_Local_Identifier"
	colNameEn          = "Operation_Name_English"
	colNameLocal       = "Operation_Name_Programme_Language"
	colSummaryEn       = "Operation_Summary_English"
	colSummaryLocal    = "Operation_Summary_Programme_Language"
	colStart           = "Operation_Start_Date"
	colEnd             = "Operation_End_Date"
	colTotal           = "Total_Eligible_Expenditure_amount"
	colCurrency        = "Total_Eligible_Expenditure_Currency"
	colEUBudget        = "Project_EU_Budget"
	colCofinancing     = "Cofinancing_Rate"
	colBeneficiary     = "Beneficiary_Name"
	colBeneficiaryID   = "Beneficiary_Unique_Identifier"
	colBeneficiaryLoc  = "Beneficiary_Local_Identifier"
	colNUTS3           = "NUTS3_Code"
	colLAU             = "LAU_Labels"
	colCategory        = "Category_Of_Intervention"
	colCategoryLabel   = "Category_Label"
	colThematic        = "Thematic_Objective_ID"
	colThematicLabel   = "Thematic_Objective_Label"
	colPolicy          = "Policy_Objective_ID"
	colPolicyLabel     = "Policy_Objective_Label"
	colFund            = "Fund_Code"
	colFundName        = "Fund_Name"
	colProgramme       = "Programme_Code"
	colProgrammeName   = "Programme_Name"
	colProgrammePeriod = "Programming_Period"
)

// operationColumns describe the operation itself, so every row of an
// operation must agree on them. Each is read into a canonical text (an ISO
// date, a plain number) so that "8494046" and "8494046.00" agree.
var operationColumns = []struct {
	name string
	read func(string) (string, error)
}{
	{colLocalID, asText}, {colNameEn, asText}, {colNameLocal, asText},
	{colSummaryEn, asText}, {colSummaryLocal, asText},
	{colStart, parseDate}, {colEnd, parseDate},
	{colTotal, asNumber(parseAmount)}, {colCurrency, asEuro}, {colEUBudget, asNumber(parseAmount)},
	{colCofinancing, asNumber(parsePercent)},
	{colThematic, asText}, {colThematicLabel, asText}, {colPolicy, asText}, {colPolicyLabel, asText},
	{colFund, asText}, {colFundName, asText},
	{colProgramme, asText}, {colProgrammeName, asText}, {colProgrammePeriod, asPeriod},
}

// requiredColumns must be in every file's header.
var requiredColumns = []string{colOperation, colBeneficiary, colFund, colProgramme, colProgrammePeriod}

func asText(s string) (string, error) { return s, nil }

func asNumber(parse func(string) (*float64, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		if err != nil || v == nil {
			return "", err
		}
		return strconv.FormatFloat(*v, 'f', -1, 64), nil
	}
}

func asEuro(s string) (string, error) {
	if s != "" && !strings.EqualFold(s, "EUR") && s != "€" {
		return "", fmt.Errorf("amounts are in %q, not euros", s)
	}
	return "", nil
}

func asPeriod(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	start, end, err := parsePeriod(s)
	return fmt.Sprintf("%d-%d", start, end), err
}

// listSeparators split a cell that lists several beneficiaries or categories.
const listSeparators = ";|"

// Report tells what an import read, and what it could not place.
type Report struct {
	Rows, Operations, Organisations int
	// NotPlaced are the rows for which no welfare region was found, one
	// each, with every reason.
	NotPlaced []Placement
	// Unmatched are the rows that were placed by some of their place names
	// or codes, with why the others were not used.
	Unmatched []Placement
	// NoBeneficiary counts the operations that no row names a beneficiary of.
	NoBeneficiary int
}

// Placement is a row whose place names or codes could not all be matched, and why.
type Placement struct {
	File      string
	Line      int
	Operation string
	Reason    string
}

func (p Placement) String() string {
	return fmt.Sprintf("%s:%d: operation %s: %s", p.File, p.Line, p.Operation, p.Reason)
}

// maxProblems caps the problems an error lists, as dataset files do.
const maxProblems = 50

// ImportFiles reads Kohesio bulk CSV files, for example one per programming
// period, into one graph. It returns a *dataset.Error listing every malformed
// row when there are any, and then no graph.
func ImportFiles(paths ...string) (*hanke.Graph, *Report, error) {
	im, err := newImporter()
	if err != nil {
		return nil, nil, err
	}
	for _, path := range paths {
		if err := im.readFile(path); err != nil {
			return nil, nil, err
		}
	}
	g := im.graph()
	if len(im.problems) > 0 {
		return nil, nil, &dataset.Error{Problems: im.problems, More: im.more}
	}
	return g, &im.report, nil
}

// importer gathers the files' rows; graph turns them into nodes and edges.
type importer struct {
	places   *places
	problems []dataset.Problem
	more     int
	report   Report

	sources    []*hanke.Source
	operations []*operation
	byOp       map[string]*operation
	projectIDs map[string]string // project id → the operation id it was made from
	orgs       []*hanke.Organisation
	byOrg      map[string]*hanke.Organisation
	edges      edgeSet
}

// operation is what the rows of one operation say.
type operation struct {
	id        string
	file      string
	line      int               // the first row's
	values    map[string]string // operationColumns, canonical
	lines     map[string]int    // where each value was first given
	sources   []string
	lead      int // the position of its LEAD edge in edges, -1 before it has one
	implement int // how many organisations implement it
	regions   []string
	// categories are its categories of intervention, code and label (their
	// scheme is the period's); uncoded, the category labels the rows give
	// without a code to each.
	categories []hanke.Classification
	uncoded    []string
}

// The classification schemes of imported projects. Each programming period
// has its own list of categories of intervention, in its own regulation, so
// a code names a category only within its period, and the period is part
// of the scheme: kohesio-category-of-intervention-2014-2020. Thematic
// objectives are of 2014–2020, policy objectives of 2021–2027.
const (
	schemeCategory          = "kohesio-category-of-intervention-"
	schemeThematicObjective = "kohesio-thematic-objective"
	schemePolicyObjective   = "kohesio-policy-objective"
)

func newImporter() (*importer, error) {
	p, err := newPlaces()
	if err != nil {
		return nil, err
	}
	return &importer{places: p, byOp: map[string]*operation{}, projectIDs: map[string]string{},
		byOrg: map[string]*hanke.Organisation{}, edges: edgeSet{at: map[edgeKey]int{}}}, nil
}

func (im *importer) problem(file string, line int, format string, args ...any) {
	if len(im.problems) >= maxProblems {
		im.more++
		return
	}
	im.problems = append(im.problems, dataset.Problem{File: file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (im *importer) readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return im.read(filepath.Base(path), f)
}

var byteOrderMark = []byte("\ufeff")

// read reads one file. Rows are checked one by one, so that one run lists
// every malformed row; a CSV syntax error ends the file, since what follows
// it cannot be told apart reliably.
func (im *importer) read(name string, r io.Reader) error {
	src := &hanke.Source{
		Base:      hanke.Base{ID: "source:kohesio-" + slug(strings.TrimSuffix(name, filepath.Ext(name))), Names: hanke.LocalizedText{En: name + " — Kohesio bulk export"}},
		URL:       "https://kohesio.ec.europa.eu/",
		Publisher: "Kohesio (European Commission)",
	}
	for _, s := range im.sources {
		if s.ID == src.ID {
			return fmt.Errorf("%s: two files of the same name (%s) would be one source", name, src.ID)
		}
	}
	im.sources = append(im.sources, src)

	br := bufio.NewReaderSize(r, 1<<20)
	if head, _ := br.Peek(len(byteOrderMark)); bytes.Equal(head, byteOrderMark) {
		br.Discard(len(byteOrderMark))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to report the line
	header, err := cr.Read()
	if err != nil {
		im.problem(name, 1, "cannot read the header: %v", err)
		return nil
	}
	cols, ok := im.columns(name, header)
	if !ok {
		return nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			im.problem(name, perr.Line, "%v", perr.Err)
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		im.report.Rows++
		if len(rec) != len(header) {
			im.problem(name, line, "%d fields, the header has %d", len(rec), len(header))
			continue
		}
		get := func(col string) string {
			if i, ok := cols[strings.ToLower(col)]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		im.row(name, src.ID, line, get)
	}
	var opIDs []string
	for _, op := range im.operations {
		if slices.Contains(op.sources, src.ID) {
			opIDs = append(opIDs, op.id)
		}
	}
	src.Reference = "operations " + strings.Join(opIDs, ", ")
	return nil
}

// columns maps the header's names, in lower case, to their positions.
func (im *importer) columns(file string, header []string) (map[string]int, bool) {
	cols := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		if _, dup := cols[key]; dup {
			im.problem(file, 1, "column %q is given twice", h)
			return nil, false
		}
		cols[key] = i
	}
	var missing []string
	for _, c := range requiredColumns {
		if _, ok := cols[strings.ToLower(c)]; !ok {
			missing = append(missing, c)
		}
	}
	_, en := cols[strings.ToLower(colNameEn)]
	_, local := cols[strings.ToLower(colNameLocal)]
	if !en && !local {
		missing = append(missing, colNameLocal+" or "+colNameEn)
	}
	if len(missing) > 0 {
		im.problem(file, 1, "the header has no column %s", strings.Join(missing, ", "))
		return nil, false
	}
	return cols, true
}

// row reads one row into its operation.
func (im *importer) row(file, source string, line int, get func(string) string) {
	id := kohesioID(get(colOperation))
	if id == "" {
		im.problem(file, line, "%s is empty", colOperation)
		return
	}
	bad := false
	values := map[string]string{}
	for _, c := range operationColumns {
		v, err := c.read(get(c.name))
		if err != nil {
			im.problem(file, line, "%s: %v", c.name, err)
			bad = true
		}
		values[c.name] = v
	}
	beneficiaries := splitList(get(colBeneficiary), listSeparators)
	ids := splitList(get(colBeneficiaryID), listSeparators)
	for i := range ids {
		ids[i] = kohesioID(ids[i])
	}
	local := splitList(get(colBeneficiaryLoc), listSeparators)
	for _, c := range []struct {
		name string
		list []string
	}{{colBeneficiaryID, ids}, {colBeneficiaryLoc, local}} {
		if len(c.list) > 0 && len(c.list) != len(beneficiaries) {
			im.problem(file, line, "%s lists %d beneficiaries and %s %d ids", colBeneficiary, len(beneficiaries), c.name, len(c.list))
			bad = true
		}
	}
	for _, name := range beneficiaries {
		if slug(name) == "" {
			im.problem(file, line, "%s %q has no letters or digits", colBeneficiary, name)
			bad = true
		}
	}
	if bad {
		return
	}

	op := im.byOp[id]
	if op == nil {
		op = &operation{id: id, file: file, line: line, values: values, lines: map[string]int{}, lead: -1}
		for col := range values {
			op.lines[col] = line
		}
		pid := projectID(id)
		if slug(id) == "" {
			im.problem(file, line, "%s %q has no letters or digits to make an id of", colOperation, id)
			return
		}
		if other, taken := im.projectIDs[pid]; taken {
			im.problem(file, line, "operations %q and %q would both be %s", other, id, pid)
			return
		}
		im.projectIDs[pid] = id
		im.byOp[id] = op
		im.operations = append(im.operations, op)
	} else if !im.agree(file, line, op, values) {
		return
	}
	op.sources = cite(op.sources, source)

	for i, name := range beneficiaries {
		org := im.organisation(name, at(ids, i), at(local, i), source)
		im.implement(op, org.ID, source)
	}

	placed := im.places.place(get(colLAU), get(colNUTS3))
	for _, code := range placed.regions {
		op.regions = appendNew(op.regions, code)
	}
	if len(placed.unmatched) > 0 {
		p := Placement{File: file, Line: line, Operation: id, Reason: strings.Join(placed.unmatched, "; ")}
		if len(placed.regions) == 0 {
			im.report.NotPlaced = append(im.report.NotPlaced, p)
		} else {
			im.report.Unmatched = append(im.report.Unmatched, p)
		}
	}

	// A code takes the label in its place when the lists are as long; the
	// labels of lists that are not cannot be told apart, and are kept as
	// text.
	codes := splitList(get(colCategory), listSeparators)
	labels := splitList(get(colCategoryLabel), listSeparators)
	paired := len(labels) == len(codes)
	for i, code := range codes {
		c := hanke.Classification{Code: code}
		if paired {
			c.Label = labels[i]
		}
		op.categories = addClassification(op.categories, c)
	}
	if !paired {
		for _, label := range labels {
			op.uncoded = appendNew(op.uncoded, label)
		}
	}
}

// addClassification adds c to list unless it has c's code already; a label
// fills in one the list lacks.
func addClassification(list []hanke.Classification, c hanke.Classification) []hanke.Classification {
	i := slices.IndexFunc(list, func(have hanke.Classification) bool { return have.Scheme == c.Scheme && have.Code == c.Code })
	switch {
	case i < 0:
		return append(list, c)
	case list[i].Label == "":
		list[i].Label = c.Label
	}
	return list
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// agree merges a later row's operation values into the operation's: a blank
// on either side agrees, a different value is a problem.
func (im *importer) agree(file string, line int, op *operation, values map[string]string) bool {
	ok := true
	for _, c := range operationColumns {
		v, have := values[c.name], op.values[c.name]
		switch {
		case v == "" || v == have:
		case have == "":
			op.values[c.name], op.lines[c.name] = v, line
		default:
			im.problem(file, line, "operation %s: %s %q differs from %q on line %d", op.id, c.name, v, have, op.lines[c.name])
			ok = false
		}
	}
	return ok
}

// isBusinessID tells a Finnish business id (Y-tunnus), 1234567-8.
func isBusinessID(s string) bool {
	return len(s) == 9 && allDigits(s[:7]) && s[7] == '-' && allDigits(s[8:])
}

// organisation finds or makes the beneficiary's Organisation.
func (im *importer) organisation(name, kohesioID, localID, source string) *hanke.Organisation {
	var id, bid string
	switch {
	case isBusinessID(localID):
		bid = localID
	case isBusinessID(kohesioID):
		bid = kohesioID
	}
	switch {
	case bid != "":
		id = "org:y-" + bid
	case kohesioID != "":
		id = "org:kohesio-" + slug(kohesioID)
	default:
		id = "org:kohesio-name-" + slug(name)
	}
	org := im.byOrg[id]
	if org == nil {
		org = &hanke.Organisation{Base: hanke.Base{ID: id, Names: hanke.LocalizedText{Fi: name}}, Kind: hanke.OrgOther, BusinessID: bid}
		im.byOrg[id] = org
		im.orgs = append(im.orgs, org)
	} else if name != org.Names.Fi && !slices.Contains(org.AltNames, name) {
		org.AltNames = append(org.AltNames, name)
	}
	org.Sources = cite(org.Sources, source)
	return org
}

// implement makes org an implementer of op: the first one the LEAD.
func (im *importer) implement(op *operation, org, source string) {
	role := hanke.RoleCoImplementer
	if op.lead < 0 {
		role = hanke.RoleLead
	}
	i, added := im.edges.add(hanke.Edge{Type: hanke.RelImplements, From: org, To: projectID(op.id), Role: role}, source)
	if !added {
		return
	}
	op.implement++
	if role == hanke.RoleLead {
		op.lead = i
	}
}

func projectID(operation string) string { return "project:kohesio-" + slug(operation) }

// cite adds a source to a list of sources, once.
func cite(sources []string, source string) []string {
	if slices.Contains(sources, source) {
		return sources
	}
	return append(sources, source)
}

// edgeSet gathers edges, one per type and ends, each citing every file
// that gave it.
type edgeSet struct {
	list []hanke.Edge
	at   map[edgeKey]int
}

type edgeKey struct {
	t        hanke.RelType
	from, to string
}

// add adds e citing source, or cites source on the edge already there; it
// tells the edge's position and whether it is new.
func (s *edgeSet) add(e hanke.Edge, source string) (int, bool) {
	k := edgeKey{e.Type, e.From, e.To}
	if i, ok := s.at[k]; ok {
		s.list[i].Sources = cite(s.list[i].Sources, source)
		return i, false
	}
	e.Sources = []string{source}
	s.at[k] = len(s.list)
	s.list = append(s.list, e)
	return len(s.list) - 1, true
}

// graph turns what the rows said into nodes and edges: the sources, funds,
// programmes, organisations and projects, each in the order first read.
func (im *importer) graph() *hanke.Graph {
	var funds, programmes, projects []hanke.Node
	made := map[string]hanke.Node{} // funds and programmes made so far
	for _, op := range im.operations {
		v := op.values
		bad := func(format string, args ...any) {
			im.problem(op.file, op.line, "operation %s: "+format, append([]any{op.id}, args...)...)
		}
		if v[colNameLocal] == "" && v[colNameEn] == "" {
			bad("no row gives a name")
		}
		for _, c := range []string{colFund, colProgramme, colProgrammePeriod} {
			if v[c] == "" {
				bad("no row gives %s", c)
			}
		}
		if v[colStart] != "" && v[colEnd] != "" && v[colEnd] < v[colStart] {
			bad("%s %s is before %s %s", colEnd, v[colEnd], colStart, v[colStart])
		}
		if len(im.problems) > 0 {
			continue // the import fails; go on only to find every problem
		}

		fund, builtin := fundID(v[colFund])
		if !builtin {
			n, ok := made[fund].(*hanke.Fund)
			if !ok {
				n = &hanke.Fund{Base: hanke.Base{ID: fund, Names: hanke.LocalizedText{En: cmp.Or(v[colFundName], v[colFund])}}, Acronym: v[colFund]}
				made[fund] = n
				funds = append(funds, n)
			}
			n.Sources = citeAll(n.Sources, op.sources)
		}
		programme := "programme:kohesio-" + slug(v[colProgramme])
		n, ok := made[programme].(*hanke.Programme)
		if !ok {
			start, end, _ := parsePeriod(v[colProgrammePeriod])
			n = &hanke.Programme{Base: hanke.Base{ID: programme, Names: hanke.LocalizedText{En: cmp.Or(v[colProgrammeName], v[colProgramme])}}, PeriodStart: start, PeriodEnd: end}
			made[programme] = n
			programmes = append(programmes, n)
		} else if period := fmt.Sprintf("%d-%d", n.PeriodStart, n.PeriodEnd); period != v[colProgrammePeriod] {
			bad("programme %s is of the period %s here and %s elsewhere", v[colProgramme], v[colProgrammePeriod], period)
		}
		n.Sources = citeAll(n.Sources, op.sources)

		projects = append(projects, im.project(op))
		pid := projectID(op.id)
		for _, src := range op.sources {
			im.edges.add(hanke.Edge{Type: hanke.RelPartOf, From: programme, To: fund}, src)
			im.edges.add(hanke.Edge{Type: hanke.RelFundedFrom, From: pid, To: programme}, src)
			for _, code := range op.regions {
				im.edges.add(hanke.Edge{Type: hanke.RelOperatesIn, From: pid, To: hanke.RegionID(code)}, src)
			}
		}
		if op.implement > 1 {
			im.edges.list[op.lead].Note = "listed first of the operation's beneficiaries in the Kohesio export, which marks no lead"
		}
		if op.implement == 0 {
			im.report.NoBeneficiary++
		}
	}
	im.report.Operations = len(im.operations)
	im.report.Organisations = len(im.orgs)

	g := &hanke.Graph{Edges: im.edges.list}
	for _, s := range im.sources {
		g.Nodes = append(g.Nodes, s)
	}
	g.Nodes = append(g.Nodes, funds...)
	g.Nodes = append(g.Nodes, programmes...)
	for _, o := range im.orgs {
		g.Nodes = append(g.Nodes, o)
	}
	g.Nodes = append(g.Nodes, projects...)
	return g
}

// fundID is the fund a Fund_Code names: ESF and ESF+ are built in.
func fundID(code string) (id string, builtin bool) {
	switch strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToUpper(code)) {
	case "ESF":
		return "fund:esf", true
	case "ESF+", "ESFPLUS":
		return "fund:esf-plus", true
	}
	return "fund:kohesio-" + slug(code), false
}

func (im *importer) project(op *operation) *hanke.Project {
	v := op.values
	p := &hanke.Project{
		Base: hanke.Base{
			ID:      projectID(op.id),
			Names:   hanke.LocalizedText{Fi: v[colNameLocal], En: v[colNameEn]},
			Sources: op.sources,
		},
		Kind:                 hanke.KindDevelopmentProject,
		Summary:              hanke.LocalizedText{Fi: v[colSummaryLocal], En: v[colSummaryEn]},
		StartDate:            v[colStart],
		EndDate:              v[colEnd],
		TotalBudgetEur:       number(v[colTotal]),
		EUContributionEur:    number(v[colEUBudget]),
		EUCofinancingPercent: number(v[colCofinancing]),
		Identifiers:          []hanke.Identifier{{Scheme: "kohesio-operation", Value: op.id}},
	}
	if v[colLocalID] != "" {
		p.Identifiers = append(p.Identifiers, hanke.Identifier{Scheme: "kohesio-operation-local", Value: v[colLocalID]})
	}
	for _, c := range op.categories {
		c.Scheme = schemeCategory + v[colProgrammePeriod]
		p.Classifications = append(p.Classifications, c)
	}
	var note []string
	if len(op.uncoded) > 0 {
		note = append(note, "Kohesio categories of intervention, without their codes: "+strings.Join(op.uncoded, "; "))
	}
	for _, o := range []struct{ scheme, what, code, label string }{
		{schemeThematicObjective, "thematic objective", v[colThematic], v[colThematicLabel]},
		{schemePolicyObjective, "policy objective", v[colPolicy], v[colPolicyLabel]},
	} {
		switch {
		case o.code != "":
			p.Classifications = append(p.Classifications, hanke.Classification{Scheme: o.scheme, Code: o.code, Label: o.label})
		case o.label != "":
			note = append(note, "Kohesio "+o.what+", without its code: "+o.label)
		}
	}
	p.Note = strings.Join(note, ". ")
	return p
}

// number reads back a canonical number; "" is an unknown one.
func number(s string) *float64 {
	if s == "" {
		return nil
	}
	v, _ := strconv.ParseFloat(s, 64)
	return &v
}

func citeAll(sources, more []string) []string {
	for _, s := range more {
		sources = cite(sources, s)
	}
	return sources
}
