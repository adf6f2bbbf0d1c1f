// Package incomeline keeps the yearly monitoring income line (防止返贫监测
// 范围, 收入监测标准): a per-capita net income in fen, set per year by a
// province, city or county. The most specific region's line wins.
package incomeline

import (
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// DefaultFen is the line used where no region sets one for the year
// (docs/figures.md: 7,800 元).
const DefaultFen = 780000

//go:embed monitoring-range.csv
var seedCSV string

// Line is the income line in force for a region and year.
type Line struct {
	Fen    int64
	Region string // the region that set it; "" for the default
	Year   int
}

// Table holds the lines that may apply in a scope, read once, for callers
// that ask about many households (the screen, the must-visit list). It
// answers by the one rule: of the region's code and the codes of the levels
// above it, the line set for the most specific one, else DefaultFen.
type Table struct {
	lines   map[int]map[string]Line // year → region code → line
	highest int64
}

// Load reads the lines of the regions above the scope and within it, for
// the years up to maxYear (every year when maxYear is 0).
func Load(ctx context.Context, q store.Querier, scope store.Scope, maxYear int) (*Table, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	above := regcode.Ancestors(regcode.Pad(scope.Prefix()))
	for _, c := range above {
		args = append(args, c)
	}
	if len(above) > 0 {
		where = "(" + where + " OR region_code IN " + store.Placeholders(1, len(above)) + ")"
	}
	if maxYear > 0 {
		where, args = where+" AND year <= ?", append(args, maxYear)
	}
	t := &Table{lines: map[int]map[string]Line{}, highest: DefaultFen}
	err = store.Each(ctx, q, "incomeline: load", func(rows store.Scanner) error {
		var l Line
		if err := rows.Scan(&l.Region, &l.Year, &l.Fen); err != nil {
			return err
		}
		if t.lines[l.Year] == nil {
			t.lines[l.Year] = map[string]Line{}
		}
		t.lines[l.Year][l.Region] = l
		t.highest = max(t.highest, l.Fen)
		return nil
	}, "SELECT region_code, year, fen FROM monitoring_ranges WHERE "+where, args...)
	return t, err
}

// Line is the line in force for a region (a village or any level) in a year.
func (t *Table) Line(region string, year int) Line {
	codes := regcode.Ancestors(region)
	for i := len(codes) - 1; i >= 0; i-- {
		if l, ok := t.lines[year][codes[i]]; ok {
			return l
		}
	}
	return Line{Fen: DefaultFen, Year: year}
}

// Fen is the line's amount: Line(region, year).Fen.
func (t *Table) Fen(region string, year int) int64 { return t.Line(region, year).Fen }

// Highest is the highest line loaded, at least DefaultFen: a bound for a
// query that reads the incomes that may lie below some line.
func (t *Table) Highest() int64 { return t.highest }

// Lookup returns the line for one region (a village or any level) in a year,
// by the rule of Table.
func Lookup(ctx context.Context, q store.Querier, region string, year int) (Line, error) {
	s, err := store.ScopeOf(region)
	if err != nil {
		return Line{}, fmt.Errorf("incomeline: lookup %q: %w", region, err)
	}
	t, err := Load(ctx, q, s, year)
	if err != nil {
		return Line{}, err
	}
	return t.Line(region, year), nil
}

// Set stores a region's line for a year (an admin's setting).
func Set(ctx context.Context, q store.Querier, region string, year int, fen int64, source string) error {
	if !regcode.Valid(region) {
		return store.ErrBadRegion
	}
	if year < 2020 || year > 2100 || fen <= 0 || fen > 10000000 {
		return fmt.Errorf("incomeline: %d年 %d分 is not a plausible line", year, fen)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO monitoring_ranges (region_code, year, fen, source, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (region_code, year) DO UPDATE SET fen = excluded.fen, source = excluded.source, updated_at = excluded.updated_at`,
		region, year, fen, source, store.Now())
	return err
}

// Seed loads the lines found in public sources for the (region, year) pairs
// not set yet; it never overwrites a stored line.
func Seed(ctx context.Context, q store.Querier) error {
	rows, err := csv.NewReader(strings.NewReader(seedCSV)).ReadAll()
	if err != nil {
		return fmt.Errorf("incomeline: seed: %w", err)
	}
	for _, r := range rows[1:] {
		year, err1 := strconv.Atoi(r[1])
		yuan, err2 := strconv.ParseInt(r[2], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("incomeline: seed row %v", r)
		}
		_, err := q.ExecContext(ctx, `INSERT INTO monitoring_ranges (region_code, year, fen, source, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (region_code, year) DO NOTHING`, r[0], year, yuan*100,
			"seed: "+r[4], store.Now())
		if err != nil {
			return fmt.Errorf("incomeline: seed: %w", err)
		}
	}
	return nil
}
