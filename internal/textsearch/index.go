package textsearch

import (
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Field is one text of a document, in its language, with a weight (names
// weigh more than summaries).
type Field struct {
	Text  string
	Lang  Lang
	Boost float64
}

// Hit is a matching document and its relevance.
type Hit struct {
	Doc   int32
	Score float64
}

// prefixWeight discounts a compound match ("koordinaatio" in
// "koordinaatiohanke") against a match of the whole word.
const prefixWeight = 0.7

// minPrefixLen is the shortest query key that also matches the keys it begins;
// shorter ones would match half the vocabulary.
const minPrefixLen = 5

type posting struct {
	doc    int32
	weight float32
}

// Index is an inverted index from keys to documents, which Build makes. It
// is safe for concurrent searches.
type Index struct {
	postings map[string][]posting
	sorted   []string // every key, sorted, for prefix matches
	docs     int
}

// buildChunk is how many documents a worker indexes at a time.
const buildChunk = 1024

// Build indexes the documents 0…n-1, whose texts fields gives, on every CPU
// (fields is called concurrently). Each worker remembers how it analysed
// each word, since names and summaries repeat their words.
func Build(n int, fields func(doc int32) []Field) *Index {
	chunks := make([]map[string][]posting, (n+buildChunk-1)/buildChunk)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			a := analyzer{}
			for c := int(next.Add(1) - 1); c < len(chunks); c = int(next.Add(1) - 1) {
				part := map[string][]posting{}
				for doc := c * buildChunk; doc < min(n, (c+1)*buildChunk); doc++ {
					for k, w := range a.weights(fields(int32(doc))) {
						part[k] = append(part[k], posting{int32(doc), float32(w)})
					}
				}
				chunks[c] = part
			}
		})
	}
	wg.Wait()

	// Join the chunks' postings in document order, each key's list allocated once.
	size := map[string]int{}
	for _, part := range chunks {
		for k, ps := range part {
			size[k] += len(ps)
		}
	}
	ix := &Index{postings: make(map[string][]posting, len(size)), sorted: make([]string, 0, len(size)), docs: n}
	for k, count := range size {
		ix.postings[k] = make([]posting, 0, count)
		ix.sorted = append(ix.sorted, k)
	}
	for _, part := range chunks {
		for k, ps := range part {
			ix.postings[k] = append(ix.postings[k], ps...)
		}
	}
	sort.Strings(ix.sorted)
	return ix
}

// NewIndex makes an empty index, to Add documents to one by one and Seal.
func NewIndex() *Index { return &Index{postings: map[string][]posting{}} }

// Add indexes a document's fields.
func (ix *Index) Add(doc int32, fields ...Field) {
	for k, w := range (analyzer{}).weights(fields) {
		ix.postings[k] = append(ix.postings[k], posting{doc, float32(w)})
	}
	ix.docs++
}

// Seal readies the index for searching.
func (ix *Index) Seal() {
	ix.sorted = make([]string, 0, len(ix.postings))
	for k := range ix.postings {
		ix.sorted = append(ix.sorted, k)
	}
	sort.Strings(ix.sorted)
}

// analyzer analyses documents, remembering each word's variants.
type analyzer map[wordIn][]variant

type wordIn struct {
	word string
	lang Lang
}

// weights are a document's keys, each with the highest boost of the fields it is in.
func (a analyzer) weights(fields []Field) map[string]float64 {
	out := map[string]float64{}
	for _, f := range fields {
		for _, w := range tokens(f.Text) {
			vs, ok := a[wordIn{w, f.Lang}]
			if !ok {
				vs = variants(w, f.Lang)
				a[wordIn{w, f.Lang}] = vs
			}
			for _, v := range vs {
				out[v.key] = max(out[v.key], f.Boost)
			}
		}
	}
	return out
}

// Search ranks the documents that match any word of the query: each word
// adds its best-matching key's weight times its rarity, and documents that
// match more of the words come first.
func (ix *Index) Search(query string, limit int) []Hit {
	terms := queryTerms(query)
	score := map[int32]float64{}
	matched := map[int32]int{}
	for _, alternatives := range terms {
		for doc, s := range ix.termScores(alternatives) {
			score[doc] += s
			matched[doc]++
		}
	}
	hits := make([]Hit, 0, len(score))
	for doc, s := range score {
		hits = append(hits, Hit{doc, s * float64(matched[doc]) / float64(len(terms))})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Doc < hits[j].Doc
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// Match is the set of documents that match every word of the query, as a
// filter needs; nil when the query has no words.
func (ix *Index) Match(query string) map[int32]bool {
	var docs map[int32]bool
	for _, alternatives := range queryTerms(query) {
		scores := ix.termScores(alternatives)
		next := make(map[int32]bool, len(scores))
		for doc := range scores {
			if docs == nil || docs[doc] {
				next[doc] = true
			}
		}
		docs = next
	}
	return docs
}

// termScores scores the documents one query word matches, through any of its
// keys, whole or as the beginning of a compound.
func (ix *Index) termScores(alternatives []variant) map[int32]float64 {
	best := map[int32]float64{}
	add := func(key string, discount float64) {
		ps := ix.postings[key]
		idf := math.Log(1 + float64(ix.docs)/float64(len(ps)))
		for _, p := range ps {
			best[p.doc] = max(best[p.doc], float64(p.weight)*idf*discount)
		}
	}
	for _, v := range alternatives {
		add(v.key, 1)
		if len([]rune(v.stem)) < minPrefixLen {
			continue
		}
		for i := sort.SearchStrings(ix.sorted, v.stem); i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], v.stem); i++ {
			if ix.sorted[i] != v.key {
				add(ix.sorted[i], prefixWeight)
			}
		}
	}
	return best
}
