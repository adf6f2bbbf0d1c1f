package workday

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Sources of calendar rows.
const (
	SourceOfficial = "official" // seeded from the embedded State Council notices
	SourceAdmin    = "admin"    // set by an administrator; never overwritten by Seed
)

// Load reads the whole calendar: every listed day and the complete years.
func Load(ctx context.Context, q store.Querier) (*Calendar, error) {
	days, err := queryDays(ctx, q, "")
	if err != nil {
		return nil, err
	}
	years, err := completeYears(ctx, q)
	if err != nil {
		return nil, err
	}
	return New(days, years), nil
}

// ListDays returns the listed days of one year, in date order.
func ListDays(ctx context.Context, q store.Querier, year int) ([]Day, error) {
	return queryDays(ctx, q, "WHERE day >= ? AND day < ?",
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1))
}

func queryDays(ctx context.Context, q store.Querier, where string, args ...any) ([]Day, error) {
	return store.Collect(ctx, q, "workday: read calendar days", scanDay,
		"SELECT day, kind, name, source FROM calendar_days "+where+" ORDER BY day", args...)
}

func scanDay(rows store.Scanner) (Day, error) {
	var s string
	var d Day
	if err := rows.Scan(&s, &d.Kind, &d.Name, &d.Source); err != nil {
		return d, err
	}
	day, err := civil.ParseISO(s)
	if err != nil || (d.Kind != Off && d.Kind != Workday) {
		return d, fmt.Errorf("calendar_days row %q has kind %q or a bad date", s, d.Kind)
	}
	d.Date = day.Time()
	return d, nil
}

func completeYears(ctx context.Context, q store.Querier) ([]int, error) {
	return store.Values[int](ctx, q, "workday: read calendar years", "SELECT year FROM calendar_years WHERE complete = 1 ORDER BY year")
}

// Upsert clauses for writeDays: Seed keeps what is there, admins replace it.
const (
	keepExisting   = "ON CONFLICT (day) DO NOTHING"
	replaceExisted = "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source, updated_at = excluded.updated_at"
)

// writeBatch rows go into one INSERT, well under both engines' parameter limits.
const writeBatch = 200

// writeDays inserts days with the given source, resolving conflicts by onConflict.
func writeDays(ctx context.Context, q store.Querier, days []Day, source, onConflict string) error {
	now := store.Now()
	for len(days) > 0 {
		n := min(len(days), writeBatch)
		args := make([]any, 0, n*5)
		for _, d := range days[:n] {
			args = append(args, dateOf(d.Date).String(), d.Kind, d.Name, source, now)
		}
		_, err := q.ExecContext(ctx, "INSERT INTO calendar_days (day, kind, name, source, updated_at) VALUES "+
			store.Placeholders(n, 5)+" "+onConflict, args...)
		if err != nil {
			return fmt.Errorf("workday: write calendar days: %w", err)
		}
		days = days[n:]
	}
	return nil
}
