// Package textsearch is hankegraph's full-text search over names, acronyms and
// summaries in Finnish, Swedish and English: a text analyzer built on the
// Snowball stemmers, and an in-memory inverted index over it.
//
// Finnish needs more than a stemmer. Snowball's Finnish stemmer leaves the
// last letter of a stem unstable across cases ("sosiaalinen" → "sosiaalin",
// "sosiaalisen" → "sosiaalis"; "osallisuus" → "osallisuus", "osallisuuden" →
// "osallisuud"), so Finnish keys drop that letter from stems of seven letters
// or more. Finnish also writes compounds as one word ("koordinaatiohanke"),
// so a query key of five letters or more also matches the keys it begins.
// Case and accents are folded after stemming, so "Aland" finds "Åland".
// Stems that change inside the word (lapsi, lasten) would need a dictionary
// (a lemmatiser such as Voikko) and are not unified.
package textsearch

import (
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/swedish"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Lang is the language of a text; Any is a text in no one language (an
// acronym, a proper name), analysed with every stemmer.
type Lang int

const (
	Any Lang = iota
	Finnish
	Swedish
	English
)

var stemmers = map[Lang]func(*snowballstem.Env) bool{
	Finnish: finnish.Stem,
	Swedish: swedish.Stem,
	English: english.Stem,
}

// stopWords are the commonest words of the three languages, which would
// otherwise match nearly everything.
var stopWords = map[string]bool{
	"ja": true, "sekä": true, "tai": true, "on": true, "ei": true,
	"och": true, "i": true, "av": true, "för": true, "med": true, "som": true, "till": true, "på": true,
	"and": true, "of": true, "the": true, "in": true, "for": true, "to": true, "a": true,
}

// tokens splits text into lower-case words.
func tokens(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// keys are the index keys of one word in one language: its folded stem.
func keys(word string, lang Lang) []string {
	if lang == Any {
		seen := map[string]bool{}
		var out []string
		for _, l := range []Lang{Finnish, Swedish, English} {
			for _, k := range keys(word, l) {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
		return out
	}
	env := snowballstem.NewEnv(word)
	stemmers[lang](env)
	stem := env.Current()
	if lang == Finnish {
		if r := []rune(stem); len(r) >= 7 {
			stem = string(r[:len(r)-1])
		}
	}
	return []string{fold(stem)}
}

var accents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// fold removes accents: "åland" → "aland", "edistämis" → "edistamis".
func fold(s string) string {
	out, _, err := transform.String(accents, s)
	if err != nil {
		return s
	}
	return out
}

// Analyze lists the index keys of a text in a language, one a word.
func Analyze(text string, lang Lang) []string {
	var out []string
	for _, w := range tokens(text) {
		out = append(out, keys(w, lang)...)
	}
	return out
}

// queryTerms analyses a query whose language is unknown: for each word, the
// keys it has in any language.
func queryTerms(text string) [][]string {
	var out [][]string
	for _, w := range tokens(text) {
		out = append(out, keys(w, Any))
	}
	return out
}
