package workday

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fangpin/internal/store"
)

// Seed loads the embedded official calendar for every year it covers
// (2024–2026) that has no calendar_years row yet, marking the year complete.
// It is idempotent: a year already present, including one an administrator
// created or edited, is left alone, and a seeded day never replaces a row an
// administrator set.
func Seed(ctx context.Context, db *store.DB) error {
	days, err := official()
	if err != nil {
		return fmt.Errorf("workday: seed: %w", err)
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		have, err := knownYears(ctx, tx)
		if err != nil {
			return err
		}
		for _, y := range yearsOf(days) {
			if !have[y] {
				if err := seedYear(ctx, tx, y, daysOfYear(days, y)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func knownYears(ctx context.Context, q store.Querier) (map[int]bool, error) {
	have := map[int]bool{}
	err := store.Each(ctx, q, "workday: read calendar years", func(rows store.Scanner) error {
		var y int
		if err := rows.Scan(&y); err != nil {
			return err
		}
		have[y] = true
		return nil
	}, "SELECT year FROM calendar_years")
	return have, err
}

func seedYear(ctx context.Context, q store.Querier, year int, days []Day) error {
	if err := writeDays(ctx, q, days, SourceOfficial, keepExisting); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_years (year, complete, source, updated_at)
		VALUES (?, 1, ?, ?) ON CONFLICT (year) DO NOTHING`, year, SourceOfficial, store.Now())
	if err != nil {
		return fmt.Errorf("workday: seed %d: %w", year, err)
	}
	return nil
}

func daysOfYear(days []Day, year int) []Day {
	var out []Day
	for _, d := range days {
		if d.Date.Year() == year {
			out = append(out, d)
		}
	}
	return out
}

// SetDay lists day as Off or Workday with a holiday name, replacing any row
// for that date, or with kind "" removes the date from the list (it then
// follows the Monday–Friday rule). The row is marked SourceAdmin. A bad kind,
// a Workday on a weekday or an implausible year is fault.Invalid.
func SetDay(ctx context.Context, q store.Querier, day time.Time, kind, name string) error {
	d := dateOf(day)
	if kind == "" {
		if _, err := q.ExecContext(ctx, "DELETE FROM calendar_days WHERE day = ?", d.String()); err != nil {
			return fmt.Errorf("workday: delete %s: %w", d, err)
		}
		return nil
	}
	if err := checkDay(d, kind); err != nil {
		return err
	}
	return writeDays(ctx, q, []Day{{Date: d.time(), Kind: kind, Name: strings.TrimSpace(name)}}, SourceAdmin, replaceExisted)
}

// SetYearComplete records whether year's holiday notice is fully loaded
// (SourceAdmin). Working days in an incomplete year cannot be computed.
func SetYearComplete(ctx context.Context, q store.Querier, year int, complete bool) error {
	if err := checkYear(year); err != nil {
		return err
	}
	c := 0
	if complete {
		c = 1
	}
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_years (year, complete, source, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET complete = excluded.complete, source = excluded.source, updated_at = excluded.updated_at`,
		year, c, SourceAdmin, store.Now())
	if err != nil {
		return fmt.Errorf("workday: set year %d complete: %w", year, err)
	}
	return nil
}

// ImportCSV reads date,kind,name rows (the format of holidays-cn.csv; header
// optional) and writes them all as SourceAdmin, replacing existing rows for
// the same dates, in one transaction. Any bad row rejects the whole file
// with every bad line reported in one Invalid *fault.Error (its fields hold
// each line's reason under "line.N"). It returns the number of rows written. Marking the year complete is
// a separate step (SetYearComplete), once the whole notice is in.
func ImportCSV(ctx context.Context, db *store.DB, r io.Reader) (int, error) {
	days, err := parseCSV(r)
	if err != nil {
		return 0, err
	}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		return writeDays(ctx, tx, days, SourceAdmin, replaceExisted)
	})
	if err != nil {
		return 0, err
	}
	return len(days), nil
}
