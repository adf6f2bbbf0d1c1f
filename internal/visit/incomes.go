package visit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
	ls, err := readLines(ctx, q, s, year)
	if err != nil {
		return err
	}
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return err
	}
	below := int64(st.widest(GroupLowIncome, "line_pct", true)) * ls.highest()
	kept := 100 - st.widest(GroupLowIncome, "drop_pct", false)
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.region_code, h.code, i.year, i.per_capita_fen, prev.per_capita_fen
		FROM households h JOIN household_incomes i ON i.household_id = h.id
		LEFT JOIN household_incomes prev ON prev.household_id = i.household_id AND prev.year = i.year - 1
		WHERE `+where+` AND i.year <= ? AND NOT EXISTS (SELECT 1 FROM household_incomes x
			WHERE x.household_id = i.household_id AND x.year > i.year AND x.year <= ?)
		AND (i.per_capita_fen * 100 < ? OR prev.per_capita_fen > 0 AND i.per_capita_fen * 100 < prev.per_capita_fen * ?)`,
		append(args, year, year, below, kept)...)
	if err != nil {
		return fmt.Errorf("visit: must-visit incomes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var region, code string
		var y int
		var in income
		var prev sql.NullInt64
		if err := rows.Scan(&id, &region, &code, &y, &in.fen, &prev); err != nil {
			return fmt.Errorf("visit: must-visit incomes: %w", err)
		}
		in.prevFen, in.hasPrev, in.lineFen = prev.Int64, prev.Valid, ls.fen(region, y)
		f.get(id, region, code).income = &in
	}
	return rows.Err()
}

// lines are the monitoring lines (monitoring_ranges) that may apply in a
// scope, by region code and year.
type lines map[lineKey]int64

type lineKey struct {
	region string
	year   int
}

// readLines reads the lines of the regions above and within the scope s,
// up to year.
func readLines(ctx context.Context, q store.Querier, s store.Scope, year int) (lines, error) {
	lo, hi, err := s.Range()
	if err != nil {
		return nil, err
	}
	cands := candidates(s.Prefix() + strings.Repeat("0", 12-len(s.Prefix())))
	rows, err := q.QueryContext(ctx, `SELECT region_code, year, fen FROM monitoring_ranges WHERE year <= ?
		AND (region_code IN `+store.Placeholders(1, len(cands))+` OR region_code >= ? AND region_code < ?)`,
		append(append([]any{year}, cands...), lo, hi)...)
	if err != nil {
		return nil, fmt.Errorf("visit: monitoring lines: %w", err)
	}
	defer rows.Close()
	ls := lines{}
	for rows.Next() {
		var k lineKey
		var fen int64
		if err := rows.Scan(&k.region, &k.year, &fen); err != nil {
			return nil, fmt.Errorf("visit: monitoring lines: %w", err)
		}
		ls[k] = fen
	}
	return ls, rows.Err()
}

// fen is the line of a year in force in a region: of the region's code and
// the codes of the levels above it, the set one of the longest significant
// part (the code without its trailing zeros), else the default.
func (ls lines) fen(region string, year int) int64 {
	best, n := int64(incomeline.DefaultFen), -1
	codes := []string{region}
	for _, k := range []int{2, 4, 6, 9} {
		codes = append(codes, region[:min(k, len(region))]+strings.Repeat("0", 12-k))
	}
	for _, code := range codes {
		if fen, ok := ls[lineKey{code, year}]; ok && len(strings.TrimRight(code, "0")) > n {
			best, n = fen, len(strings.TrimRight(code, "0"))
		}
	}
	return best
}

// highest is the highest line read, at least the default.
func (ls lines) highest() int64 {
	top := int64(incomeline.DefaultFen)
	for _, fen := range ls {
		top = max(top, fen)
	}
	return top
}
