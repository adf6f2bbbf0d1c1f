package labour

import (
	"context"

	"fangpin/internal/civil"
	"fangpin/internal/stats"
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

// FiguresAt computes the figures of scope for asOf: stats.LabourAt's,
// which the overview's sectors block holds too, and the setting.
func FiguresAt(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date) (Figures, error) {
	l, err := stats.LabourAt(ctx, q, scope, asOf)
	if err != nil {
		return Figures{}, err
	}
	f := Figures{Year: asOf.Year(), Transferred: l.Transferred, IncomeFen: l.IncomeFen, Subsidised: l.Subsidised,
		SubsidyAmountFen: l.SubsidyAmountFen}
	if f.MinMonthsRequired, err = MinMonths(ctx, q); err != nil {
		return Figures{}, err
	}
	return f, nil
}
