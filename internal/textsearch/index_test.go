package textsearch

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var docs = []struct {
	fields []Field
}{
	{[]Field{{"Sokra – Sosiaalisen osallisuuden edistämisen koordinaatiohanke", Finnish, 2}, {"Social inclusion coordination project", English, 2}}},
	{[]Field{{"Lasten, nuorten ja perheiden osallisuuden koordinaatio", Finnish, 2}, {"Koordination av barns, ungas och familjers delaktighet", Swedish, 2}}},
	{[]Field{{"Ahvenanmaa", Finnish, 2}, {"Åland", Swedish, 2}}},
	{[]Field{{"Helsingin kaupunki", Finnish, 2}}},
	{[]Field{{"Työterveyslaitos", Finnish, 2}, {"TTL", Any, 2}}},
}

func index() *Index {
	return Build(len(docs), func(doc int32, buf []Field) []Field { return append(buf, docs[doc].fields...) })
}

func TestSearchUnderstandsInflectionCaseAndAccents(t *testing.T) {
	ix := index()
	for _, c := range []struct {
		query string
		want  int32
	}{
		{"sosiaalinen osallisuus", 0},   // base forms find inflected ones
		{"SOSIAALISEN OSALLISUUDEN", 0}, // and case does not matter
		{"koordinaatiohanke", 0},
		{"nuorten osallisuutta", 1}, // partitive
		{"barn delaktighet", 1},     // Swedish
		{"inclusion", 0},            // English
		{"Aland", 2},                // accents folded
		{"ahvenanmaan", 2},
		{"Helsinki", 3},
		{"ttl", 4},
	} {
		hits := ix.Search(c.query, 3)
		if len(hits) == 0 || hits[0].Doc != c.want {
			t.Errorf("%q: got %v, want doc %d first", c.query, hits, c.want)
		}
	}
}

func TestAWordFindsCompoundsItBegins(t *testing.T) {
	hits := index().Search("koordinaatio", 5)
	if len(hits) != 2 || hits[0].Doc != 1 || hits[1].Doc != 0 {
		t.Fatalf("got %v, want the whole word (doc 1) before the compound (doc 0)", hits)
	}
}

func TestSearchRanksDocumentsMatchingMoreWordsFirst(t *testing.T) {
	hits := index().Search("osallisuuden koordinaatio lasten", 5)
	if len(hits) < 2 || hits[0].Doc != 1 || hits[1].Doc != 0 {
		t.Fatalf("got %v", hits)
	}
}

func TestMatchNeedsEveryWord(t *testing.T) {
	ix := index()
	got := ix.Match("osallisuus nuorten")
	if len(got) != 1 || got[0] != 1 {
		t.Errorf("got %v, want only doc 1", got)
	}
	if got := ix.Match("koordinaatio"); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("a word and the compounds it begins: got %v, want docs 0 and 1 in order", got)
	}
	if got := ix.Match("osallisuus ahvenanmaa"); len(got) != 0 {
		t.Errorf("got %v, want none", got)
	}
	if ix.Match("  ") != nil {
		t.Error("an empty query should match nothing in particular (nil)")
	}
}

func TestStopWordsAndShortKeysDoNotMatchEverything(t *testing.T) {
	if hits := index().Search("ja", 5); len(hits) != 0 {
		t.Errorf("'ja' matched %v", hits)
	}
}

func TestAShortenedFinnishKeyDoesNotBeginOtherCompounds(t *testing.T) {
	ix := Build(1, func(_ int32, buf []Field) []Field { return append(buf, Field{"Euroopan sosiaalirahasto", Finnish, 1}) })
	if hits := ix.Search("sosiaalinen", 5); len(hits) != 0 {
		t.Errorf("'sosiaalinen' found 'sosiaalirahasto': %v", hits)
	}
}

// Searches run concurrently on one index (run with -race to see it).
func TestConcurrentSearches(t *testing.T) {
	ix := index()
	done := make(chan bool)
	for range 8 {
		go func() {
			for range 200 {
				if hits := ix.Search("Åland sosiaalisen edistämisen", 3); len(hits) == 0 {
					t.Error("no hits")
				}
			}
			done <- true
		}()
	}
	for range 8 {
		<-done
	}
}

// Build splits the documents among workers; the index is the same as one
// built document by document: every document found, in document order.
func TestBuildIndexesEveryChunk(t *testing.T) {
	const n = 3*buildChunk + 17
	words := []string{"osallisuus", "hyvinvointi", "työllisyys"}
	ix := Build(n, func(doc int32, buf []Field) []Field {
		return append(buf, Field{Text: words[doc%3] + " hanke", Lang: Finnish, Boost: 1})
	})
	for i, w := range words {
		got := ix.Match(w)
		if len(got) != (n+2-i)/3 {
			t.Errorf("%s: %d documents", w, len(got))
		}
	}
	ps := ix.postings[Analyze("hanke", Finnish)[0]].postings
	if len(ps) != n || cap(ps) != n {
		t.Fatalf("hanke: %d postings (capacity %d), want %d", len(ps), cap(ps), n)
	}
	for i, p := range ps {
		if p.doc != int32(i) {
			t.Fatalf("posting %d is document %d", i, p.doc)
		}
	}
}

// The best hits are the same whether the walk stops early, once they score
// as high as any document can, or goes through every posting (with room for
// every match, it never stops early): over documents whose words, fields and
// boosts vary, many of them tying at the highest score.
func TestStoppingEarlyKeepsTheBestHits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"osallisuus", "nuorten", "polku", "perheiden", "hyvinvointi", "koordinaatio", "työllisyys", "kumppanuus"}
	pick := func(n int) string {
		var ws []string
		for range n {
			ws = append(ws, words[rng.IntN(len(words))])
		}
		return strings.Join(ws, " ")
	}
	corpus := make([][]Field, 5000)
	for d := range corpus {
		corpus[d] = []Field{{Text: pick(1 + rng.IntN(3)), Lang: Finnish, Boost: 3}, {Text: pick(rng.IntN(8)), Lang: Finnish, Boost: 1}}
	}
	ix := Build(len(corpus), func(doc int32, buf []Field) []Field { return append(buf, corpus[doc]...) })
	for i := range 300 {
		query := pick(1 + i%3)
		limit := 1 + rng.IntN(20)
		all := ix.Search(query, len(corpus))
		if got, want := ix.Search(query, limit), all[:min(limit, len(all))]; !slices.Equal(got, want) {
			t.Fatalf("%q, %d: got %v, want %v", query, limit, got, want)
		}
	}
}
