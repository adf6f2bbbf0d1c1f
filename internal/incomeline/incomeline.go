// Package incomeline keeps the yearly monitoring income line (防止返贫监测
// 范围, 收入监测标准): a per-capita net income in fen, set per year by a
// province, city or county. The most specific region's line wins.
package incomeline

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// DefaultFen is the line used where no region sets one for the year
// (CONTRACT §6: 7,800 元).
const DefaultFen = 780000

//go:embed monitoring-range.csv
var seedCSV string

// Line is the income line in force for a region and year.
type Line struct {
	Fen    int64
	Region string // the region that set it; "" for the default
	Year   int
}

// Lookup returns the line for a village (or any region) in a year: the line
// of the longest region prefix that set one for that year, else DefaultFen.
func Lookup(ctx context.Context, q store.Querier, region string, year int) (Line, error) {
	var codes []any
	for _, n := range []int{2, 4, 6, 9, 12} {
		if len(region) >= n {
			codes = append(codes, region[:n]+strings.Repeat("0", 12-n))
		}
	}
	if len(codes) == 0 {
		return Line{}, fmt.Errorf("incomeline: region %q", region)
	}
	l := Line{Year: year}
	err := q.QueryRowContext(ctx, `SELECT region_code, fen FROM monitoring_ranges WHERE year = ? AND region_code IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",")+`) ORDER BY length(rtrim(region_code, '0')) DESC LIMIT 1`,
		append([]any{year}, codes...)...).Scan(&l.Region, &l.Fen)
	if errors.Is(err, sql.ErrNoRows) {
		return Line{Fen: DefaultFen, Year: year}, nil
	}
	if err != nil {
		return Line{}, fmt.Errorf("incomeline: lookup: %w", err)
	}
	return l, nil
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
