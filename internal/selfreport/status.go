package selfreport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// StatusView is what the family sees for a receipt: the state of its case.
type StatusView struct {
	Receipt   string `json:"receipt"`
	Status    string `json:"status"` // the case's state
	Label     string `json:"label"`  // in the family's words
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	DueBy     string `json:"due_by"` // the acceptance deadline promised on the receipt
	// StepDue is the deadline of the step the case waits for now ("" once
	// decided) and StepName that step in plain words: acceptance, the home
	// visit, the decision.
	StepDue   string `json:"step_due"`
	StepName  string `json:"step_name"`
	Outcome   string `json:"outcome"` // "", enrolled, not_qualifying
	Reason    string `json:"reason"`  // why not qualifying
	Objected  bool   `json:"objected"`
	CanObject bool   `json:"can_object"`
	caseID    int64
}

// familyLabels say each state in plain words; other states use the case's
// own label.
var familyLabels = map[casework.State]string{
	casework.StateReported: "已收到，等待乡镇受理",
	casework.StateAccepted: "乡镇已受理，村里将入户核实",
	casework.StateEnrolled: "已纳入防返贫监测，将为您家制定帮扶措施",
	casework.StateClosed:   "经核实不符合纳入条件",
}

// Status returns the state of a report. The phone number used in the report
// must match; a wrong phone or an unknown receipt are the same not-found.
func (s *Service) Status(ctx context.Context, receipt, phone, ip string) (StatusView, error) {
	if err := s.lim.allow("status:"+ip, 60, time.Hour, s.now()); err != nil {
		return StatusView{}, err
	}
	var v StatusView
	var objectedAt, state, outcome, reason, updated, acceptDue, verifyDue, totalDue sql.NullString
	var caseID sql.NullInt64
	receipt = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(receipt), "-", ""))
	err := s.db.Reader().QueryRowContext(ctx, `SELECT r.receipt, r.created_at, r.updated_at, r.due_by, r.objected_at,
		c.id, c.state, c.outcome, c.outcome_reason, c.updated_at, c.accept_due, c.verify_due, c.total_due
		FROM self_reports r LEFT JOIN cases c ON c.id = r.case_id WHERE r.receipt = ? AND r.phone_idx = ?`,
		receipt, s.keys.Index(strings.TrimSpace(phone))).Scan(&v.Receipt, &v.CreatedAt, &v.UpdatedAt, &v.DueBy,
		&objectedAt, &caseID, &state, &outcome, &reason, &updated, &acceptDue, &verifyDue, &totalDue)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("selfreport: receipt: %w", ErrNoReport)
	}
	if err != nil {
		return v, fmt.Errorf("selfreport: status: %w", err)
	}
	v.caseID, v.Status, v.Outcome, v.Reason = caseID.Int64, state.String, outcome.String, reason.String
	if updated.Valid && updated.String > v.UpdatedAt {
		v.UpdatedAt = updated.String
	}
	st := casework.State(v.Status)
	if v.Label = familyLabels[st]; v.Label == "" {
		v.Label = st.Label()
	}
	v.StepDue, v.StepName = stepDue(casework.Case{State: st, Outcome: casework.Outcome(v.Outcome), AcceptDue: acceptDue.String,
		VerifyDue: verifyDue.String, TotalDue: totalDue.String}, v.DueBy, caseID.Valid)
	v.Objected = objectedAt.Valid
	v.CanObject = v.Outcome == string(casework.OutcomeNotQualifying) && !v.Objected
	return v, nil
}

// stepDue is the deadline the family waits on and its step in plain words:
// the receipt's acceptance deadline until a case exists, then the case's
// current deadline (casework.Case.Due); nothing once the case is decided.
func stepDue(c casework.Case, receiptDue string, hasCase bool) (string, string) {
	if !hasCase {
		return receiptDue, stepNames[0]
	}
	due := c.Due()
	switch {
	case due == "" || c.State.Final():
		return "", ""
	case due == c.AcceptDue && c.State == casework.StateReported:
		return due, stepNames[0]
	case due == c.VerifyDue:
		return due, stepNames[1]
	}
	return due, stepNames[2]
}

// stepNames are the steps a family waits on, in its words.
var stepNames = [3]string{"乡镇受理", "村里入户核实", "审核办结"}

// ErrObjection explains why an objection cannot be taken.
var ErrObjection = fault.Conflictf("只有经核实不符合条件的申报可以提出一次异议",
	"Only a report found not to qualify may be objected to, and only once")

// ErrNoReport is a receipt that is unknown or does not go with the phone
// number (the two look the same).
var ErrNoReport = fault.NotFoundf("没有查到：请核对回执号和手机号码", "Nothing found: please check the receipt number and the phone number")

// Object records the family's written objection to a "not qualifying"
// outcome, once: the case is reopened for review.
func (s *Service) Object(ctx context.Context, receipt, phone, text, ip string) error {
	v, err := s.Status(ctx, receipt, phone, ip)
	if err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n < 2 || n > 1000 {
		return fieldError(map[string]fault.Text{"objection": fault.T("请写明您的异议理由（最多1000字）", "Write why you object (at most 1000 characters)")})
	}
	if !v.CanObject {
		return ErrObjection
	}
	return s.db.Transact(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE self_reports SET objection = ?, objected_at = ?, updated_at = ?
			WHERE receipt = ? AND objected_at IS NULL`, text, s.stamp(), s.stamp(), v.Receipt)
		if err != nil {
			return fmt.Errorf("selfreport: objection: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrObjection
		}
		_, err = casework.Act(ctx, tx, store.ScopeAll(), casework.System, v.caseID, casework.ActReopen,
			"农户异议", casework.Data{"objection": text}, s.now())
		return err
	})
}
