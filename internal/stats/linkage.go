package stats

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Labour is the labour transfer block of the sectors (docs/figures.md,
// "Labour transfer (就业帮扶)"), as labour.FiguresAt gives it.
type Labour struct {
	Transferred      int   `json:"transferred"`        // persons with a transfer of the year recorded by as_of, away ≥ 1 month
	IncomeFen        int64 `json:"income_fen"`         // their labour income of the year
	Subsidised       int   `json:"subsidised"`         // persons paid a subsidy for the year in batches dated by as_of
	SubsidyAmountFen int64 `json:"subsidy_amount_fen"` // the amount paid them
}

// LabourAt computes the labour block of scope for asOf's year; package
// labour reads it from here (labour imports stats, not the other way).
func LabourAt(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date) (Labour, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Labour{}, err
	}
	var l Labour
	end := store.Stamp(asOf.AddDays(1).Time())
	if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT person_id), coalesce(sum(income_fen), 0) FROM labour_transfers
		WHERE year = ? AND months >= 1 AND created_at < ? AND `+where,
		append([]any{asOf.Year(), end}, args...)...).Scan(&l.Transferred, &l.IncomeFen); err != nil {
		return Labour{}, fmt.Errorf("stats: transfer figures: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT person_id), coalesce(sum(amount_fen), 0) FROM labour_subsidy_payments
		WHERE year = ? AND batch_id IN (SELECT id FROM labour_subsidy_batches WHERE day <= ?) AND `+where,
		append([]any{asOf.Year(), asOf.String()}, args...)...).Scan(&l.Subsidised, &l.SubsidyAmountFen); err != nil {
		return Labour{}, fmt.Errorf("stats: subsidy figures: %w", err)
	}
	return l, nil
}
