package casework

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// CountOverdue returns how many of the scope's cases, of every source, were
// overdue at asOf's day by the rule of CountSelfReports: opened on or
// before that day and either undecided now with their current deadline
// before it, or decided after it with the whole process's deadline before
// it. It also returns how many of those were opened from a self-report.
func CountOverdue(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (all, selfReports int, err error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return 0, 0, err
	}
	today := asOf.In(civil.Zone)
	end := store.Stamp(time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, civil.Zone))
	d := civil.DateOf(asOf).String()
	err = q.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN source = ? THEN 1 ELSE 0 END), 0)
		FROM cases WHERE opened_at < ? AND (`+dueSQL+` < ? OR outcome <> '' AND decided_at >= ? AND total_due <> '' AND total_due < ?)
		AND `+where,
		append([]any{string(SourceSelfReport), end, d, end, d}, args...)...).Scan(&all, &selfReports)
	if err != nil {
		return 0, 0, fmt.Errorf("casework: count overdue cases: %w", err)
	}
	return all, selfReports, nil
}
