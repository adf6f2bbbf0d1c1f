package casework

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Act takes action a with comment and data on case id of the scope, as user,
// at now, through tx (the caller's transaction): it checks the role
// (fault.Forbidden), the transition (fault.Conflict) and the data
// (fault.Invalid), updates the case, appends the event and the audit entry,
// and on enrolment puts the linked household under monitoring — all or
// nothing with tx. A case outside the scope is store.ErrNotFound. It
// returns the case after the step.
func Act(ctx context.Context, tx store.Querier, scope store.Scope, user auth.User, id int64, a Action,
	comment string, data Data, now time.Time) (Case, error) {
	if !a.Valid() {
		return Case{}, fault.Invalidf("action", "未知的办理步骤“%s”", "Unknown step “%s”", string(a))
	}
	if !trimFits(&comment, 2000, false) {
		return Case{}, fault.Invalidf("comment", "办理意见不能超过2000个字", "The comment must not exceed 2000 characters")
	}
	c, err := load(ctx, tx, scope, id)
	if err != nil {
		return Case{}, err
	}
	if !May(user, c.State, a) {
		return Case{}, forbidden(user.Role, a)
	}
	n, clean, err := c.apply(a, data, now)
	if err != nil {
		return Case{}, err
	}
	if err := checkElimination(ctx, tx, scope, a, n, clean, now); err != nil {
		return Case{}, err
	}
	if err := save(ctx, tx, a, c, n); err != nil {
		return Case{}, err
	}
	if n.State == StateEnrolled && c.State != StateEnrolled {
		if err := enrolHousehold(ctx, tx, scope, n, now); err != nil {
			return Case{}, err
		}
	}
	if n.State == StateEliminated && c.State != StateEliminated {
		if err := eliminateHousehold(ctx, tx, scope, n, now); err != nil {
			return Case{}, err
		}
	}
	ch := change{by: user, action: a, from: c.State, to: n.State, comment: comment, data: clean}
	if err := record(ctx, tx, n, ch, now); err != nil {
		return Case{}, err
	}
	return n, nil
}

// save writes the case after a step. The row was read in the scope by the
// same transaction; the WHERE clause also holds the state it was read in, so
// that of two users acting at once the second gets a conflict instead of
// overwriting the first.
func save(ctx context.Context, q store.Querier, a Action, old, n Case) error {
	res, err := q.ExecContext(ctx, `UPDATE cases SET state = ?, category = ?, risk_types = ?, outcome = ?,
		outcome_reason = ?, objection_count = ?, outstanding = ?, notice_start = ?, decided_at = ?, closed_at = ?,
		updated_at = ? WHERE id = ? AND state = ? AND outstanding = ? AND objection_count = ?`,
		string(n.State), n.Category, joinRisks(n.RiskTypes), string(n.Outcome), n.OutcomeReason, n.ObjectionCount,
		n.Outstanding.String(), n.NoticeStart, n.DecidedAt, n.ClosedAt, n.UpdatedAt,
		old.ID, string(old.State), old.Outstanding.String(), old.ObjectionCount)
	if err != nil {
		return fmt.Errorf("casework: save case %d: %w", old.ID, err)
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return conflict(old.State, a, fault.T("案件刚被他人办理，请刷新后重试", "someone has just acted on the case; reload and try again"))
	}
	return nil
}
