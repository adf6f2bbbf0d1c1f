package casework

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/store"
)

// FillDeadlines gives the undecided cases of the scope that were opened
// without deadlines (no working-day calendar then, or an elimination case
// of before elimination deadlines) the deadlines counted from their opening,
// through q, and returns how many it changed. An elimination case starts
// accepted, so it gets no acceptance deadline. With dl nil it does nothing.
func FillDeadlines(ctx context.Context, q store.Querier, scope store.Scope, dl Deadlines) (int, error) {
	where, args, err := scope.Where("region_code")
	if err != nil || dl == nil {
		return 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, opened_at, purpose FROM cases
		WHERE outcome = '' AND closed_at = '' AND total_due = '' AND `+where+" ORDER BY id", args...)
	if err != nil {
		return 0, fmt.Errorf("casework: cases without deadlines: %w", err)
	}
	type pending struct {
		id      int64
		opened  string
		purpose Purpose
	}
	var todo []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.opened, &p.purpose); err != nil {
			rows.Close()
			return 0, fmt.Errorf("casework: cases without deadlines: %w", err)
		}
		todo = append(todo, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, p := range todo {
		opened, err := time.Parse(time.RFC3339, p.opened)
		if err != nil {
			continue // not a time: leave the case as it is
		}
		accept, verify, total, _ := dues(dl, opened)
		if p.purpose == PurposeElimination {
			accept = ""
		}
		if total == "" {
			continue
		}
		if _, err := q.ExecContext(ctx, "UPDATE cases SET accept_due = ?, verify_due = ?, total_due = ? WHERE id = ?",
			accept, verify, total, p.id); err != nil {
			return n, fmt.Errorf("casework: deadlines of case %d: %w", p.id, err)
		}
		n++
	}
	return n, nil
}
