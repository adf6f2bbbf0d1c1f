package water

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Figures are the water figures of a region as of a day, the `water` part of
// the overview's sectors block (docs/figures.md, "Water").
type Figures struct {
	Schemes            int `json:"schemes"`             // schemes serving a village of the region
	Samples            int `json:"samples"`             // their samples dated 1 January to as_of
	SamplesQualified   int `json:"samples_qualified"`   // of those, 合格
	OpenProblems       int `json:"open_problems"`       // problems of the region open on as_of
	HouseholdsAffected int `json:"households_affected"` // households of the region served by a scheme with an open problem
}

// FiguresAt computes the figures of scope as of asOf.
func FiguresAt(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date) (Figures, error) {
	var f Figures
	in, args, err := schemeIn(scope, "s.id")
	if err != nil {
		return f, err
	}
	jan, day := civil.FromYMD(asOf.Year(), 1, 1).String(), asOf.String()
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM water_schemes s WHERE "+in, args...).Scan(&f.Schemes); err != nil {
		return f, fmt.Errorf("water: scheme figures: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN w.result = ? THEN 1 ELSE 0 END), 0)
		FROM water_samples w JOIN water_schemes s ON s.id = w.scheme_id WHERE w.day >= ? AND w.day <= ? AND `+in,
		append([]any{Pass, jan, day}, args...)...).Scan(&f.Samples, &f.SamplesQualified); err != nil {
		return f, fmt.Errorf("water: sample figures: %w", err)
	}
	pin, pargs, err := problemIn(scope)
	if err != nil {
		return f, err
	}
	open := " p.reported_on <= ? AND (p.resolved_on IS NULL OR p.resolved_on > ?) "
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM water_problems p WHERE"+open+"AND "+pin,
		append([]any{day, day}, pargs...)...).Scan(&f.OpenProblems); err != nil {
		return f, fmt.Errorf("water: problem figures: %w", err)
	}
	where, wargs, err := scope.Where("v.region_code")
	if err != nil {
		return f, err
	}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(v.households), 0) FROM water_scheme_villages v
		WHERE `+where+` AND v.scheme_id IN (SELECT p.scheme_id FROM water_problems p WHERE p.household_id IS NULL AND`+open+`)`,
		append(wargs, day, day)...).Scan(&f.HouseholdsAffected); err != nil {
		return f, fmt.Errorf("water: affected households: %w", err)
	}
	return f, nil
}
