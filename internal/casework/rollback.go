package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// RollbackElimination is 风险消除回退: an elimination found wrong is undone
// and the household of the scope returns to monitoring as if it had never
// been eliminated — its elimination columns go back to what they were
// before (the last monitoring_history state not eliminated; blank when none
// was recorded), its identification stays. A history row records the
// rollback with its reason, nothing is deleted; the case that decided the
// elimination, if any, gets the rollback on its timeline. Only county,
// city and admin users may roll back (fault.Forbidden); a reason is
// required (fault.Invalid); a household whose risk is not eliminated is
// fault.Conflict; one outside the scope is store.ErrNotFound. Re-marking
// (重新标注风险) after a correct elimination is not a rollback: it is an
// identification case that enrols the eliminated household again.
func RollbackElimination(ctx context.Context, q store.Querier, scope store.Scope, user auth.User, householdID int64,
	reason string, now time.Time) error {
	if user.Disabled || !slices.Contains(countyUp, user.Role) {
		return forbidden(user.Role, EventRollback)
	}
	if !trimFits(&reason, 500, true) {
		return fault.Invalidf("reason", "请填写回退理由（不超过500个字）", "Give the reason for the rollback (at most 500 characters)")
	}
	h, err := household(ctx, q, scope, householdID)
	if err != nil {
		return err
	}
	s, err := readState(ctx, q, h.id)
	if err != nil {
		return err
	}
	if !s.eliminated {
		return conflict(fault.T("风险未消除", "risk not eliminated"), EventRollback, fault.T("只有风险已消除的农户才能回退", "only a household whose risk is eliminated can be rolled back"))
	}
	prev, err := stateBefore(ctx, q, s)
	if err != nil {
		return err
	}
	if err := prev.write(ctx, q, true, EventRollback, "rollback", reason, now); err != nil {
		return err
	}
	caseID, err := noteRollback(ctx, q, user, s, reason, now)
	if err != nil {
		return err
	}
	return audit.Record(ctx, q, audit.Event{Action: "household.elimination_rollback", Entity: "household", EntityID: h.code, Region: h.region,
		Detail: map[string]any{"reason": reason, "eliminated_month": s.elimMonth, "mode": s.mode, "case_id": caseID}})
}

// stateBefore is s before its current elimination: the latest recorded
// state that was not eliminated gives the elimination columns (an earlier
// elimination and its re-marking); without one they are blank, the
// re-marking kept.
func stateBefore(ctx context.Context, q store.Querier, s monitorState) (monitorState, error) {
	prev := s
	prev.eliminated, prev.mode, prev.elimMonth = false, "", 0
	var elim, mark sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT elimination_mode, eliminated_month, remarked_month FROM monitoring_history
		WHERE household_id = ? AND eliminated = 0 ORDER BY id DESC LIMIT 1`, s.id).Scan(&prev.mode, &elim, &mark)
	if errors.Is(err, sql.ErrNoRows) {
		return prev, nil
	}
	if err != nil {
		return prev, fmt.Errorf("casework: monitoring history of household %d: %w", s.id, err)
	}
	prev.elimMonth, prev.mark = elim.Int64, mark.Int64
	return prev, nil
}

// noteRollback puts the rollback on the timeline of the elimination case
// that decided it (the household's latest), returning its id (0 when the
// elimination came from elsewhere, e.g. an import).
func noteRollback(ctx context.Context, q store.Querier, user auth.User, s monitorState, reason string, now time.Time) (int64, error) {
	c, err := scanCase(q.QueryRowContext(ctx, "SELECT "+caseCols+` FROM cases WHERE household_id = ? AND purpose = ?
		AND outcome = ? ORDER BY id DESC LIMIT 1`, s.id, string(PurposeElimination), string(OutcomeEliminated)))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("casework: elimination case of household %d: %w", s.id, err)
	}
	if decided, err := time.Parse(time.RFC3339, c.DecidedAt); err != nil ||
		int64(registry.MonthOf(decided.In(civil.Zone))) != s.elimMonth {
		return 0, nil // an older case: this elimination came from elsewhere
	}
	ch := change{by: user, action: EventRollback, from: c.State, to: c.State, comment: reason,
		data: Data{"eliminated_month": s.elimMonth}}
	if err := insertEvent(ctx, q, c, ch, now); err != nil {
		return 0, err
	}
	return c.ID, touch(ctx, q, c.ID, now)
}
