package neo4j

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/textsearch"
)

// Statement is one Cypher statement the store runs: a static text whose
// inputs are all parameters. Labels and relationship types are spliced in
// only here, at package initialisation, from the closed lists in package
// hanke; nothing taken from input ever becomes Cypher text.
type Statement struct {
	Name string
	Text string
}

// registry holds every statement, in the order defined.
var registry []Statement

// define adds a statement to the registry.
func define(name, text string) Statement {
	st := Statement{Name: name, Text: strings.TrimSpace(text)}
	registry = append(registry, st)
	return st
}

// Statements lists every Cypher statement the store can run, by name, so
// that CI can check each with Neo4j's own Cypher front end.
func Statements() []Statement {
	out := slices.Clone(registry)
	slices.SortFunc(out, func(a, b Statement) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// metaLabel marks the one node that holds the graph's version stamp. It is
// not a domain label, so no read of the domain ever sees it.
const metaLabel = "Meta"

// The statements, built once. The variants of a statement (per label, per
// direction, per order) are derived from closed lists rather than written
// out, so that they cannot drift apart.
var (
	pingStatement    = define("ping", `RETURN 1 AS ok`)
	versionStatement = define("version", `OPTIONAL MATCH (m:Meta {id: 'graph'}) RETURN m.version AS version`)
	bumpVersion      = define("load.version", `MERGE (m:Meta {id: 'graph'}) SET m.version = $version`)

	// nodesStatement looks nodes up by id, through each label's uniqueness
	// index: $ids maps each label to the ids of that label.
	nodesStatement = define("nodes", unionAll(func(l hanke.Label) string {
		return fmt.Sprintf("UNWIND $ids.%s AS id MATCH (n:%s {id: id}) RETURN n", l, l)
	}))

	edgeStatements = defineEdgeStatements()
	allStatements  = defineAllStatements()

	projectStatements      = defineProjectStatements()
	projectIDStatements    = defineProjectIDStatements()
	organisationStatements = defineOrganisationStatements()
	// searchStatement ranks like the embedded store: the summed score of the
	// words a node matches, scaled by the share of the words it matches.
	searchStatement = define("search", textMatches+`
WITH node, score * matched / size($words) AS score
ORDER BY score DESC, node.id
LIMIT $limit
RETURN node, score`)

	// classificationsStatement counts the projects of each classification
	// key (see classificationKeys), with the first label a project gives
	// it, in id order. It reads every project (no index of Neo4j's holds a
	// list's elements), which the embedded store's filter index spares.
	classificationsStatement = define("classifications", `MATCH (p:Project) WHERE p.classificationKeys IS NOT NULL
WITH p ORDER BY p.id
UNWIND range(0, size(p.classificationKeys) - 1) AS i
WITH p.classificationKeys[i] AS key, p.id AS id, coalesce(p.classificationLabels[i], '') AS label
WITH key, count(DISTINCT id) AS projects, [l IN collect(label) WHERE l <> ''] AS labels
RETURN key, projects, coalesce(labels[0], '') AS label
ORDER BY key`)

	// snapshotStatement streams every node of a domain label, then every
	// relationship of a domain type, in one read transaction.
	snapshotStatement = define("snapshot", unionAll(func(l hanke.Label) string {
		return fmt.Sprintf("MATCH (n:%s) RETURN n AS node, null AS rel, null AS from, null AS to", l)
	})+fmt.Sprintf("\nUNION ALL\nMATCH (a)-[r:%s]->(b) RETURN null AS node, r AS rel, a.id AS from, b.id AS to", strings.Join(relTypeNames(), "|")))

	loadNodeStatements = defineLoadNodeStatements()
	loadEdgeStatements = defineLoadEdgeStatements()
	schemaStatements   = defineSchemaStatements()
)

// unionAll joins one query per domain label with UNION ALL, so that a
// single statement reaches every label's index in one round trip.
func unionAll(query func(hanke.Label) string) string {
	parts := make([]string, len(hanke.Labels))
	for i, l := range hanke.Labels {
		parts[i] = query(l)
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

func relTypeNames() []string {
	out := make([]string, len(hanke.AllRelTypes))
	for i, t := range hanke.AllRelTypes {
		out[i] = string(t)
	}
	return out
}

// edgePatterns are the relationship patterns around n for each direction.
var edgePatterns = map[hanke.Direction]struct{ name, pattern string }{
	hanke.Outgoing: {"out", "(n)-[r]->(m)"},
	hanke.Incoming: {"in", "(n)<-[r]-(m)"},
	hanke.Both:     {"both", "(n)-[r]-(m)"},
}

// defineEdgeStatements makes, per direction, the statement that expands the
// relationships of many nodes: for each node its total and one page, ordered
// by type and then by the other end's id. $types empty means every type;
// $role empty means any role; $neighbours says whether each edge comes with
// the node at its other end.
func defineEdgeStatements() map[hanke.Direction]Statement {
	out := map[hanke.Direction]Statement{}
	for _, d := range []hanke.Direction{hanke.Outgoing, hanke.Incoming, hanke.Both} {
		p := edgePatterns[d].pattern
		where := "WHERE (size($types) = 0 OR type(r) IN $types) AND ($role = '' OR r.role = $role)"
		out[d] = define("edges."+edgePatterns[d].name, unionAll(func(l hanke.Label) string {
			return fmt.Sprintf(`UNWIND $ids.%[1]s AS id
MATCH (n:%[1]s {id: id})
RETURN id,
  COUNT { MATCH %[2]s %[3]s } AS total,
  COLLECT { MATCH %[2]s %[3]s
    RETURN {rel: r, from: startNode(r).id, to: endNode(r).id, neighbour: CASE WHEN $neighbours THEN m END} AS edge
    ORDER BY type(r), m.id SKIP $offset LIMIT $limit } AS edges`, l, p, where)
		}))
	}
	return out
}

func defineAllStatements() map[hanke.Label]Statement {
	out := map[hanke.Label]Statement{}
	for _, l := range hanke.Labels {
		out[l] = define("all."+string(l), fmt.Sprintf("MATCH (n:%s) RETURN n ORDER BY n.id", l))
	}
	return out
}

// textIndexes are the full-text indexes, one per analyzer: each language's
// texts with Lucene's analyzer for that language (Finnish for Finnish), and
// every text, acronyms and other names too, with an analyzer that only
// folds case and accents. Sources are not searched, as in every store. See
// text.go for how they are queried.
var textIndexes = []textIndex{
	{"fi", "finnish", textsearch.Finnish, []textField{{"name_fi", 2}, {"summary_fi", 1}}},
	{"sv", "swedish", textsearch.Swedish, []textField{{"name_sv", 2}, {"summary_sv", 1}}},
	{"en", "english", textsearch.English, []textField{{"name_en", 2}, {"summary_en", 1}}},
	{"folded", "standard-folding", textsearch.Any, []textField{
		{"name_fi", 2}, {"name_sv", 2}, {"name_en", 2},
		{"summary_fi", 1}, {"summary_sv", 1}, {"summary_en", 1},
		{"acronym", 3}, {"altNames", 2},
	}},
}

type textIndex struct {
	key      string // the index is named hanke_text_<key>; $words[i].<key> is its query
	analyzer string
	lang     textsearch.Lang // the analyzer's language; Any for the folded index
	fields   []textField
}

// textField is a property a full-text index holds, with the weight a match
// in it has: names weigh more than summaries, as in the embedded store.
type textField struct {
	property string
	boost    int
}

var searchedLabels = slices.DeleteFunc(slices.Clone(hanke.Labels), func(l hanke.Label) bool { return l == hanke.LabelSource })

func textIndexName(key string) string { return "hanke_text_" + key }

// textMatches finds the nodes that match the words of a text query. $words
// holds one Lucene query per index for each word of the text (see
// textQuery); a node matches a word when any index finds it for that word.
// It yields each node with its summed score and how many words it matched,
// which is how both search (any word, more words first) and the text filter
// (every word) are defined.
var textMatches = func() string {
	branches := make([]string, len(textIndexes))
	for i, ix := range textIndexes {
		branches[i] = fmt.Sprintf("  CALL db.index.fulltext.queryNodes('%s', word.%s) YIELD node, score RETURN node, score",
			textIndexName(ix.key), ix.key)
	}
	return `UNWIND $words AS word
CALL (word) {
` + strings.Join(branches, "\n  UNION ALL\n") + `
}
WITH word, node, max(score) AS wordScore
WITH node, sum(wordScore) AS score, count(word) AS matched`
}()

// pageOf collects the ordered rows of variable v into one page and the total.
func pageOf(v string) string {
	return fmt.Sprintf(`WITH collect(%[1]s) AS matching
RETURN size(matching) AS total, matching[$offset..$end] AS page`, v)
}

// orderBy orders by a property with nodes that lack it last, in id order,
// and then by id; descending reverses both keys (see hanke.ProjectQuery).
func orderBy(v, prop string, desc bool) string {
	if !desc {
		return fmt.Sprintf("ORDER BY %[1]s.%[2]s IS NULL, %[1]s.%[2]s, %[1]s.id", v, prop)
	}
	return fmt.Sprintf("ORDER BY %[1]s.%[2]s IS NULL, %[1]s.%[2]s DESC, CASE WHEN %[1]s.%[2]s IS NULL THEN %[1]s.id END, %[1]s.id DESC", v, prop)
}

// candidates is where a page query starts: every node of the label, or,
// with a text filter, the nodes of the label that match every word.
func candidates(v string, l hanke.Label, text bool) string {
	if !text {
		return fmt.Sprintf("MATCH (%s:%s)", v, l)
	}
	return fmt.Sprintf("%s\nWITH node AS %s WHERE %s:%s AND matched = size($words)\nWITH %s", textMatches, v, v, l, v)
}

// projectOrderProperties gives each project order its property.
var projectOrderProperties = map[hanke.ProjectOrderField]string{
	hanke.OrderByName:        "sortName",
	hanke.OrderByStartDate:   "startDate",
	hanke.OrderByEndDate:     "endDate",
	hanke.OrderByTotalBudget: "totalBudgetEur",
}

// projectFilter is hanke.ProjectFilter in Cypher; an empty list or a null
// date leaves its condition out.
const projectFilter = `WHERE (size($kinds) = 0 OR p.kind IN $kinds)
  AND ($activeOn IS NULL OR (p.startDate <= $activeOn AND (p.endDate IS NULL OR p.endDate >= $activeOn)))
  AND ($from IS NULL OR (p.startDate IS NOT NULL AND (p.endDate IS NULL OR p.endDate >= $from)))
  AND ($to IS NULL OR p.startDate <= $to)
  AND (size($funds) = 0 OR EXISTS { MATCH (p)-[:FUNDED_FROM]->(:Programme)-[:PART_OF]->(f:Fund) WHERE f.id IN $funds })
  AND (size($programmes) = 0 OR EXISTS { MATCH (p)-[:FUNDED_FROM]->(g:Programme) WHERE g.id IN $programmes })
  AND (size($regions) = 0
    OR EXISTS { MATCH (p)-[:OPERATES_IN]->(r:WelfareRegion) WHERE r.id IN $regions }
    OR EXISTS { MATCH (p)<-[:IMPLEMENTS|PARTNER_IN]-(:Organisation)-[:LOCATED_IN]->(r:WelfareRegion) WHERE r.id IN $regions })
  AND (size($sectors) = 0 OR EXISTS { MATCH (p)-[:TARGETS]->(:Sector)-[:PART_OF*0..1]->(s:Sector) WHERE s.id IN $sectors })
  AND (size($implementers) = 0 OR EXISTS { MATCH (p)<-[:IMPLEMENTS]-(o:Organisation) WHERE o.id IN $implementers })
  AND (size($funders) = 0 OR EXISTS { MATCH (p)<-[:FUNDS]-(o:Organisation) WHERE o.id IN $funders })
  AND (size($classifications) = 0 OR any(k IN coalesce(p.classificationKeys, []) WHERE k IN $classifications))`

// pageVariant picks a page statement: with or without a text filter, in
// which order, which way.
type pageVariant struct {
	text  bool
	order hanke.ProjectOrderField
	desc  bool
}

func (v pageVariant) name(what string) string {
	name := what
	if v.text {
		name += ".text"
	}
	if v.order != "" {
		name += "." + projectOrderProperties[v.order]
	}
	if v.desc {
		name += ".desc"
	}
	return name
}

func defineProjectStatements() map[pageVariant]Statement {
	out := map[pageVariant]Statement{}
	for _, text := range []bool{false, true} {
		for order, prop := range projectOrderProperties {
			for _, desc := range []bool{false, true} {
				v := pageVariant{text, order, desc}
				out[v] = define(v.name("projects"), strings.Join([]string{
					candidates("p", hanke.LabelProject, text),
					projectFilter,
					"WITH p " + orderBy("p", prop, desc),
					pageOf("p"),
				}, "\n"))
			}
		}
	}
	return out
}

// defineProjectIDStatements makes the statements that list the ids of the
// projects a filter selects, by id (which the uniqueness index on id serves
// in order), with and without a text filter.
func defineProjectIDStatements() map[bool]Statement {
	out := map[bool]Statement{}
	for _, text := range []bool{false, true} {
		name := "projects.ids"
		if text {
			name += ".text"
		}
		out[text] = define(name, strings.Join([]string{
			candidates("p", hanke.LabelProject, text),
			projectFilter,
			"RETURN p.id AS id ORDER BY id",
		}, "\n"))
	}
	return out
}

func defineOrganisationStatements() map[pageVariant]Statement {
	out := map[pageVariant]Statement{}
	for _, text := range []bool{false, true} {
		for _, desc := range []bool{false, true} {
			v := pageVariant{text: text, desc: desc}
			out[v] = define(v.name("organisations"), strings.Join([]string{
				candidates("o", hanke.LabelOrganisation, text),
				`WHERE (size($kinds) = 0 OR o.kind IN $kinds)
  AND (size($regions) = 0 OR EXISTS { MATCH (o)-[:LOCATED_IN]->(r:WelfareRegion) WHERE r.id IN $regions })`,
				"WITH o " + orderBy("o", "sortName", desc),
				pageOf("o"),
			}, "\n"))
		}
	}
	return out
}

// Load writes each label's nodes and each kind of relationship in batches of
// rows. SET n = row.props replaces every property, so a node loaded again
// is replaced, not merged field by field. Each statement returns how many
// rows it wrote, which Load checks.
func defineLoadNodeStatements() map[hanke.Label]Statement {
	out := map[hanke.Label]Statement{}
	for _, l := range hanke.Labels {
		out[l] = define("load.node."+string(l), fmt.Sprintf(`UNWIND $rows AS row
MERGE (n:%s {id: row.id})
SET n = row.props
RETURN count(n) AS written`, l))
	}
	return out
}

// edgeKind is a relationship type between two labels: the relationship's
// statement matches both ends through their labels' indexes.
type edgeKind struct {
	rel      hanke.RelType
	from, to hanke.Label
}

// edgeKinds lists every type with every pair of labels it may join, in a
// stable order.
func edgeKinds() []edgeKind {
	var out []edgeKind
	for _, t := range hanke.AllRelTypes {
		ends := hanke.RelTypes[t]
		for _, from := range ends.From {
			for _, to := range ends.To {
				out = append(out, edgeKind{t, from, to})
			}
		}
	}
	return out
}

func defineLoadEdgeStatements() map[edgeKind]Statement {
	out := map[edgeKind]Statement{}
	for _, k := range edgeKinds() {
		out[k] = define(fmt.Sprintf("load.edge.%s.%s.%s", k.rel, k.from, k.to), fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s) WHERE a.id = row.from
MATCH (b:%s) WHERE b.id = row.to
MERGE (a)-[r:%s]->(b)
SET r = row.props
RETURN count(r) AS written`, k.from, k.to, k.rel))
	}
	return out
}

// rangeIndexes are the properties filters and orders look nodes up by.
var rangeIndexes = func() map[hanke.Label][]string {
	project := []string{"kind"}
	for _, prop := range projectOrderProperties {
		project = append(project, prop)
	}
	slices.Sort(project)
	return map[hanke.Label][]string{
		hanke.LabelProject:      project,
		hanke.LabelOrganisation: {"kind", "sortName"},
	}
}()

// defineSchemaStatements makes the schema: a uniqueness constraint on id for
// every label (which is also the index every lookup by id uses), the range
// indexes, the full-text indexes, and finally a wait for the indexes to be
// online, so that a store is searchable as soon as Migrate returns.
func defineSchemaStatements() []Statement {
	var out []Statement
	for _, l := range append(slices.Clone(hanke.Labels), metaLabel) {
		name := strings.ToLower(string(l)) + "_id"
		out = append(out, define("schema.constraint."+name,
			fmt.Sprintf("CREATE CONSTRAINT %s IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", name, l)))
	}
	for _, l := range hanke.Labels {
		for _, prop := range rangeIndexes[l] {
			name := strings.ToLower(string(l)) + "_" + prop
			out = append(out, define("schema.index."+name,
				fmt.Sprintf("CREATE INDEX %s IF NOT EXISTS FOR (n:%s) ON (n.%s)", name, l, prop)))
		}
	}
	labels := make([]string, len(searchedLabels))
	for i, l := range searchedLabels {
		labels[i] = string(l)
	}
	for _, ix := range textIndexes {
		fields := make([]string, len(ix.fields))
		for i, f := range ix.fields {
			fields[i] = "n." + f.property
		}
		out = append(out, define("schema.fulltext."+ix.key, fmt.Sprintf(
			"CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [%s] OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}",
			textIndexName(ix.key), strings.Join(labels, "|"), strings.Join(fields, ", "), ix.analyzer)))
	}
	return append(out, define("schema.await", "CALL db.awaitIndexes($timeoutSeconds)"))
}
