package neo4j

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hankegraph/hankegraph/internal/textsearch"
)

func TestTextWords(t *testing.T) {
	words := textWords("Sosiaalinen osallisuus, ja osallisuus!")
	if len(words) != 2 {
		t.Fatalf("got %d words, want 2 (the stop word and the repeat left out): %v", len(words), words)
	}
	// "sosiaalinen" (Snowball stem "sosiaalin") finds the stems one letter
	// longer than "sosiaali", as "sosiaalisen" (stem "sosiaalis"), and
	// compounds of the whole stem, but not "sosiaalirahasto".
	if got, want := words[0]["fi"], "name_fi:(sosiaalinen OR sosiaali? OR sosiaalin*)^2 OR summary_fi:(sosiaalinen OR sosiaali? OR sosiaalin*)"; got != want {
		t.Errorf("Finnish query:\n got %s\nwant %s", got, want)
	}
	if got, want := words[1]["sv"], "name_sv:(osallisuus OR osallisuus*)^2 OR summary_sv:(osallisuus OR osallisuus*)"; got != want {
		t.Errorf("Swedish query:\n got %s\nwant %s", got, want)
	}
	// "Aland" finds "Åland": the folded index folds both.
	aland := textWords("Aland")[0]["folded"]
	if !strings.HasPrefix(aland, "name_fi:(aland OR aland*)^2 OR ") || !strings.Contains(aland, " OR acronym:(aland OR aland*)^3 OR ") {
		t.Errorf("folded query for Aland: %s", aland)
	}
	for _, ix := range textIndexes {
		if _, ok := words[1][ix.key]; !ok {
			t.Errorf("no query for index %s", ix.key)
		}
	}
}

// TestKeysAreTextsearchs: the Finnish key (stem less its last letter) and
// the stems computed here are those of textsearch, folded.
func TestKeysAreTextsearchs(t *testing.T) {
	for _, w := range []string{"sosiaalinen", "osallisuuden", "lasten", "perheiden", "hyvinvointialue", "åland", "edistämisen", "delaktighet", "coordination", "thl", "2024"} {
		for _, lang := range []textsearch.Lang{textsearch.Finnish, textsearch.Swedish, textsearch.English} {
			want := textsearch.Analyze(w, lang)
			key := []rune(textsearch.Stem(w, lang))
			if lang == textsearch.Finnish && len(key) >= textsearch.FinnishKeyLen {
				key = key[:len(key)-1]
			}
			if len(want) != 1 || textsearch.Fold(string(key)) != want[0] {
				t.Errorf("%s in language %d: key %q, textsearch's %q", w, lang, textsearch.Fold(string(key)), want)
			}
		}
	}
}

func TestTextWordsOfNothing(t *testing.T) {
	for _, text := range []string{"", "   ", "ja och the", "-- !! ??"} {
		if words := textWords(text); len(words) != 0 {
			t.Errorf("%q gives words %v", text, words)
		}
	}
}

// TestTextWordsAreSafeLucene: whatever the text, the queries hold no Lucene
// syntax but what textWords writes itself: field:(term OR prefix*)^boost OR ….
func TestTextWordsAreSafeLucene(t *testing.T) {
	terms := `[\p{L}\p{N}]+[*?]?( OR [\p{L}\p{N}]+[*?]?)*`
	clause := `\w+:\(` + terms + `\)(\^\d+)?`
	query := regexp.MustCompile(`^` + clause + `( OR ` + clause + `)*$`)
	for _, text := range []string{
		`a:b (c) "d" AND* ~e\ f^2 [g TO h] {i} j&&k || !l /m/ n+o-p`, "NOT OR AND",
		"x?y*z", `koordinaatio:(hanke) "sosiaalinen~2" osallisuus^10`,
	} {
		words := textWords(text)
		if len(words) == 0 {
			t.Errorf("%q has no words", text)
		}
		for _, word := range words {
			for key, q := range word {
				if !query.MatchString(q) {
					t.Errorf("%q: the %s query %q holds more than terms", text, key, q)
				}
			}
		}
	}
}

func TestTextWordsAreCapped(t *testing.T) {
	var text []string
	for i := range 2 * maxWords {
		text = append(text, fmt.Sprintf("sana%d", i))
	}
	if n := len(textWords(strings.Join(text, " "))); n != maxWords {
		t.Errorf("got %d words, want %d", n, maxWords)
	}
}
