package monitoring

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
	regions "fangpin/internal/region" // named so: region is a type of this package
	"fangpin/internal/store"
)

// Worksheet is a household's saved income worksheet (收入测算表) of a year.
type Worksheet struct {
	HouseholdID int64
	Year        int
	Region      string
	Income
	SavedBy string // username
	SavedAt string // UTC RFC 3339
}

// SaveWorksheet computes and stores a household's worksheet of a year,
// replacing an earlier one of that year, with the household's current
// member count as 常住人口. The computed 人均纯收入 is written to
// household_incomes (source 'worksheet'), where it replaces an imported
// figure of the same year.
func SaveWorksheet(ctx context.Context, q store.Querier, scope store.Scope, by auth.User, householdID int64, year int,
	lines map[string]int64, now time.Time) (Worksheet, error) {
	if err := mayEdit(by, fault.T("填写收入测算表", "fill in the income worksheet")); err != nil {
		return Worksheet{}, err
	}
	if this := now.Year(); year < 2014 || year > this {
		return Worksheet{}, fault.Invalidf("year", "收入年度应在2014年到%d年之间", "The income year must be between 2014 and %d", this)
	}
	h, err := findHousehold(ctx, q, scope, householdID)
	if err != nil {
		return Worksheet{}, err
	}
	in, err := ComputeIncome(lines, h.Members)
	if err != nil {
		return Worksheet{}, err
	}
	w := Worksheet{HouseholdID: h.ID, Year: year, Region: h.Region, Income: in, SavedBy: by.Username, SavedAt: store.Stamp(now)}
	if err := writeWorksheet(ctx, q, w, by); err != nil {
		return Worksheet{}, fmt.Errorf("monitoring: save worksheet of household %s: %w", h.Code, err)
	}
	err = audit.Record(ctx, q, audit.Event{Action: "monitoring.worksheet.save", Entity: "household",
		EntityID: h.Code, Region: h.Region, Detail: map[string]any{"year": year, "members": in.Members,
			"per_capita_fen": in.PerCapitaFen, "after_spending_fen": in.AfterSpendingFen}})
	if err != nil {
		return Worksheet{}, fmt.Errorf("monitoring: save worksheet: %w", err)
	}
	return w, nil
}

func writeWorksheet(ctx context.Context, q store.Querier, w Worksheet, by auth.User) error {
	// w.Region is the household's region as it was read in this transaction.
	county := regions.County(w.Region)
	_, err := q.ExecContext(ctx, `INSERT INTO income_worksheets (household_id, year, county, region_code, members, net_fen,
		per_capita_fen, claims_fen, compliant_fen, after_spending_fen, saved_by_user_id, saved_by, saved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household_id, year, county) DO UPDATE SET
		region_code = excluded.region_code, members = excluded.members, net_fen = excluded.net_fen,
		per_capita_fen = excluded.per_capita_fen, claims_fen = excluded.claims_fen, compliant_fen = excluded.compliant_fen,
		after_spending_fen = excluded.after_spending_fen, saved_by_user_id = excluded.saved_by_user_id,
		saved_by = excluded.saved_by, saved_at = excluded.saved_at`, w.HouseholdID, w.Year, county, w.Region, w.Members,
		w.NetFen, w.PerCapitaFen, w.ClaimsFen, w.CompliantFen, w.AfterSpendingFen, store.NullID(by.ID), w.SavedBy, w.SavedAt)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM income_worksheet_lines WHERE household_id = ? AND year = ?",
		w.HouseholdID, w.Year); err != nil {
		return err
	}
	for _, code := range sortedCodes(w.Lines) {
		if _, err := q.ExecContext(ctx, `INSERT INTO income_worksheet_lines (household_id, year, county, region_code, item, fen)
			VALUES (?, ?, ?, ?, ?, ?)`, w.HouseholdID, w.Year, county, w.Region, code, w.Lines[code]); err != nil {
			return err
		}
	}
	_, err = q.ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, county, region_code, per_capita_fen, source,
		updated_at) VALUES (?, ?, ?, ?, ?, 'worksheet', ?) ON CONFLICT (household_id, year, county) DO UPDATE SET
		region_code = excluded.region_code, per_capita_fen = excluded.per_capita_fen, source = excluded.source,
		updated_at = excluded.updated_at`, w.HouseholdID, w.Year, county, w.Region, w.PerCapitaFen, w.SavedAt)
	return err
}

// FindWorksheet returns a household's worksheet of a year; none (or a
// household outside the scope) is store.ErrNotFound.
func FindWorksheet(ctx context.Context, q store.Querier, scope store.Scope, householdID int64, year int) (Worksheet, error) {
	ws, err := worksheets(ctx, q, scope, householdID, year)
	if err != nil {
		return Worksheet{}, err
	}
	if len(ws) == 0 {
		return Worksheet{}, fmt.Errorf("monitoring: worksheet %d of household %d: %w", year, householdID, store.ErrNotFound)
	}
	return ws[0], nil
}

// Worksheets returns a household's worksheets, the latest year first.
func Worksheets(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]Worksheet, error) {
	return worksheets(ctx, q, scope, householdID, 0)
}

// worksheets reads the worksheets of a household of the scope (of one year
// when year > 0) with their lines, recomputing the groups from the lines.
func worksheets(ctx context.Context, q store.Querier, scope store.Scope, householdID int64, year int) ([]Worksheet, error) {
	where, args, err := scope.Where("w.region_code")
	if err != nil {
		return nil, err
	}
	var out []Worksheet
	var lines []map[string]int64
	err = store.Each(ctx, q, fmt.Sprintf("monitoring: worksheets of household %d", householdID), func(rows store.Scanner) error {
		var w Worksheet
		var item sql.NullString
		var fen sql.NullInt64
		if err := rows.Scan(&w.Year, &w.Region, &w.Members, &w.SavedBy, &w.SavedAt, &item, &fen); err != nil {
			return err
		}
		if len(out) == 0 || out[len(out)-1].Year != w.Year {
			w.HouseholdID = householdID
			out, lines = append(out, w), append(lines, map[string]int64{})
		}
		if item.Valid {
			lines[len(lines)-1][item.String] = fen.Int64
		}
		return nil
	}, `SELECT w.year, w.region_code, w.members, w.saved_by, w.saved_at, l.item, l.fen
		FROM income_worksheets w LEFT JOIN income_worksheet_lines l ON l.household_id = w.household_id AND l.year = w.year
		WHERE w.household_id = ? AND (? = 0 OR w.year = ?) AND `+where+" ORDER BY w.year DESC, l.item",
		append([]any{householdID, year, year}, args...)...)
	if err != nil {
		return nil, err
	}
	return recompute(out, lines)
}

// recompute fills each worksheet's figures from its stored lines and
// members, so what is shown is always what the lines give.
func recompute(ws []Worksheet, lines []map[string]int64) ([]Worksheet, error) {
	for i := range ws {
		in, err := ComputeIncome(lines[i], ws[i].Members)
		if err != nil {
			return nil, fmt.Errorf("monitoring: stored worksheet %d of household %d: %w", ws[i].Year, ws[i].HouseholdID, err)
		}
		ws[i].Income = in
	}
	return ws, nil
}
