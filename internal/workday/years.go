package workday

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"fangpin/internal/store"
)

// YearStatus summarises one year of the calendar for the admin page.
type YearStatus struct {
	Year      int
	Complete  bool   // the year's notice is fully loaded
	Source    string // who set Complete: SourceOfficial, SourceAdmin, or "" (no year row)
	UpdatedAt string // when Complete was set (UTC, RFC 3339), "" without a year row
	Off       int    // listed days off
	Workdays  int    // listed make-up working days
	AdminDays int    // listed days last set by an administrator
}

// Years lists every year that has a calendar_years row or a listed day, in
// order. Years absent from the list are missing too; see Calendar.MissingYears.
func Years(ctx context.Context, q store.Querier) ([]YearStatus, error) {
	byYear := map[int]*YearStatus{}
	if err := readYearRows(ctx, q, byYear); err != nil {
		return nil, err
	}
	if err := countDays(ctx, q, byYear); err != nil {
		return nil, err
	}
	out := make([]YearStatus, 0, len(byYear))
	for _, s := range byYear {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b YearStatus) int { return a.Year - b.Year })
	return out, nil
}

func yearOf(byYear map[int]*YearStatus, y int) *YearStatus {
	s := byYear[y]
	if s == nil {
		s = &YearStatus{Year: y}
		byYear[y] = s
	}
	return s
}

func readYearRows(ctx context.Context, q store.Querier, byYear map[int]*YearStatus) error {
	return store.Each(ctx, q, "workday: read calendar years", func(rows store.Scanner) error {
		var y, c int
		var src, at string
		if err := rows.Scan(&y, &c, &src, &at); err != nil {
			return err
		}
		s := yearOf(byYear, y)
		s.Complete, s.Source, s.UpdatedAt = c == 1, src, at
		return nil
	}, "SELECT year, complete, source, updated_at FROM calendar_years")
}

func countDays(ctx context.Context, q store.Querier, byYear map[int]*YearStatus) error {
	return store.Each(ctx, q, "workday: count calendar days", func(rows store.Scanner) error {
		var ys, kind, src string
		var n int
		if err := rows.Scan(&ys, &kind, &src, &n); err != nil {
			return err
		}
		y, err := strconv.Atoi(ys)
		if err != nil {
			return fmt.Errorf("workday: calendar_days has a day in year %q", ys)
		}
		addCount(yearOf(byYear, y), kind, src, n)
		return nil
	}, `SELECT substr(day, 1, 4), kind, source, count(*) FROM calendar_days
		GROUP BY substr(day, 1, 4), kind, source`)
}

func addCount(s *YearStatus, kind, source string, n int) {
	if kind == Workday {
		s.Workdays += n
	} else {
		s.Off += n
	}
	if source == SourceAdmin {
		s.AdminDays += n
	}
}
