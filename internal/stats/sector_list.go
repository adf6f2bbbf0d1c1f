package stats

import (
	"context"

	"fangpin/internal/store"
)

// SectorRow is an entry of a figure's list with the person and household
// it names, as recorded now (the ID number masked, and sealed for a full
// export).
type SectorRow struct {
	SectorEntry
	HouseholdCode string
	Name          string
	IDMasked      string
	IDEnc         []byte
}

// SectorRows reads the persons and households of entries (of a
// SectorDetail computed in the caller's scope), in the entries' order.
func SectorRows(ctx context.Context, q store.Querier, entries []SectorEntry) ([]SectorRow, error) {
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, e.Person)
	}
	type person struct {
		code, name, masked string
		enc                []byte
	}
	found := map[int64]person{}
	err := eachIDs(ids, func(in string, args []any) error {
		return store.Each(ctx, q, "stats: sector list", func(rows store.Scanner) error {
			var id int64
			var p person
			if err := rows.Scan(&id, &p.code, &p.name, &p.masked, &p.enc); err != nil {
				return err
			}
			found[id] = p
			return nil
		}, `SELECT p.id, h.code, p.name, p.id_masked, p.id_enc FROM persons p
			JOIN households h ON h.id = p.household_id WHERE p.id IN `+in, args...)
	})
	if err != nil {
		return nil, err
	}
	out := make([]SectorRow, len(entries))
	for i, e := range entries {
		p := found[e.Person]
		out[i] = SectorRow{SectorEntry: e, HouseholdCode: p.code, Name: p.name, IDMasked: p.masked, IDEnc: p.enc}
	}
	return out, nil
}
