package kohesio

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hankegraph/hankegraph/internal/textsearch"
)

var dayMonthYear = regexp.MustCompile(`^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$`)

// parseDate reads Kohesio's DD/MM/YYYY (a one-digit day or month is
// accepted) into an ISO date; an empty cell is an unknown date.
func parseDate(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	m := dayMonthYear.FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("%q is not a date DD/MM/YYYY", s)
	}
	iso := fmt.Sprintf("%s-%02s-%02s", m[3], m[2], m[1])
	if _, err := time.Parse(time.DateOnly, iso); err != nil {
		return "", fmt.Errorf("%q is not a date DD/MM/YYYY", s)
	}
	return iso, nil
}

// groupedByThrees tells whether s is digits grouped by threes with sep
// between the groups ("8 494 046", "8,494,046").
func groupedByThrees(s string, sep byte) bool {
	groups := strings.Split(s, string(sep))
	if len(groups[0]) > 3 || !allDigits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseAmount reads an amount of euros as exports and spreadsheets write it:
// "8494046", "8494046.00", "8 494 046,00" (spaces, also no-break spaces, as
// thousands separators and a decimal comma), "8,494,046.00" or
// "8.494.046,00". What cannot be read one way only is refused rather than
// guessed: "8,494" could be eight thousand or eight euros. A single dot is a
// decimal point, Kohesio's own notation. An empty cell is an unknown amount.
func parseAmount(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	fail := func(why string) (*float64, error) { return nil, fmt.Errorf("amount %q: %s", s, why) }
	t := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return '_' // a thousands separator, checked below
		}
		return r
	}, s)
	if strings.HasPrefix(t, "-") {
		return fail("negative")
	}
	// Split off the decimals: after the last of '.' and ',' when it is
	// followed by one or two digits, or the only '.'.
	whole, decimals := t, ""
	if i := strings.LastIndexAny(t, ".,"); i >= 0 {
		tail := t[i+1:]
		switch {
		case len(tail) >= 1 && len(tail) <= 2 && allDigits(tail):
			whole, decimals = t[:i], tail
		case t[i] == '.' && strings.Count(t, ".") == 1 && !strings.Contains(t, ","):
			whole, decimals = t[:i], tail
		case t[i] == ',' && strings.Count(t, ",") == 1 && !strings.ContainsAny(t, "._") && len(tail) == 3:
			return fail("a single comma before three digits could be a thousands separator or a decimal comma")
		}
	}
	if decimals != "" && !allDigits(decimals) {
		return fail("not a number")
	}
	var sep byte
	for _, c := range []byte{'_', ',', '.'} {
		if strings.IndexByte(whole, c) >= 0 {
			if sep != 0 {
				return fail("mixes thousands separators")
			}
			sep = c
		}
	}
	if sep != 0 && !groupedByThrees(whole, sep) || sep == 0 && !allDigits(whole) {
		return fail("not a number")
	}
	digits := whole
	if sep != 0 {
		digits = strings.ReplaceAll(whole, string(sep), "")
	}
	if decimals != "" {
		digits += "." + decimals
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return fail("not a number")
	}
	return &v, nil
}

// parsePercent reads a co-financing rate in per cent ("44.68", "44,68",
// "44.68 %"); a rate outside 0–100 is refused, since a fraction (0.4468)
// cannot be told from a small percentage.
func parsePercent(s string) (*float64, error) {
	v, err := parseAmount(strings.TrimSpace(strings.TrimSuffix(s, "%")))
	if err != nil || v == nil {
		return v, err
	}
	if *v > 100 {
		return nil, fmt.Errorf("co-financing rate %q is over 100 %%", s)
	}
	return v, nil
}

var periodPattern = regexp.MustCompile(`^([0-9]{4})\s*[-–/]\s*([0-9]{4})$`)

// parsePeriod reads a programming period, "2014-2020".
func parsePeriod(s string) (start, end int, err error) {
	m := periodPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Errorf("programming period %q is not YYYY-YYYY", s)
	}
	start, _ = strconv.Atoi(m[1])
	end, _ = strconv.Atoi(m[2])
	if end < start {
		return 0, 0, errors.New("programming period " + s + " ends before it starts")
	}
	return start, end, nil
}

// splitList splits a cell that lists several values; empty items are dropped.
func splitList(s, separators string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(separators, r) }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// entityURLs are the forms of a Kohesio id that exports may give in place of
// its Q-number: the URL of its entity in Kohesio's knowledge graph.
var entityURLs = []string{"https://linkedopendata.eu/entity/", "http://linkedopendata.eu/entity/"}

// kohesioID is a Kohesio operation or beneficiary id as its Q-number
// ("Q7441479", as Kohesio's pages show it), whether the cell gives the
// number or its entity's URL, so that both forms make the same node; any
// other value is kept as it is.
func kohesioID(s string) string {
	for _, prefix := range entityURLs {
		if q, ok := strings.CutPrefix(s, prefix); ok && len(q) > 1 && q[0] == 'Q' && strings.Trim(q[1:], "0123456789") == "" {
			return q
		}
	}
	return s
}

// fold is the key names are matched by: lower case, no accents, single
// spaces ("ÅLAND " and "aland" are the same name).
func fold(s string) string {
	return strings.Join(strings.Fields(textsearch.Fold(strings.ToLower(s))), " ")
}

// slug makes an id part from any text: folded, with every run of characters
// other than letters a–z and digits turned into one hyphen.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return b.String()
}
