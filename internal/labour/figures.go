package labour

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Figures are the labour transfer figures of a region for as_of's year up
// to as_of (docs/figures.md, "Labour transfer (就业帮扶)").
type Figures struct {
	Year              int   `json:"year"`
	Transferred       int   `json:"transferred"`        // persons with a transfer of the year recorded by as_of, away ≥ 1 month
	IncomeFen         int64 `json:"income_fen"`         // their labour income of the year
	Subsidised        int   `json:"subsidised"`         // persons paid a subsidy for the year in batches dated by as_of
	SubsidyAmountFen  int64 `json:"subsidy_amount_fen"` // the amount paid them
	MinMonthsRequired int   `json:"min_months"`         // the months-away setting, for reference
}

// FiguresAt computes the figures of scope for asOf.
func FiguresAt(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date) (Figures, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Figures{}, err
	}
	f := Figures{Year: asOf.Year()}
	if f.MinMonthsRequired, err = MinMonths(ctx, q); err != nil {
		return Figures{}, err
	}
	end := store.Stamp(asOf.AddDays(1).Time())
	if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT person_id), coalesce(sum(income_fen), 0) FROM labour_transfers
		WHERE year = ? AND months >= 1 AND created_at < ? AND `+where,
		append([]any{f.Year, end}, args...)...).Scan(&f.Transferred, &f.IncomeFen); err != nil {
		return Figures{}, fmt.Errorf("labour: transfer figures: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT person_id), coalesce(sum(amount_fen), 0) FROM labour_subsidy_payments
		WHERE year = ? AND batch_id IN (SELECT id FROM labour_subsidy_batches WHERE day <= ?) AND `+where,
		append([]any{f.Year, asOf.String()}, args...)...).Scan(&f.Subsidised, &f.SubsidyAmountFen); err != nil {
		return Figures{}, fmt.Errorf("labour: subsidy figures: %w", err)
	}
	return f, nil
}
