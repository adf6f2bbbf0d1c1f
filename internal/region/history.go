package region

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// renames keeps, during an import, the stored names the file changes: each
// as the region's name on the days before effective.
type renames struct {
	effective, now string
	n              int
}

// keep compares a batch's names with the stored ones and records the old
// name of each region the batch renames.
func (r *renames) keep(ctx context.Context, q store.Querier, codes, names []string) error {
	for start := 0; start < len(codes); start += 500 {
		end := min(start+500, len(codes))
		stored, err := storedNames(ctx, q, codes[start:end])
		if err != nil {
			return err
		}
		for i := start; i < end; i++ {
			if old, ok := stored[codes[i]]; ok && old != names[i] {
				if err := r.record(ctx, q, codes[i], old); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func storedNames(ctx context.Context, q store.Querier, codes []string) (map[string]string, error) {
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	out := make(map[string]string, len(codes))
	err := store.Each(ctx, q, "stored names", func(rows store.Scanner) error {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return err
		}
		out[code] = name
		return nil
	}, "SELECT code, name FROM regions WHERE code IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",")+")", args...)
	return out, err
}

// record keeps old as code's name until the effective day. A rename already
// recorded for a later day is out of order; one for the same day kept the
// name in force before it, which stays.
func (r *renames) record(ctx context.Context, q store.Querier, code, old string) error {
	var last sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT max(valid_until) FROM region_names WHERE region_code = ?", code).Scan(&last); err != nil {
		return fmt.Errorf("earlier names of %s: %w", code, err)
	}
	r.n++
	switch {
	case last.String > r.effective:
		return fault.Invalidf("effective", "%s已记录于%s更名，生效日期%s不能更早", "%s was renamed on %s; the effective date %s cannot be earlier",
			code, last.String, r.effective)
	case last.String == r.effective:
		return nil
	}
	_, err := q.ExecContext(ctx, "INSERT INTO region_names (region_code, name, valid_until, recorded_at) VALUES (?, ?, ?, ?)",
		code, old, r.effective, r.now)
	if err != nil {
		return fmt.Errorf("keep the name of %s: %w", code, err)
	}
	return nil
}

// selectRegionAt is selectRegion with each region's name on a day given as
// the first argument (NameAt).
const selectRegionAt = `SELECT r.code, COALESCE((SELECT n.name FROM region_names n WHERE n.region_code = r.code
	AND n.valid_until > ? ORDER BY n.valid_until LIMIT 1), r.name), r.level, COALESCE(r.parent_code, '') FROM regions r `

// NameAt returns the name region code had on day (YYYY-MM-DD): the name
// kept for the first period ending after day, else its name now. The error
// wraps store.ErrNotFound for an unknown code.
func NameAt(ctx context.Context, q store.Querier, code, day string) (string, error) {
	r, err := FindAt(ctx, q, code, day)
	return r.Name, err
}

// FindAt is Find with the region's name on day (NameAt).
func FindAt(ctx context.Context, q store.Querier, code, day string) (Region, error) {
	rs, err := list(ctx, q, selectRegionAt+"WHERE r.code = ?", day, code)
	if err != nil {
		return Region{}, fmt.Errorf("region: find %s on %s: %w", code, day, err)
	}
	if len(rs) == 0 {
		return Region{}, fmt.Errorf("region: find %s: %w", code, store.ErrNotFound)
	}
	return rs[0], nil
}

// ChildrenAt returns the regions directly under code as they were on day:
// their names then, without those merged into another region on or before
// day (they no longer exist then).
func ChildrenAt(ctx context.Context, q store.Querier, code, day string) ([]Region, error) {
	rs, err := list(ctx, q, selectRegionAt+`WHERE r.parent_code = ? AND r.code NOT IN
		(SELECT region_code FROM region_merges WHERE merged_on <= ?) ORDER BY r.code`, day, code, day)
	if err != nil {
		return nil, fmt.Errorf("region: children of %s on %s: %w", code, day, err)
	}
	return rs, nil
}

// Merge is a village merged into another.
type Merge struct {
	Code, Into string
	On         string // YYYY-MM-DD: from this day its households belong to Into
}

// MergedInto returns the merge of village code, and false when it has not
// been merged.
func MergedInto(ctx context.Context, q store.Querier, code string) (Merge, bool, error) {
	m := Merge{Code: code}
	err := q.QueryRowContext(ctx, "SELECT into_code, merged_on FROM region_merges WHERE region_code = ?", code).
		Scan(&m.Into, &m.On)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("region: merge of %s: %w", code, err)
	}
	return m, true, nil
}
