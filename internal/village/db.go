package village

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

const columns = `region_code, year, plan_done, demo_level, demo_year, toilets_planned, toilets_done, sanitary_households,
	cleaners, vehicles, sewage_treated, list_power, list_affairs, list_services, titles, updated_by, updated_at`

// scan reads one row of columns.
func scan(row store.Scanner) (Indicator, error) {
	var i Indicator
	var plan, sewage, power, affairs, services int
	var titles string
	err := row.Scan(&i.Region, &i.Year, &plan, &i.DemoLevel, &i.DemoYear, &i.ToiletsPlanned, &i.ToiletsDone,
		&i.SanitaryHouseholds, &i.Cleaners, &i.Vehicles, &sewage, &power, &affairs, &services, &titles, &i.UpdatedBy, &i.UpdatedAt)
	i.PlanDone, i.SewageTreated, i.ListPower, i.ListAffairs, i.ListServices = plan == 1, sewage == 1, power == 1, affairs == 1, services == 1
	i.Titles = SplitTitles(titles)
	return i, err
}

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Save records i (replacing the village's row of the year, keeping when it
// was first recorded) inside tx; the caller checked that the village
// exists and lies in its scope.
func Save(ctx context.Context, tx store.Querier, i Indicator, by, now string) error {
	if err := i.Check(); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO village_indicators (`+columns+`, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (year, region_code) DO UPDATE SET plan_done = excluded.plan_done, demo_level = excluded.demo_level,
		demo_year = excluded.demo_year, toilets_planned = excluded.toilets_planned, toilets_done = excluded.toilets_done,
		sanitary_households = excluded.sanitary_households, cleaners = excluded.cleaners, vehicles = excluded.vehicles,
		sewage_treated = excluded.sewage_treated, list_power = excluded.list_power, list_affairs = excluded.list_affairs,
		list_services = excluded.list_services, titles = excluded.titles, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`,
		i.Region, i.Year, bit(i.PlanDone), i.DemoLevel, i.DemoYear, i.ToiletsPlanned, i.ToiletsDone, i.SanitaryHouseholds,
		i.Cleaners, i.Vehicles, bit(i.SewageTreated), bit(i.ListPower), bit(i.ListAffairs), bit(i.ListServices),
		strings.Join(i.Titles, TitleSep), by, now, now)
	if err != nil {
		return fmt.Errorf("village: save %s %d: %w", i.Region, i.Year, err)
	}
	return nil
}

// Rows returns the indicator rows of year of the villages of scope, in
// code order; with before set (a stamp), only the rows first recorded
// before it.
func Rows(ctx context.Context, q store.Querier, scope store.Scope, year int, before string) ([]Indicator, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	query := `SELECT ` + columns + ` FROM village_indicators WHERE year = ? AND ` + where
	args = append([]any{year}, args...)
	if before != "" {
		query += " AND created_at < ?"
		args = append(args, before)
	}
	return store.Collect(ctx, q, "village: rows", scan, query+" ORDER BY region_code", args...)
}

// Find returns the row of one village of scope and year; a village with no
// row of the year gives a blank indicator of it. A code that is not a
// village of the region table, or lies outside scope, is not found.
func Find(ctx context.Context, q store.Querier, scope store.Scope, code string, year int) (Indicator, error) {
	if err := checkVillage(ctx, q, scope, code); err != nil {
		return Indicator{}, err
	}
	i, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM village_indicators WHERE year = ? AND region_code = ?`, year, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Indicator{Region: code, Year: year}, nil
	}
	if err != nil {
		return Indicator{}, fmt.Errorf("village: find %s %d: %w", code, year, err)
	}
	return i, nil
}

// errNoVillage is the one answer for a code that is not a village and one
// outside the scope.
var errNoVillage = errors.New("不是本辖区内的村")

// checkVillage is errNoVillage (as NotFound) unless code is a village of
// the region table inside scope.
func checkVillage(ctx context.Context, q store.Querier, scope store.Scope, code string) error {
	if !scope.Valid() {
		return store.ErrNoScope
	}
	r, err := region.Find(ctx, q, code)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (r.Level != region.LevelVillage || !scope.Contains(code))) {
		return fault.NotFoundf("没有村 %s", "no village %s", code).Wrap(errNoVillage)
	}
	return err
}

// Update records one village's indicators of a year as typed (a village of
// scope), with its audit entry in the same transaction.
func Update(ctx context.Context, db *store.DB, scope store.Scope, i Indicator, by string) error {
	if err := i.Check(); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		if err := checkVillage(ctx, tx, scope, i.Region); err != nil {
			return err
		}
		if err := Save(ctx, tx, i, by, store.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "village.update", Entity: "village_indicators",
			EntityID: fmt.Sprintf("%s/%d", i.Region, i.Year), Region: i.Region, Detail: detail(i)})
	})
}

// detail is the audit entry's detail of one row.
func detail(i Indicator) map[string]any {
	return map[string]any{"year": i.Year, "plan_done": i.PlanDone, "demo_level": i.DemoLevel, "demo_year": i.DemoYear,
		"toilets_planned": i.ToiletsPlanned, "toilets_done": i.ToiletsDone, "sanitary_households": i.SanitaryHouseholds,
		"cleaners": i.Cleaners, "vehicles": i.Vehicles, "sewage_treated": i.SewageTreated, "list_power": i.ListPower,
		"list_affairs": i.ListAffairs, "list_services": i.ListServices, "titles": strings.Join(i.Titles, TitleSep)}
}
