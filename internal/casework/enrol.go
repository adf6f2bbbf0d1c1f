package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// householdRow is the monitoring state of a registered household.
type householdRow struct {
	id, identified  int64 // identified: YYYYMM, 0 when never
	region, code    string
	eliminated      bool
	mode            string
	elimMonth, mark int64
}

// household reads a household of the scope; one outside it is
// store.ErrNotFound.
func household(ctx context.Context, q store.Querier, scope store.Scope, id int64) (householdRow, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return householdRow{}, err
	}
	h := householdRow{id: id}
	var ident, elim, mark sql.NullInt64
	var flag int
	err = q.QueryRowContext(ctx, `SELECT code, region_code, identified_month, eliminated, elimination_mode,
		eliminated_month, remarked_month FROM households WHERE id = ? AND `+where, append([]any{id}, args...)...).Scan(
		&h.code, &h.region, &ident, &flag, &h.mode, &elim, &mark)
	if err = store.Found(err, fmt.Sprintf("casework: household %d", id)); err != nil {
		return h, err
	}
	h.identified, h.eliminated, h.elimMonth, h.mark = ident.Int64, flag == 1, elim.Int64, mark.Int64
	return h, nil
}

// enrolHousehold puts the case's household (if linked) under monitoring:
// category and risk types from the enrolment; the identification month is
// now's (China time) unless the household was identified before, which a
// re-marking keeps so that it is not counted as newly identified again; a
// household whose risk had been eliminated is re-marked this month, its
// elimination kept as history. A monitoring_history row records the new
// state.
func enrolHousehold(ctx context.Context, q store.Querier, scope store.Scope, c Case, now time.Time) error {
	if c.HouseholdID == 0 {
		return nil
	}
	h, err := household(ctx, q, scope, c.HouseholdID)
	if err != nil {
		return err
	}
	month := int64(registry.MonthOf(now.In(civil.Zone)))
	var on any // identified_on: the enrolment day of a household identified now; kept on a re-marking
	if h.identified == 0 {
		h.identified, on = month, civil.DateOf(now).String()
	}
	if h.eliminated {
		h.mark = month
	}
	risks := joinRisks(c.RiskTypes)
	_, err = q.ExecContext(ctx, `UPDATE households SET category = ?, identified_month = ?, eliminated = 0,
		remarked_month = ?, risk_types = ?, updated_at = ?, identified_on = COALESCE(?, identified_on) WHERE id = ?`,
		c.Category, h.identified, nullMonth(h.mark), risks, store.Stamp(now), on, h.id)
	if err != nil {
		return fmt.Errorf("casework: enrol household %s: %w", h.code, err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO monitoring_history (household_id, county, region_code, recorded_at, source,
		category, identified_month, eliminated, elimination_mode, eliminated_month, remarked_month, risk_types)
		VALUES (?, ?, ?, ?, 'casework', ?, ?, 0, ?, ?, ?, ?)`, h.id, region.County(h.region), h.region, store.Stamp(now),
		c.Category, h.identified,
		h.mode, nullMonth(h.elimMonth), nullMonth(h.mark), risks)
	if err != nil {
		return fmt.Errorf("casework: monitoring history of household %s: %w", h.code, err)
	}
	return nil
}

func nullMonth(m int64) any {
	if m == 0 {
		return nil
	}
	return m
}
