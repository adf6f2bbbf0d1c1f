package water

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

// schemeIn is the condition that the scheme of column serves a village of
// scope, and its arguments.
func schemeIn(scope store.Scope, column string) (string, []any, error) {
	where, args, err := scope.Where("v.region_code")
	if err != nil {
		return "", nil, err
	}
	return "EXISTS (SELECT 1 FROM water_scheme_villages v WHERE v.scheme_id = " + column + " AND " + where + ")", args, nil
}

// problemIn is the condition that problem p lies in scope: a household's
// problem by its village, a scheme's by the villages the scheme serves.
func problemIn(scope store.Scope) (string, []any, error) {
	where, args, err := scope.Where("p.region_code")
	if err != nil {
		return "", nil, err
	}
	in, sargs, err := schemeIn(scope, "p.scheme_id")
	if err != nil {
		return "", nil, err
	}
	return "((p.household_id IS NOT NULL AND " + where + ") OR (p.household_id IS NULL AND " + in + "))",
		append(args, sargs...), nil
}

// Schemes lists the schemes serving a village of scope, by code, with the
// villages of scope they serve, their problems open on today and their
// latest sample.
func Schemes(ctx context.Context, q store.Querier, scope store.Scope, today civil.Date) ([]Scheme, error) {
	where, args, err := scope.Where("v.region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.code, s.name, s.kind, v.region_code, v.households
		FROM water_schemes s JOIN water_scheme_villages v ON v.scheme_id = s.id WHERE `+where+`
		ORDER BY s.code, v.region_code`, args...)
	if err != nil {
		return nil, fmt.Errorf("water: schemes: %w", err)
	}
	var out []Scheme
	at := map[int64]int{}
	for rows.Next() {
		var s Scheme
		var v Village
		if err := rows.Scan(&s.ID, &s.Code, &s.Name, &s.Kind, &v.Region, &v.Households); err != nil {
			rows.Close()
			return nil, fmt.Errorf("water: schemes: %w", err)
		}
		i, ok := at[s.ID]
		if !ok {
			i, at[s.ID] = len(out), len(out)
			out = append(out, s)
		}
		out[i].Villages = append(out[i].Villages, v)
		out[i].Served += v.Households
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("water: schemes: %w", err)
	}
	problems, err := Problems(ctx, q, scope, today)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		if i, ok := at[p.SchemeID]; ok && p.Open(today) {
			out[i].OpenProblems++
		}
	}
	return out, latestSamples(ctx, q, scope, func(s Sample) {
		if i, ok := at[s.SchemeID]; ok {
			out[i].Latest = s
		}
	})
}

// latestSamples calls fn with the latest sample (by day, then the one
// stored last) of every scheme serving a village of scope.
func latestSamples(ctx context.Context, q store.Querier, scope store.Scope, fn func(Sample)) error {
	in, args, err := schemeIn(scope, "w.scheme_id")
	if err != nil {
		return err
	}
	return store.Each(ctx, q, "water: latest samples", func(rows store.Scanner) error {
		var err error
		var s Sample
		var day string
		if err := rows.Scan(&s.SchemeID, &day, &s.Result, &s.Item); err != nil {
			return err
		}
		if s.Day, err = civil.ParseISO(day); err != nil {
			return fmt.Errorf("water: sample day %q: %w", day, err)
		}
		fn(s)
		return nil
	}, `SELECT scheme_id, day, result, item FROM (SELECT w.scheme_id, w.day, w.result, w.item,
		row_number() OVER (PARTITION BY w.scheme_id ORDER BY w.day DESC, w.id DESC) AS n FROM water_samples w WHERE `+in+`) x
		WHERE n = 1`, args...)
}

// selectProblem reads a problem with its scheme's name and its household's
// code.
const selectProblem = `SELECT p.id, coalesce(p.scheme_id, 0), coalesce(s.name, ''), coalesce(p.household_id, 0),
	coalesce(h.code, ''), p.region_code, p.source, p.description, p.reported_on, p.reported_by, coalesce(p.resolved_on, ''),
	p.resolved_by, p.resolution FROM water_problems p LEFT JOIN water_schemes s ON s.id = p.scheme_id
	LEFT JOIN households h ON h.id = p.household_id WHERE `

// Problems lists the problems of scope open on today and those resolved
// in the 90 days before it, open first, newest first.
func Problems(ctx context.Context, q store.Querier, scope store.Scope, today civil.Date) ([]Problem, error) {
	in, args, err := problemIn(scope)
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "water: problems", scanProblem, selectProblem+in+` AND (p.resolved_on IS NULL OR p.resolved_on >= ?)
		ORDER BY CASE WHEN p.resolved_on IS NULL THEN 0 ELSE 1 END, p.reported_on DESC, p.id DESC`,
		append(args, today.AddDays(-90).String())...)
}

// scanProblem reads a row of selectProblem.
func scanProblem(row store.Scanner) (Problem, error) {
	var p Problem
	var reported, resolved string
	if err := row.Scan(&p.ID, &p.SchemeID, &p.SchemeName, &p.HouseholdID, &p.Household, &p.Region, &p.Source,
		&p.Description, &reported, &p.ReportedBy, &resolved, &p.ResolvedBy, &p.Resolution); err != nil {
		return p, fmt.Errorf("water: problem: %w", err)
	}
	var err error
	if p.Reported, err = civil.ParseISO(reported); err != nil {
		return p, fmt.Errorf("water: problem %d reported %q: %w", p.ID, reported, err)
	}
	if resolved != "" {
		if p.Resolved, err = civil.ParseISO(resolved); err != nil {
			return p, fmt.Errorf("water: problem %d resolved %q: %w", p.ID, resolved, err)
		}
	}
	return p, nil
}

// FindProblem reads problem id of scope; one outside it is not found.
func FindProblem(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Problem, error) {
	in, args, err := problemIn(scope)
	if err != nil {
		return Problem{}, err
	}
	p, err := scanProblem(q.QueryRowContext(ctx, selectProblem+"p.id = ? AND "+in, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return Problem{}, store.ErrNotFound
	}
	return p, err
}

// RecordProblem stores a new problem of a scheme or a household of scope,
// with its audit entry in the same transaction, and returns its id. A
// household's problem may name its scheme; the scheme must serve a village
// of scope.
func RecordProblem(ctx context.Context, db *store.DB, scope store.Scope, p Problem, by string) (int64, error) {
	if err := p.Check(); err != nil {
		return 0, err
	}
	var id int64
	err := db.Transact(ctx, func(tx *store.Tx) error {
		if err := placeProblem(ctx, tx, scope, &p); err != nil {
			return err
		}
		if err := insertProblem(ctx, tx, &p, by, store.Now()); err != nil {
			return err
		}
		id = p.ID
		return audit.Record(ctx, tx, audit.Event{Action: "water.problem", Entity: "water_problem",
			EntityID: strconv.FormatInt(id, 10), Region: p.Region,
			Detail: map[string]any{"scheme_id": p.SchemeID, "household_id": p.HouseholdID, "source": p.Source,
				"reported_on": p.Reported.String()}})
	})
	return id, err
}

// placeProblem checks that p's scheme and household lie in scope and sets
// its region: the household's village, or the scheme's first village of
// scope.
func placeProblem(ctx context.Context, q store.Querier, scope store.Scope, p *Problem) error {
	if p.HouseholdID != 0 {
		where, args, err := scope.Where("region_code")
		if err != nil {
			return err
		}
		err = q.QueryRowContext(ctx, "SELECT region_code FROM households WHERE id = ? AND "+where,
			append([]any{p.HouseholdID}, args...)...).Scan(&p.Region)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.Invalidf("household", "未找到该农户", "no such household")
		}
		if err != nil {
			return fmt.Errorf("water: household %d: %w", p.HouseholdID, err)
		}
	}
	if p.SchemeID == 0 {
		return nil
	}
	where, args, err := scope.Where("region_code")
	if err != nil {
		return err
	}
	var first sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT min(region_code) FROM water_scheme_villages WHERE scheme_id = ? AND "+where,
		append([]any{p.SchemeID}, args...)...).Scan(&first); err != nil {
		return fmt.Errorf("water: scheme %d: %w", p.SchemeID, err)
	}
	if !first.Valid {
		return fault.Invalidf("scheme", "未找到该供水工程", "no such scheme")
	}
	if p.HouseholdID == 0 {
		p.Region = first.String
	}
	return nil
}

// insertProblem writes p (checked and placed) inside tx and sets its id.
func insertProblem(ctx context.Context, tx store.Querier, p *Problem, by, now string) error {
	var resolved, resolvedAt any
	if p.Resolved != 0 {
		resolved, resolvedAt = p.Resolved.String(), now
	}
	// A household's problem carries its county (placeProblem set p.Region to
	// the household's village); a scheme's alone belongs to no household and
	// carries none.
	county := ""
	if p.HouseholdID != 0 {
		county = region.County(p.Region)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO water_problems (scheme_id, household_id, region_code, county, source,
		description, reported_on, reported_by, resolved_on, resolved_by, resolution, created_at, resolved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		store.NullID(p.SchemeID), store.NullID(p.HouseholdID), p.Region, county, p.Source, p.Description, p.Reported.String(),
		orBy(p.ReportedBy, by), resolved, resolvedBy(p, by), p.Resolution, now, resolvedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("water: record problem: %w", err)
	}
	return nil
}

// orBy is who, or by when who is blank.
func orBy(who, by string) string {
	if who != "" {
		return who
	}
	return by
}

// resolvedBy is who resolved p: its ResolvedBy, or by when resolved.
func resolvedBy(p *Problem, by string) string {
	if p.Resolved == 0 {
		return ""
	}
	return orBy(p.ResolvedBy, by)
}

// ResolveProblem marks problem id of scope resolved on day, with what was
// done, and its audit entry (who and when) in the same transaction. A
// resolved problem cannot be resolved again (409).
func ResolveProblem(ctx context.Context, db *store.DB, scope store.Scope, id int64, day civil.Date, resolution, by string) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		p, err := FindProblem(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if p.Resolved != 0 {
			return fault.Conflictf("该问题已于%s解决", "the problem was resolved on %s", p.Resolved.String())
		}
		switch {
		case day == 0:
			return fault.Invalidf("resolved", "请填写解决日期", "give the day it was resolved")
		case day < p.Reported:
			return fault.Invalidf("resolved", "解决日期不能早于发现日期", "it cannot be resolved before it was reported")
		case len([]rune(resolution)) > maxText:
			return fault.Invalidf("resolution", "处理情况不能超过500字", "the resolution is longer than 500 characters")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE water_problems SET resolved_on = ?, resolved_by = ?, resolution = ?,
			resolved_at = ? WHERE id = ?`, day.String(), by, resolution, store.Now(), id); err != nil {
			return fmt.Errorf("water: resolve problem %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "water.resolve", Entity: "water_problem",
			EntityID: strconv.FormatInt(id, 10), Region: p.Region, Detail: map[string]string{"resolved_on": day.String()}})
	})
}
