package screening

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// DecisionKind is what a cadre decided on a warning after checking it.
type DecisionKind string

// The decisions on a warning.
const (
	DecideOpenCase DecisionKind = "open_case" // a possible case: open it for home verification (status case)
	DecideHandled  DecisionKind = "handled"   // already monitored and the risk is being helped (status handled)
	DecideNotRisk  DecisionKind = "not_risk"  // checked, not a risk; a reason is required (status dismissed)
)

var decisionStatus = map[DecisionKind]Status{DecideOpenCase: StatusCase, DecideHandled: StatusHandled, DecideNotRisk: StatusDismissed}

// Decision is the input of Decide.
type Decision struct {
	Kind      DecisionKind
	Reason    string
	Now       time.Time          // zero: time.Now
	Deadlines casework.Deadlines // the clocks of a case opened (nil: none computed)
}

// Decide records a decision on an open warning of the scope, through q, the
// caller's transaction: for open_case it opens a casework case (source
// warning, ref "warning:ID", the household, the rule's risk type) and links
// it. A warning outside the scope is store.ErrNotFound, one already decided
// fault.Conflict, a role that may not work on cases fault.Forbidden, a
// missing reason fault.Invalid.
func Decide(ctx context.Context, q store.Querier, scope store.Scope, user auth.User, id int64, d Decision) (Warning, error) {
	if !user.Can(auth.PermEditRegistry) {
		return Warning{}, mayNotDecide(user.Role)
	}
	if err := d.check(); err != nil {
		return Warning{}, err
	}
	w, err := Find(ctx, q, scope, id)
	if err != nil {
		return Warning{}, err
	}
	if w.Status != StatusOpen {
		return Warning{}, decided(w.Status)
	}
	var caseID any
	if d.Kind == DecideOpenCase {
		c, err := openCase(ctx, q, scope, user, w, d)
		if err != nil {
			return Warning{}, err
		}
		caseID = c.ID
	}
	res, err := q.ExecContext(ctx, `UPDATE warnings SET status = ?, decision = ?, reason = ?, case_id = ?, decided_by = ?,
		decided_at = ? WHERE id = ? AND status = ?`, string(decisionStatus[d.Kind]), string(d.Kind), d.Reason, caseID,
		user.Username, store.Stamp(d.Now), id, string(StatusOpen))
	if err != nil {
		return Warning{}, fmt.Errorf("screening: decide warning %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 { // decided meanwhile by someone else
		now, _ := Find(ctx, q, scope, id)
		return Warning{}, decided(now.Status)
	}
	err = audit.Record(ctx, q, audit.Event{Action: "warning.decide", Entity: "warning", EntityID: strconv.FormatInt(id, 10),
		Region: w.Region, Detail: map[string]any{"decision": string(d.Kind), "rule": string(w.Rule), "case_id": caseID}})
	if err != nil {
		return Warning{}, fmt.Errorf("screening: decide warning %d: %w", id, err)
	}
	return Find(ctx, q, scope, id)
}

func (d *Decision) check() error {
	d.Reason = strings.TrimSpace(d.Reason)
	if d.Now.IsZero() {
		d.Now = time.Now()
	}
	switch {
	case decisionStatus[d.Kind] == "":
		return fault.Invalidf("decision", "处理方式应为 open_case（转为案件核实）、handled（已在监测帮扶中处置）或 not_risk（核实无风险）",
			"The decision must be open_case (open a case to verify), handled (already helped under monitoring) or not_risk (verified: no risk)")
	case d.Kind == DecideNotRisk && d.Reason == "":
		return fault.Invalidf("reason", "核实无风险时请填写理由", "Give the reason when the warning is not a risk")
	case utf8.RuneCountInString(d.Reason) > 500:
		return fault.Invalidf("reason", "理由不能超过500个字", "The reason must not exceed 500 characters")
	}
	return nil
}

// openCase opens the casework case of a warning for its household.
func openCase(ctx context.Context, q store.Querier, scope store.Scope, user auth.User, w Warning, d Decision) (casework.Case, error) {
	var name, idx string
	err := q.QueryRowContext(ctx, `SELECT name, id_idx FROM persons WHERE household_id = ? AND active = 1
		ORDER BY CASE WHEN relation = '户主' THEN 0 ELSE 1 END, id LIMIT 1`, w.HouseholdID).Scan(&name, &idx)
	if errors.Is(err, sql.ErrNoRows) {
		name = "户" + w.HouseholdCode // no current member: name the household
	} else if err != nil {
		return casework.Case{}, fmt.Errorf("screening: head of household %d: %w", w.HouseholdID, err)
	}
	desc := w.Summary()
	if d.Reason != "" {
		desc += "\n" + d.Reason
	}
	return casework.Open(ctx, q, scope, casework.NewCase{HouseholdID: w.HouseholdID, HeadName: name, IDIndex: idx,
		Source: casework.SourceWarning, SourceRef: "warning:" + strconv.FormatInt(w.ID, 10),
		RiskTypes: []string{w.Rule.RiskType()}, Description: desc, By: user}, d.Now, d.Deadlines)
}

func labelOr(label, name string) string {
	if label == "" {
		return name
	}
	return label
}
