package monitoring

import (
	"context"
	"database/sql"

	"fangpin/internal/store"
)

// MeasureRow is one measure of a ledger: the measure (its progress not
// read), its household and the latest progress entry.
type MeasureRow struct {
	Measure
	HouseholdCode, HeadName string
	LastOn, LastNote        string // the latest progress entry's day and note; "" when none
	Updates                 int    // progress entries recorded
}

// ForEachMeasure calls fn with every measure of the scope narrowed to
// region whose span meets the period: started on or before to and due on
// or after from (days YYYY-MM-DD, both included). Order: village, household
// code, start day, id. One cursor, so memory stays flat; it stops at the
// first error of fn or of ctx.
func ForEachMeasure(ctx context.Context, q store.Querier, scope store.Scope, region, from, to string,
	fn func(MeasureRow) error) error {
	where, args, err := scope.NarrowWhere(region, "m.region_code")
	if err != nil {
		return err
	}
	return store.Each(ctx, q, "monitoring: measures", func(rows store.Scanner) error {
		var err error
		var r MeasureRow
		var on, note sql.NullString
		if r.Measure, err = scanMeasure(rows, &r.HouseholdCode, &r.HeadName, &on, &note, &r.Updates); err != nil {
			return err
		}
		r.LastOn, r.LastNote = on.String, note.String
		return fn(r)
	}, "SELECT "+measureCols+`, h.code, COALESCE((SELECT p.name FROM persons p
		WHERE p.household_id = h.id AND p.relation = '户主' AND p.active = 1 ORDER BY p.id LIMIT 1), ''),
		(SELECT u.on_date FROM measure_updates u WHERE u.measure_id = m.id ORDER BY u.on_date DESC, u.id DESC LIMIT 1),
		(SELECT u.note FROM measure_updates u WHERE u.measure_id = m.id ORDER BY u.on_date DESC, u.id DESC LIMIT 1),
		(SELECT count(*) FROM measure_updates u WHERE u.measure_id = m.id)
		FROM measures m JOIN households h ON h.id = m.household_id
		WHERE `+where+` AND m.start_on <= ? AND m.due_on >= ? ORDER BY m.region_code, h.code, m.start_on, m.id`,
		append(args, to, from)...)
}
