package kohesio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hankegraph/hankegraph/internal/dataset"
)

// places finds the welfare regions that municipality names and NUTS 3 codes
// name, from Statistics Finland's 2023 key (dataset.Municipalities).
type places struct {
	// byName maps a folded Finnish or Swedish municipality name to the
	// welfare region codes of the municipalities of that name (one, unless
	// two names fold to the same key).
	byName map[string][]string
	// byNUTS3 maps a NUTS 3 code to the welfare regions that have
	// municipalities in it: FI1B1 (Helsinki-Uusimaa) has five.
	byNUTS3 map[string][]string
}

func newPlaces() (*places, error) {
	ms, err := dataset.Municipalities()
	if err != nil {
		return nil, err
	}
	p := &places{byName: map[string][]string{}, byNUTS3: map[string][]string{}}
	add := func(m map[string][]string, key, region string) {
		if !slices.Contains(m[key], region) {
			m[key] = append(m[key], region)
			slices.Sort(m[key])
		}
	}
	for _, m := range ms {
		add(p.byName, fold(m.Names.Fi), m.RegionCode)
		add(p.byName, fold(m.Names.Sv), m.RegionCode)
		add(p.byNUTS3, m.NUTS3, m.RegionCode)
	}
	return p, nil
}

// placement is where one row puts its operation.
type placement struct {
	regions []string // welfare region codes
	// unmatched says why each place name or code the row gives was not used.
	unmatched []string
}

// lauSeparators split a LAU_Labels cell that names several municipalities;
// no Finnish municipality's name holds any of them.
const lauSeparators = ";|,/"

// place finds a row's welfare regions: from its municipalities (LAU) when it
// names any that are known, otherwise from its NUTS 3 codes, each only where
// the code covers exactly one welfare region.
func (p *places) place(lau, nuts3 string) placement {
	var out placement
	for _, name := range splitList(lau, lauSeparators) {
		switch regions := p.byName[fold(name)]; len(regions) {
		case 0:
			out.unmatched = append(out.unmatched, fmt.Sprintf("LAU %q is not a municipality of 2023", name))
		case 1:
			out.regions = appendNew(out.regions, regions[0])
		default:
			out.unmatched = append(out.unmatched, fmt.Sprintf("LAU %q names municipalities in %d welfare regions (%s)", name, len(regions), strings.Join(regions, ", ")))
		}
	}
	if len(out.regions) > 0 {
		return out
	}
	for _, code := range splitList(strings.ToUpper(nuts3), lauSeparators) {
		switch regions := p.byNUTS3[code]; len(regions) {
		case 0:
			out.unmatched = append(out.unmatched, fmt.Sprintf("NUTS 3 %q is not a Finnish NUTS 3 region", code))
		case 1:
			out.regions = appendNew(out.regions, regions[0])
		default:
			out.unmatched = append(out.unmatched, fmt.Sprintf("NUTS 3 %s covers %d welfare regions (%s)", code, len(regions), strings.Join(regions, ", ")))
		}
	}
	if len(out.regions) == 0 && len(out.unmatched) == 0 {
		out.unmatched = []string{"no LAU_Labels and no NUTS3_Code"}
	}
	return out
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
