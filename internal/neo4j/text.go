package neo4j

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hankegraph/hankegraph/internal/textsearch"
)

// Text queries find what the embedded store's text index (package
// textsearch) finds, through Neo4j's full-text indexes. textsearch matches
// a word through its Snowball stem in each language, folded: the stems'
// keys must be equal (Finnish keys drop the stem's last letter, which
// Snowball leaves unstable), or the query's whole stem, of textsearch.MinPrefixLen
// letters or more, may begin the key of a compound. Lucene's Finnish,
// Swedish and English analyzers stem with the same Snowball algorithms (the
// English one with Porter's, its ancestor), so for each word:
//
//   - a language's index gets the word itself, which its analyzer stems to
//     match equal stems; the stem as a prefix (stem*), for compounds; and,
//     in Finnish, the stem without its last letter followed by any one
//     letter (key?), which is textsearch's key equality. "sosiaalinen"
//     (stem "sosiaalin") thus finds "Sosiaalisen" (stem "sosiaalis") but not
//     "sosiaalirahasto".
//   - the folded index, whose analyzer only folds case and accents, gets the
//     word and its folded stems as prefixes, which is how "Aland" finds
//     "Åland" and acronyms and other names match.
//
// The words, stems and keys are letters and digits only, so they hold none
// of Lucene's syntax characters and need no escaping; they are lower case,
// so none is an operator (AND, OR, NOT). The tests check that the keys
// computed here are textsearch's.

// maxWords caps the words of a text query: each word costs one full-text
// query per index.
const maxWords = 32

// indexTerms are the terms that find word in an index of the language
// lang, or in the folded index for textsearch.Any; see above.
func indexTerms(word string, lang textsearch.Lang) []string {
	terms := []string{word}
	add := func(term string) {
		if !slices.Contains(terms, term) {
			terms = append(terms, term)
		}
	}
	if lang == textsearch.Any {
		for _, l := range []textsearch.Lang{textsearch.Finnish, textsearch.Swedish, textsearch.English} {
			if s := textsearch.Fold(textsearch.Stem(word, l)); len([]rune(s)) >= textsearch.MinPrefixLen {
				add(s + "*")
			}
		}
		return terms
	}
	s := []rune(textsearch.Stem(word, lang))
	if lang == textsearch.Finnish && len(s) >= textsearch.FinnishKeyLen {
		add(string(s[:len(s)-1]) + "?")
	}
	if len(s) >= textsearch.MinPrefixLen {
		add(string(s) + "*")
	}
	return terms
}

// textWords turns a text query into the $words parameter of textMatches:
// for each distinct word that is not a stop word (split as textsearch
// splits), one Lucene query per full-text index.
func textWords(text string) []map[string]string {
	var out []map[string]string
	var seen []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if slices.Contains(seen, w) || len(textsearch.Analyze(w, textsearch.Finnish)) == 0 {
			continue // a repeat, or a stop word
		}
		seen = append(seen, w)
		word := map[string]string{}
		for _, ix := range textIndexes {
			word[ix.key] = luceneQuery(ix.fields, indexTerms(w, ix.lang))
		}
		out = append(out, word)
		if len(out) == maxWords {
			break
		}
	}
	return out
}

// luceneQuery matches any of the terms in any of the fields, each field
// weighted by its boost: name_fi:(a OR b*)^2 OR summary_fi:(a OR b*).
func luceneQuery(fields []textField, terms []string) string {
	group := "(" + strings.Join(terms, " OR ") + ")"
	clauses := make([]string, len(fields))
	for i, f := range fields {
		clauses[i] = f.property + ":" + group
		if f.boost != 1 {
			clauses[i] += fmt.Sprintf("^%d", f.boost)
		}
	}
	return strings.Join(clauses, " OR ")
}
