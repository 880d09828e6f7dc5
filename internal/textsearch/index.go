package textsearch

import (
	"container/heap"
	"math"
	"runtime"
	"slices"
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

type posting struct {
	doc    int32
	weight float32
}

// postingList is a key's postings, in document order, and the highest
// weight among them, which bounds what the key can add to a score.
type postingList struct {
	postings []posting
	heaviest float32
}

// Index is an inverted index from keys to documents, which Build makes. It
// is safe for concurrent searches.
type Index struct {
	postings map[string]postingList
	sorted   []string // every key, sorted, for prefix matches
	docs     int
}

// buildChunk is how many documents a worker indexes at a time.
const buildChunk = 1024

// Build indexes the documents 0…n-1 on every CPU. fields appends a
// document's texts to buf and returns it (a number it gives no fields is no
// document); it is called concurrently, each worker reusing its buf. Each
// worker remembers how it analysed each word, since names and summaries
// repeat their words.
func Build(n int, fields func(doc int32, buf []Field) []Field) *Index {
	chunks := make([]map[string][]posting, (n+buildChunk-1)/buildChunk)
	var next, docs atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			a := analyzer{words: map[wordIn][]variant{}, weights: map[string]float64{}}
			var buf []Field
			for c := int(next.Add(1) - 1); c < len(chunks); c = int(next.Add(1) - 1) {
				part := map[string][]posting{}
				for doc := c * buildChunk; doc < min(n, (c+1)*buildChunk); doc++ {
					buf = fields(int32(doc), buf[:0])
					if len(buf) == 0 {
						continue // not a document: it counts for no word's rarity
					}
					docs.Add(1)
					for k, w := range a.keys(buf) {
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
	ix := &Index{postings: make(map[string]postingList, len(size)), sorted: make([]string, 0, len(size)), docs: int(docs.Load())}
	for k, count := range size {
		ix.postings[k] = postingList{postings: make([]posting, 0, count)}
		ix.sorted = append(ix.sorted, k)
	}
	for _, part := range chunks {
		for k, ps := range part {
			l := ix.postings[k]
			l.postings = append(l.postings, ps...)
			for _, p := range ps {
				l.heaviest = max(l.heaviest, p.weight)
			}
			ix.postings[k] = l
		}
	}
	sort.Strings(ix.sorted)
	return ix
}

// analyzer analyses documents, remembering each word's variants.
type analyzer struct {
	words   map[wordIn][]variant
	weights map[string]float64 // the document being analysed's, reused
}

type wordIn struct {
	word string
	lang Lang
}

// keys are a document's keys, each with the highest boost of the fields it
// is in; they are the analyzer's until the next document.
func (a analyzer) keys(fields []Field) map[string]float64 {
	clear(a.weights)
	for _, f := range fields {
		for w := range tokens(f.Text) {
			vs, ok := a.words[wordIn{w, f.Lang}]
			if !ok {
				vs = variants(w, f.Lang)
				a.words[wordIn{w, f.Lang}] = vs
			}
			for _, v := range vs {
				a.weights[v.key] = max(a.weights[v.key], f.Boost)
			}
		}
	}
	return a.weights
}

// Search ranks the documents that match any word of the query: each word
// adds its best-matching key's weight times its rarity, and documents that
// match more of the words come first. It walks the postings of every key the
// words match together, in document order, scoring each document once, and
// keeps the best limit: a common word costs a pass over its postings, not a
// map and a sort of every document it matches. The walk stops once the best
// limit all score as high as any document can: later documents, which come
// after them at an equal score, cannot take their places.
func (ix *Index) Search(query string, limit int) []Hit {
	terms := queryTerms(query)
	var cursors cursorHeap
	highest := make([]float64, len(terms)) // the most each word can add to a score
	for t, alternatives := range terms {
		for _, k := range ix.keysOf(alternatives) {
			l := ix.postings[k.key]
			idf := math.Log(1 + float64(ix.docs)/float64(len(l.postings)))
			c := &cursor{postings: l.postings, term: t, factor: idf * k.discount}
			cursors = append(cursors, c)
			highest[t] = max(highest[t], float64(l.heaviest)*c.factor)
		}
	}
	bound := 0.0
	for _, h := range highest {
		bound += h
	}
	heap.Init(&cursors)
	best := make([]float64, len(terms)) // the current document's score for each word
	top := &hitHeap{}
	for len(cursors) > 0 {
		if limit > 0 && len(top.hits) == limit && top.hits[0].Score >= bound {
			break
		}
		doc := cursors[0].postings[0].doc
		clear(best)
		for len(cursors) > 0 && cursors[0].postings[0].doc == doc {
			c := cursors[0]
			best[c.term] = max(best[c.term], float64(c.postings[0].weight)*c.factor)
			if c.postings = c.postings[1:]; len(c.postings) == 0 {
				heap.Pop(&cursors)
			} else {
				heap.Fix(&cursors, 0)
			}
		}
		score, matched := 0.0, 0
		for _, s := range best {
			if s > 0 {
				score += s
				matched++
			}
		}
		top.offer(Hit{doc, score * float64(matched) / float64(len(terms))}, limit)
	}
	hits := top.hits
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.worseThan(b) {
			return 1
		}
		return -1
	})
	return hits
}

// cursor walks one key's postings for one word of a query.
type cursor struct {
	postings []posting // those not yet walked
	term     int       // the word's place in the query
	factor   float64   // the key's rarity and discount
}

// cursorHeap orders cursors by their next document.
type cursorHeap []*cursor

func (h cursorHeap) Len() int           { return len(h) }
func (h cursorHeap) Less(i, j int) bool { return h[i].postings[0].doc < h[j].postings[0].doc }
func (h cursorHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// worseThan orders hits: lower scores, then higher document numbers, are worse.
func (h Hit) worseThan(o Hit) bool {
	if h.Score != o.Score {
		return h.Score < o.Score
	}
	return h.Doc > o.Doc
}

// hitHeap keeps the best hits offered, the worst of them on top.
type hitHeap struct{ hits []Hit }

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return h.hits[i].worseThan(h.hits[j]) }
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(Hit)) }
func (h *hitHeap) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}

