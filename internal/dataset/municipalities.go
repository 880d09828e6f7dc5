package dataset

import "github.com/hankegraph/hankegraph/internal/hanke"

// Municipality is one of the 309 municipalities of 2023, from the built-in
// regions/municipalities-2023.csv (Statistics Finland's classification key).
// Importers place projects in welfare regions through it.
type Municipality struct {
	Code  string
	Names hanke.LocalizedText
	// RegionCode is the welfare region's code ("01"…"21", "90", "91").
	RegionCode string
	// NUTS3 is the municipality's NUTS 3 region (NUTS 2021).
	NUTS3 string
}

// Municipalities lists the 2023 municipalities in the file's order.
func Municipalities() ([]Municipality, error) {
	rows, err := readCSV("builtin/regions/municipalities-2023.csv")
	if err != nil {
		return nil, err
	}
	out := make([]Municipality, len(rows))
	for i, r := range rows {
		out[i] = Municipality{
			Code:       r["municipality_code"],
			Names:      hanke.LocalizedText{Fi: r["name_fi"], Sv: r["name_sv"], En: r["name_en"]},
			RegionCode: r["welfare_region_code"],
			NUTS3:      r["nuts3_code"],
		}
	}
	return out, nil
}
