package kohesio

import (
	"strings"
	"testing"
)

func TestAmounts(t *testing.T) {
	for in, want := range map[string]float64{
		"8494046":                8494046,
		"8494046.00":             8494046,
		"8494046.5":              8494046.5,
		"8 494 046,00":           8494046,
		"8\u00a0494\u00a0046,00": 8494046,
		"8\u202f494\u202f046":    8494046,
		"8,494,046.00":           8494046,
		"8.494.046,00":           8494046,
		"8,494,046":              8494046,
		"8.494.046":              8494046,
		"1234,56":                1234.56,
		"0":                      0,
		"8.494":                  8.494, // a single dot is a decimal point, as Kohesio writes
	} {
		got, err := parseAmount(in)
		if err != nil || got == nil || *got != want {
			t.Errorf("%q: got %v %v, want %v", in, got, err, want)
		}
	}
	for in, reason := range map[string]string{
		"8,494":       "could be a thousands separator or a decimal comma",
		"-100":        "negative",
		"8 494,046.5": "mixes thousands separators",
		"84 94 046":   "not a number",
		"12,3456":     "not a number",
		"€ 100":       "not a number",
		"abc":         "not a number",
		"1.234,567":   "mixes thousands separators",
	} {
		if _, err := parseAmount(in); err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("%q: got %v, want %q", in, err, reason)
		}
	}
	if v, err := parseAmount(""); v != nil || err != nil {
		t.Errorf("an empty cell is an unknown amount: %v %v", v, err)
	}
}

func TestPercentDatesPeriodsAndSlugs(t *testing.T) {
	for in, want := range map[string]float64{"44.68": 44.68, "44,68": 44.68, "44.68 %": 44.68, "100": 100} {
		if got, err := parsePercent(in); err != nil || *got != want {
			t.Errorf("percent %q: %v %v", in, got, err)
		}
	}
	if _, err := parsePercent("4468"); err == nil {
		t.Error("a rate over 100 % must be refused")
	}
	for in, want := range map[string]string{"01/10/2014": "2014-10-01", "1/9/2023": "2023-09-01", "": ""} {
		if got, err := parseDate(in); err != nil || got != want {
			t.Errorf("date %q: %q %v", in, got, err)
		}
	}
	for _, in := range []string{"2014-10-01", "10/01/14", "31/04/2020", "01.10.2014"} {
		if _, err := parseDate(in); err == nil {
			t.Errorf("date %q should be refused", in)
		}
	}
	if s, e, err := parsePeriod("2014 – 2020"); s != 2014 || e != 2020 || err != nil {
		t.Errorf("period: %d %d %v", s, e, err)
	}
	for in, want := range map[string]string{"TEST-ESF-001": "test-esf-001", " Ålands  Landskaps/Reg. ": "alands-landskaps-reg", "2014FI16M2OP001": "2014fi16m2op001"} {
		if got := slug(in); got != want {
			t.Errorf("slug %q: %q, want %q", in, got, want)
		}
	}
}

// Every Finnish and Swedish municipality name names one welfare region, so
// that folding case and accents never makes a name ambiguous.
func TestMunicipalityNamesAreUnambiguous(t *testing.T) {
	p, err := newPlaces()
	if err != nil {
		t.Fatal(err)
	}
	for name, regions := range p.byName {
		if len(regions) != 1 {
			t.Errorf("%q names %v", name, regions)
		}
	}
	if got := p.place("Mariehamn", ""); len(got.regions) != 1 || got.regions[0] != "91" {
		t.Errorf("Mariehamn: %+v", got)
	}
}
