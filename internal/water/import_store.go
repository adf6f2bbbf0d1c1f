package water

import (
	"fmt"

	"fangpin/internal/store"
)

// storeSchemes writes the schemes read: a scheme already stored takes the
// file's name, kind, villages and households in place of its own, which
// needs every village it served to lie in the scope.
func (r *importRun) storeSchemes() (int, error) {
	now := store.Now()
	for _, code := range r.order {
		p := r.schemes[code]
		var id int64
		err := r.tx.QueryRowContext(r.ctx, `INSERT INTO water_schemes (code, name, kind, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
			updated_at = excluded.updated_at RETURNING id`, code, p.name, p.kind, r.by, now, now).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("water: store scheme %s: %w", code, err)
		}
		var outside int
		lo, hi, err := r.scope.Range()
		if err != nil {
			return 0, err
		}
		if err := r.tx.QueryRowContext(r.ctx, `SELECT count(*) FROM water_scheme_villages WHERE scheme_id = ?
			AND (region_code < ? OR region_code >= ?)`, id, lo, hi).Scan(&outside); err != nil {
			return 0, fmt.Errorf("water: scheme %s: %w", code, err)
		}
		if outside > 0 {
			r.issue(p.row, r.cols[colCode[0]], colCode, "该工程还服务本账号管辖范围外的村，不能在此修改")
			continue
		}
		for _, q := range []string{"DELETE FROM water_scheme_villages WHERE scheme_id = ?", "DELETE FROM water_scheme_households WHERE scheme_id = ?"} {
			if _, err := r.tx.ExecContext(r.ctx, q, id); err != nil {
				return 0, fmt.Errorf("water: scheme %s: %w", code, err)
			}
		}
		for _, v := range p.villages {
			if _, err := r.tx.ExecContext(r.ctx, "INSERT INTO water_scheme_villages (scheme_id, region_code, households) VALUES (?, ?, ?)",
				id, v.Region, v.Households); err != nil {
				return 0, fmt.Errorf("water: scheme %s village %s: %w", code, v.Region, err)
			}
		}
		for _, h := range p.households {
			if _, err := r.tx.ExecContext(r.ctx, `INSERT INTO water_scheme_households (scheme_id, household_id, county)
				VALUES (?, ?, (SELECT county FROM households WHERE id = ?))
				ON CONFLICT DO NOTHING`, id, h, h); err != nil {
				return 0, fmt.Errorf("water: scheme %s household %d: %w", code, h, err)
			}
		}
	}
	if r.res.Count > 0 {
		return 0, ErrRejected
	}
	return len(r.order), nil
}

// storeSamples writes the samples read; a sample of the same scheme, day
// and item takes the file's result.
func (r *importRun) storeSamples() (int, error) {
	now := store.Now()
	for _, s := range r.samples {
		if _, err := r.tx.ExecContext(r.ctx, `INSERT INTO water_samples (scheme_id, day, result, item, created_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (scheme_id, day, item) DO UPDATE SET result = excluded.result`,
			s.SchemeID, s.Day.String(), s.Result, s.Item, now); err != nil {
			return 0, fmt.Errorf("water: store sample: %w", err)
		}
	}
	return len(r.samples), nil
}

// storeProblems writes the problems read; one already stored (the same
// scheme, household, day and description) is skipped.
func (r *importRun) storeProblems() (int, error) {
	now, n := store.Now(), 0
	for _, p := range r.problems {
		if err := placeProblem(r.ctx, r.tx, r.scope, &p); err != nil {
			return 0, err
		}
		var dup int
		if err := r.tx.QueryRowContext(r.ctx, `SELECT count(*) FROM water_problems WHERE coalesce(scheme_id, 0) = ?
			AND coalesce(household_id, 0) = ? AND reported_on = ? AND description = ?`,
			p.SchemeID, p.HouseholdID, p.Reported.String(), p.Description).Scan(&dup); err != nil {
			return 0, fmt.Errorf("water: problem: %w", err)
		}
		if dup > 0 {
			r.res.Skipped++
			continue
		}
		if err := insertProblem(r.ctx, r.tx, &p, r.by, now); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