// offer keeps hit if it is among the best limit so far.
func (h *hitHeap) offer(hit Hit, limit int) {
	switch {
	case limit <= 0:
	case len(h.hits) < limit:
		heap.Push(h, hit)
	case h.hits[0].worseThan(hit):
		h.hits[0] = hit
		heap.Fix(h, 0)
	}
}

// Match is the documents that match every word of the query, as a filter
// needs, ascending; nil when the query has no words.
func (ix *Index) Match(query string) []int32 {
	var docs []int32
	for i, alternatives := range queryTerms(query) {
		var lists [][]posting
		for _, k := range ix.keysOf(alternatives) {
			lists = append(lists, ix.postings[k.key].postings)
		}
		matched := union(lists)
		if i > 0 {
			matched = intersect(docs, matched)
		}
		docs = matched
	}
	return docs
}

// union is the documents of postings lists, ascending, once each.
func union(lists [][]posting) []int32 {
	out := []int32{}
	for _, ps := range lists {
		for _, p := range ps {
			out = append(out, p.doc)
		}
	}
	if len(lists) > 1 { // each list is in document order already
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}

// intersect is the documents in both ascending lists.
func intersect(a, b []int32) []int32 {
	out := []int32{}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// matchedKey is a key one query word matches, with the discount of the match.
type matchedKey struct {
	key      string
	discount float64
}

// keysOf lists the keys one query word matches: each of its variants' key
// whole, and, for a long enough stem, the keys it begins (compounds).
func (ix *Index) keysOf(alternatives []variant) []matchedKey {
	var out []matchedKey
	for _, v := range alternatives {
		if _, ok := ix.postings[v.key]; ok {
			out = append(out, matchedKey{v.key, 1})
		}
		if len([]rune(v.stem)) < MinPrefixLen {
			continue
		}
		for i := sort.SearchStrings(ix.sorted, v.stem); i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], v.stem); i++ {
			if ix.sorted[i] != v.key {
				out = append(out, matchedKey{ix.sorted[i], prefixWeight})
			}
		}
	}
	return out
}
