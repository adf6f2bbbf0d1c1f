package retrofit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// nullDate stores d, NULL for the zero date.
func nullDate(d civil.Date) any {
	if d == 0 {
		return nil
	}
	return d.String()
}

// save records r (replacing the project of the same household, kind and
// start day) inside tx; the caller checked r and found its household, whose
// village r.Region is (and so gives the row's county).
func save(ctx context.Context, q store.Querier, r Retrofit, by, now string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO retrofits (household_id, region_code, county, kind, level, central_fen,
		province_fen, city_fen, county_fen, other_fen, started, completed, accepted, created_by, created_at, updated_by,
		updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (household_id, kind, started, county) DO UPDATE SET region_code = excluded.region_code, level = excluded.level,
		central_fen = excluded.central_fen, province_fen = excluded.province_fen, city_fen = excluded.city_fen,
		county_fen = excluded.county_fen, other_fen = excluded.other_fen, completed = excluded.completed,
		accepted = excluded.accepted, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		r.HouseholdID, r.Region, region.County(r.Region), r.Kind, r.Level, r.Central, r.Province, r.City, r.County, r.Other,
		r.Started.String(), nullDate(r.Completed), nullDate(r.Accepted), by, now, by, now)
	if err != nil {
		return fmt.Errorf("retrofit: save: %w", err)
	}
	return nil
}

// columns are what every read selects, from retrofits f joined to their
// household h; scan reads them.
const columns = `f.id, f.household_id, f.region_code, f.kind, f.level, f.central_fen, f.province_fen, f.city_fen,
	f.county_fen, f.other_fen, f.started, COALESCE(f.completed, ''), COALESCE(f.accepted, ''), f.created_by, f.created_at,
	f.updated_by, f.updated_at, h.code, COALESCE((SELECT p.name FROM persons p WHERE p.household_id = h.id
	AND p.relation = '户主' AND p.active = 1 LIMIT 1), '')`

func scan(rows store.Scanner, r *Retrofit) error {
	var started, completed, accepted string
	err := rows.Scan(&r.ID, &r.HouseholdID, &r.Region, &r.Kind, &r.Level, &r.Central, &r.Province, &r.City, &r.County,
		&r.Other, &started, &completed, &accepted, &r.CreatedBy, &r.CreatedAt, &r.UpdatedBy, &r.UpdatedAt,
		&r.HouseholdCode, &r.HeadName)
	if err != nil {
		return err
	}
	for _, d := range []struct {
		s  string
		to *civil.Date
	}{{started, &r.Started}, {completed, &r.Completed}, {accepted, &r.Accepted}} {
		if d.s != "" {
			if *d.to, err = civil.ParseISO(d.s); err != nil {
				return fmt.Errorf("retrofit %d: date %q: %w", r.ID, d.s, err)
			}
		}
	}
	return nil
}

// Filter selects retrofits in a list.
type Filter struct {
	Region  string // a region inside the scope; "" for the whole scope
	Status  string // "" all, "open" not completed, "done" completed
	Page    int
	PerPage int
}

// List returns the retrofits of the households of scope (by the
// household's village now) that match f, latest start first, and their
// number.
func List(ctx context.Context, q store.Querier, scope store.Scope, f Filter) ([]Retrofit, int, error) {
	where, args, err := scope.NarrowWhere(f.Region, "h.region_code")
	if err != nil {
		return nil, 0, err
	}
	switch f.Status {
	case "open":
		where += " AND f.completed IS NULL"
	case "done":
		where += " AND f.completed IS NOT NULL"
	}
	from := " FROM retrofits f JOIN households h ON h.id = f.household_id WHERE " + where
	return store.CollectPage(ctx, q, "retrofit: list", scanRetrofit, "SELECT count(*)"+from,
		"SELECT "+columns+from+" ORDER BY f.started DESC, f.id DESC", args, store.Page{Page: f.Page, PerPage: f.PerPage})
}

// ForHousehold returns the retrofits of one household of scope, latest
// start first.
func ForHousehold(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]Retrofit, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "retrofit: list", scanRetrofit, "SELECT "+columns+
		" FROM retrofits f JOIN households h ON h.id = f.household_id WHERE f.household_id = ? AND "+
		where+" ORDER BY f.started DESC, f.id DESC", append([]any{householdID}, args...)...)
}

// scanRetrofit is scan for store.Collect.
func scanRetrofit(rows store.Scanner) (Retrofit, error) {
	var r Retrofit
	err := scan(rows, &r)
	return r, err
}

// Get returns one retrofit of a household of scope; one outside it is not
// found.
func Get(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Retrofit, error) {
	var r Retrofit
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return r, err
	}
	err = scan(q.QueryRowContext(ctx, "SELECT "+columns+" FROM retrofits f JOIN households h ON h.id = f.household_id WHERE f.id = ? AND "+
		where, append([]any{id}, args...)...), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, store.ErrNotFound
	}
	return r, err
}

// Update changes one retrofit of scope: its level, subsidies and dates (not
// its household or kind), after Check, recording who and when, with its
// audit entry (the values before and after) in the same transaction.
func Update(ctx context.Context, db *store.DB, scope store.Scope, id int64, to Retrofit, by string, today civil.Date) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		old, err := Get(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		to.Kind = old.Kind
		if err := to.Check(today); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE retrofits SET level = ?, central_fen = ?, province_fen = ?, city_fen = ?,
			county_fen = ?, other_fen = ?, started = ?, completed = ?, accepted = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
			to.Level, to.Central, to.Province, to.City, to.County, to.Other, to.Started.String(), nullDate(to.Completed),
			nullDate(to.Accepted), by, store.Now(), id)
		if store.IsUniqueViolation(err) {
			return fault.Conflictf("该户已有同一类型、同一开工日期的改造记录", "the household has a retrofit of this kind started that day")
		}
		if err != nil {
			return fmt.Errorf("retrofit: update %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "retrofit.update", Entity: "retrofit", EntityID: strconv.FormatInt(id, 10),
			Region: old.Region, Detail: map[string]any{"household": old.HouseholdCode, "before": detail(old), "after": detail(to)}})
	})
}

// detail is what the audit log keeps of a retrofit's editable fields.
func detail(r Retrofit) map[string]any {
	return map[string]any{"level": r.Level, "central_fen": r.Central, "province_fen": r.Province, "city_fen": r.City,
		"county_fen": r.County, "other_fen": r.Other, "started": r.Started.String(), "completed": r.Completed.String(),
		"accepted": r.Accepted.String()}
}
