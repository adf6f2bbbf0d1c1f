package visit

import (
	"context"
	"database/sql"

	"fangpin/internal/civil"
	"fangpin/internal/incomeline"
	"fangpin/internal/store"
)

// incomes reads the latest 人均纯收入 of a year up to the list's of the
// scope's households, with the year before's, where it may be low by the
// widest low-income setting and the highest line; each is then judged in
// Go by its own setting and line.
func (f facts) incomes(ctx context.Context, q store.Querier, s store.Scope, st settings, c clock) error {
	year := c.asOf.In(civil.Zone).Year()
	ls, err := incomeline.Load(ctx, q, s, year)
	if err != nil {
		return err
	}
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return err
	}
	below := int64(st.widest(GroupLowIncome, "line_pct", true)) * ls.Highest()
	kept := 100 - st.widest(GroupLowIncome, "drop_pct", false)
	return store.Each(ctx, q, "visit: must-visit incomes", func(rows store.Scanner) error {
		var id int64
		var region, code string
		var y int
		var in income
		var prev sql.NullInt64
		if err := rows.Scan(&id, &region, &code, &y, &in.fen, &prev); err != nil {
			return err
		}
		in.prevFen, in.hasPrev, in.lineFen = prev.Int64, prev.Valid, ls.Fen(region, y)
		f.get(id, region, code).income = &in
		return nil
	}, `SELECT h.id, h.region_code, h.code, i.year, i.per_capita_fen, prev.per_capita_fen
		FROM households h JOIN household_incomes i ON i.household_id = h.id
		LEFT JOIN household_incomes prev ON prev.household_id = i.household_id AND prev.year = i.year - 1
		WHERE `+where+` AND i.year <= ? AND NOT EXISTS (SELECT 1 FROM household_incomes x
			WHERE x.household_id = i.household_id AND x.year > i.year AND x.year <= ?)
		AND (i.per_capita_fen * 100 < ? OR prev.per_capita_fen > 0 AND i.per_capita_fen * 100 < prev.per_capita_fen * ?)`,
		append(args, year, year, below, kept)...)
}
