package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// checkElimination runs, inside Act, what an elimination case's step needs
// from the database: each decision (village review, township review, county
// approval) keeps the criteria as they stood in its data ("check"), and
// county approval is refused while one is unmet. The county may still
// refuse (approve: false) at any time.
func checkElimination(ctx context.Context, q store.Querier, scope store.Scope, a Action, n Case, clean Data,
	now time.Time) error {
	if n.Purpose != PurposeElimination {
		return nil
	}
	if _, ok := decisions[a]; !ok {
		return nil
	}
	ch, err := EliminationCheck(ctx, q, scope, n.HouseholdID, now)
	if err != nil {
		return err
	}
	clean["check"] = ch
	if n.State == StateEliminated && !ch.Met() {
		return unmetConflict(StateTownshipReviewed, ch)
	}
	return nil
}

// monitorState is a household's monitoring columns, as monitoring_history
// records them.
type monitorState struct {
	id                      int64
	region, category, risks string
	identified              int64
	eliminated              bool
	mode                    string
	elimMonth, mark         int64
}

// readState reads the monitoring columns of a household the caller has
// found in its scope.
func readState(ctx context.Context, q store.Querier, id int64) (monitorState, error) {
	s := monitorState{id: id}
	var ident, elim, mark sql.NullInt64
	var flag int
	err := q.QueryRowContext(ctx, `SELECT region_code, category, risk_types, identified_month, eliminated,
		elimination_mode, eliminated_month, remarked_month FROM households WHERE id = ?`, id).Scan(
		&s.region, &s.category, &s.risks, &ident, &flag, &s.mode, &elim, &mark)
	if err != nil {
		return s, fmt.Errorf("casework: household %d: %w", id, err)
	}
	s.identified, s.eliminated, s.elimMonth, s.mark = ident.Int64, flag == 1, elim.Int64, mark.Int64
	return s, nil
}

// write stores the elimination columns of s on the household, if its
// eliminated flag is still was (two users acting at once: the second gets a
// conflict), and records s in monitoring_history with source and reason.
func (s monitorState) write(ctx context.Context, q store.Querier, was bool, a Action, source, reason string, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE households SET eliminated = ?, elimination_mode = ?, eliminated_month = ?,
		remarked_month = ?, updated_at = ? WHERE id = ? AND eliminated = ?`, store.Bool01(s.eliminated), s.mode,
		nullMonth(s.elimMonth), nullMonth(s.mark), store.Stamp(now), s.id, store.Bool01(was))
	if err != nil {
		return fmt.Errorf("casework: household %d: %w", s.id, err)
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return conflict(fault.T("已变更", "changed"), a, fault.T("农户的监测状态刚被他人修改，请刷新后重试", "someone has just changed the household's monitoring state; reload and try again"))
	}
	_, err = q.ExecContext(ctx, `INSERT INTO monitoring_history (household_id, county, region_code, recorded_at, source,
		category, identified_month, eliminated, elimination_mode, eliminated_month, remarked_month, risk_types, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.id, region.County(s.region), s.region, store.Stamp(now), source, s.category,
		nullMonth(s.identified), store.Bool01(s.eliminated), s.mode, nullMonth(s.elimMonth), nullMonth(s.mark), s.risks, reason)
	if err != nil {
		return fmt.Errorf("casework: monitoring history of household %d: %w", s.id, err)
	}
	return nil
}

// eliminateHousehold is the effect of an elimination case's approval: the
// household's risk is eliminated this month (China time) in the case's
// mode; its identification and any earlier re-marking stay as they were.
func eliminateHousehold(ctx context.Context, q store.Querier, scope store.Scope, c Case, now time.Time) error {
	h, err := household(ctx, q, scope, c.HouseholdID)
	if err != nil {
		return err
	}
	s, err := readState(ctx, q, h.id)
	if err != nil {
		return err
	}
	if s.identified == 0 || s.eliminated {
		return conflict(fault.T("不在监测中", "not monitored"), ActCountyApprove, fault.T("农户当前不在监测中，无需消除风险", "the household is not monitored, so there is no risk to eliminate"))
	}
	s.eliminated, s.mode, s.elimMonth = true, c.Mode, int64(registry.MonthOf(now.In(civil.Zone)))
	reason := fmt.Sprintf("风险消除案件%d号经县级审定（%s）", c.ID, c.Mode)
	return s.write(ctx, q, false, ActCountyApprove, "elimination", reason, now)
}
