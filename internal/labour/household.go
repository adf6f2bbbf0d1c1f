package labour

import (
	"context"
	"database/sql"

	"fangpin/internal/store"
)

// HouseholdTransfer is one member's transfer of one year as the household
// page shows it, with the transport subsidy paid for that year if any.
type HouseholdTransfer struct {
	Name        string
	Year        int
	Destination string
	Province    string
	Months      int
	IncomeFen   int64
	SubsidyFen  int64  // 0 when none was paid
	PaidDay     string // the batch's day (YYYY-MM-DD), "" when none was paid
}

// OfHousehold lists the transfers of the members of a household of scope,
// newest year first, each with the subsidy paid for it; a household outside
// scope has none.
func OfHousehold(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]HouseholdTransfer, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "labour: household transfers", func(rows store.Scanner) (HouseholdTransfer, error) {
		var t HouseholdTransfer
		var fen sql.NullInt64
		var day sql.NullString
		if err := rows.Scan(&t.Name, &t.Year, &t.Destination, &t.Province, &t.Months, &t.IncomeFen, &fen, &day); err != nil {
			return t, err
		}
		t.SubsidyFen, t.PaidDay = fen.Int64, day.String
		return t, nil
	}, `SELECT p.name, t.year, t.destination, t.province, t.months, t.income_fen,
		pay.amount_fen, b.day
		FROM labour_transfers t
		JOIN households h ON h.id = t.household_id
		JOIN persons p ON p.id = t.person_id
		LEFT JOIN labour_subsidy_payments pay ON pay.person_id = t.person_id AND pay.year = t.year
		LEFT JOIN labour_subsidy_batches b ON b.id = pay.batch_id
		WHERE t.household_id = ? AND `+where+`
		ORDER BY t.year DESC, p.id`, append([]any{householdID}, args...)...)
}
