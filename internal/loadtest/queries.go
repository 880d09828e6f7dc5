package loadtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// query is one kind of request the load test sends.
type query struct {
	name string
	// field is the Query field it needs; a schema without it skips the query.
	field string
	text  string
	// variables gives the i-th request's variables, so that requests vary
	// over the graph rather than repeat one answer.
	variables func(s *sample, i int) map[string]any
}

// sample is what the requests vary over.
type sample struct {
	projects []string // random project ids of the loaded graph
	sectors  []string // the graph's sectors and domains
}

var regionCodes = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "90", "91"}

var days = []string{"2010-06-01", "2016-03-01", "2019-09-01", "2023-01-15", "2025-05-05"}

// searches are in the words of the real record and of the synthetic names.
var searches = []string{"osallisuus", "nuorten polku", "perheiden hyvinvointi", "sosiaalinen osallisuus", "työllisyys",
	"koordinaatio", "inclusion", "Koivulahden malli", "maahanmuuttajien kumppanuus", "ikääntyneiden arki"}

var queries = []query{
	{
		name:  "nested entity query",
		field: "project",
		text: `query Nested($id: ID!) { project(id: $id) { id name acronym startDate endDate totalBudgetEur
  implementers { role organisation { id name kind projects(first: 5) { totalCount edges { node { id name } } } } }
  partners { organisation { id name } } regions { code name } sectors { id name }
  programmes { priority programme { name } } sources { title } } }`,
		variables: func(s *sample, i int) map[string]any { return map[string]any{"id": s.projects[i%len(s.projects)]} },
	},
	{
		name:  "filtered page",
		field: "projects",
		text: `query Filtered($region: ID!, $day: Date!) { projects(filter: { region: [$region], activeOn: $day },
  orderBy: { field: START_DATE, direction: DESC }, first: 20) {
  totalCount edges { cursor node { id name startDate endDate } } pageInfo { hasNextPage endCursor } } }`,
		variables: func(s *sample, i int) map[string]any {
			return map[string]any{"region": regionCodes[i%len(regionCodes)], "day": days[i%len(days)]}
		},
	},
	{
		name:  "region statistics under a filter",
		field: "regionStats",
		text: `query Stats($day: Date!, $sector: ID!) { regionStats(filter: { activeOn: $day, sector: [$sector] }) {
  region { code } projects implementers partners organisations } }`,
		variables: func(s *sample, i int) map[string]any {
			return map[string]any{"day": days[i%len(days)], "sector": s.sectors[i%len(s.sectors)]}
		},
	},
	{
		// Through implementers only: a project's depth-2 neighbourhood over
		// every relationship would reach its welfare regions and their
		// hundred thousand projects, which the API refuses (over 5 000 nodes).
		name:  "depth-2 neighbourhood",
		field: "neighbourhood",
		text: `query Around($id: ID!) { neighbourhood(id: $id, depth: 2, relationships: [IMPLEMENTS]) {
  nodes { id name } edges { type from to } } }`,
		variables: func(s *sample, i int) map[string]any { return map[string]any{"id": s.projects[i%len(s.projects)]} },
	},
	{
		name:      "search",
		field:     "search",
		text:      `query Search($text: String!) { search(text: $text, first: 10) { score node { __typename id name } } }`,
		variables: func(s *sample, i int) map[string]any { return map[string]any{"text": searches[i%len(searches)]} },
	},
}

// bodies are the request bodies of a query, as many as there are sample
// projects.
func (q query) bodies(s *sample) [][]byte {
	out := make([][]byte, len(s.projects))
	for i := range out {
		b, err := json.Marshal(map[string]any{"query": q.text, "variables": q.variables(s, i)})
		if err != nil {
			panic(fmt.Sprintf("%s: %v", q.name, err)) // the variables are plain values
		}
		out[i] = b
	}
	return out
}

// sampleSize is how many projects the requests vary over.
const sampleSize = 1000

// newSample picks n project ids at random (with a fixed seed, so runs vary
// over the same ids). The ids are copied: the load generator shares the
// process with the server, and the graph they were read from (a million
// ids, and the blocks their text is in) should not stay behind for the
// server's garbage collector to go through every cycle.
func newSample(projects, sectors []string, n int) *sample {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &sample{projects: make([]string, n)}
	for i := range s.projects {
		s.projects[i] = strings.Clone(projects[rng.IntN(len(projects))])
	}
	for _, id := range sectors {
		s.sectors = append(s.sectors, strings.Clone(id))
	}
	return s
}
