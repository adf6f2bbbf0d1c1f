package casework

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Counts are the 一键报贫 figures of docs/figures.md (self_reports): cases opened
// from self-reports on or before the day of asOf (China time), those opened
// in its year, those decided by then (handled), and those open at asOf and
// past their deadline (overdue).
type Counts struct {
	Total, ThisYear, Handled, Overdue int
}

// CountSelfReports returns the Counts of the scope's self-report cases as of
// asOf's day. A case decided after asOf counts as overdue when the whole
// process's deadline had passed by then; the step deadlines of a past day
// are not reconstructed.
func CountSelfReports(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (Counts, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Counts{}, err
	}
	today := asOf.In(civil.Zone)
	end := store.Stamp(time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, civil.Zone))
	jan := store.Stamp(time.Date(today.Year(), 1, 1, 0, 0, 0, 0, civil.Zone))
	d := civil.DateOf(asOf).String()
	var c Counts
	err = q.QueryRowContext(ctx, `SELECT count(*),
		COALESCE(sum(CASE WHEN opened_at >= ? THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN outcome <> '' AND decided_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+overdueSQL+` THEN 1 ELSE 0 END), 0)
		FROM cases WHERE source = ? AND opened_at < ? AND `+where,
		append([]any{jan, end, d, end, d, string(SourceSelfReport), end}, args...)...).Scan(
		&c.Total, &c.ThisYear, &c.Handled, &c.Overdue)
	if err != nil {
		return Counts{}, fmt.Errorf("casework: count self-reports: %w", err)
	}
	return c, nil
}

// overdueSQL is true for a case overdue at a day d (end: the first moment
// after it), with the arguments d, end, d: undecided now with its current
// deadline before d, or decided at or after end with the whole process's
// deadline before d.
const overdueSQL = dueSQL + ` < ? OR outcome <> '' AND decided_at >= ? AND total_due <> '' AND total_due < ?`

// CountOverdue returns the number of the scope's cases of every source
// opened before the end of asOf's day (China time) that are overdue then, by
// the rule of CountSelfReports, and how many of those came from a
// self-report.
func CountOverdue(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (all, selfReports int, err error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return 0, 0, err
	}
	d := civil.DateOf(asOf)
	end := store.Stamp(d.AddDays(1).Time())
	err = q.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN source = ? THEN 1 ELSE 0 END), 0)
		FROM cases WHERE opened_at < ? AND (`+overdueSQL+`) AND `+where,
		append([]any{string(SourceSelfReport), end, d.String(), end, d.String()}, args...)...).Scan(&all, &selfReports)
	if err != nil {
		return 0, 0, fmt.Errorf("casework: count overdue: %w", err)
	}
	return all, selfReports, nil
}
