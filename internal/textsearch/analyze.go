// Package textsearch is hankegraph's full-text search over names, acronyms and
// summaries in Finnish, Swedish and English: a text analyzer built on the
// Snowball stemmers, and an in-memory inverted index over it.
//
// Finnish needs more than a stemmer. Snowball's Finnish stemmer leaves the
// last letter of a stem unstable across cases ("sosiaalinen" → "sosiaalin",
// "sosiaalisen" → "sosiaalis"; "osallisuus" → "osallisuus", "osallisuuden" →
// "osallisuud"), so Finnish keys drop that letter from stems of seven letters
// or more. Finnish also writes compounds as one word ("koordinaatiohanke"),
// so a query word's whole stem, of five letters or more, also matches the keys
// it begins (the whole stem, so that "sosiaalinen" does not find
// "sosiaalirahasto").
// Case and accents are folded after stemming, so "Aland" finds "Åland".
// Stems that change inside the word (lapsi, lasten) would need a dictionary
// (a lemmatiser such as Voikko) and are not unified.
package textsearch

import (
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// tokens are the lower-case words of text, stop words left out.
func tokens(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for w := range strings.FieldsFuncSeq(strings.ToLower(text), notInWord) {
			if !stopWords[w] && !yield(w) {
				return
			}
		}
	}
}

func notInWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// variant is how one word is looked up in one language: its index key, and
// the whole folded stem that may begin a compound's key.
type variant struct {
	key, stem string
}

// variants of a word in a language; Any gives those of every language.
func variants(word string, lang Lang) []variant {
	if lang == Any {
		var out []variant
		for _, l := range []Lang{Finnish, Swedish, English} {
			if v := variants(word, l)[0]; !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	stem := Fold(Stem(word, lang))
	key := stem
	if r := []rune(stem); lang == Finnish && len(r) >= FinnishKeyLen {
		key = string(r[:len(r)-1])
	}
	return []variant{{key: key, stem: stem}}
}

// FinnishKeyLen is the length from which a Finnish stem loses its unstable
// last letter in its key; MinPrefixLen the length from which a query word's
// stem also matches the keys it begins (compounds).
const (
	FinnishKeyLen = 7
	MinPrefixLen  = 5
)

// Stem is a word's Snowball stem in a language (Finnish, Swedish or English).
func Stem(word string, lang Lang) string {
	env := snowballstem.NewEnv(word)
	stemmers[lang](env)
	return env.Current()
}

// Fold removes accents: "åland" → "aland", "edistämis" → "edistamis".
func Fold(s string) string {
	if isASCII(s) {
		return s
	}
	// A transform chain keeps state while it runs, so each call makes its
	// own: searches run concurrently.
	accents := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(accents, s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Analyze lists the index keys of a text in a language.
func Analyze(text string, lang Lang) []string {
	var out []string
	for w := range tokens(text) {
		for _, v := range variants(w, lang) {
			out = append(out, v.key)
		}
	}
	return out
}

// queryTerms analyses a query whose language is unknown: for each word, its
// variants in every language.
func queryTerms(text string) [][]variant {
	var out [][]variant
	for w := range tokens(text) {
		out = append(out, variants(w, Any))
	}
	return out
}
