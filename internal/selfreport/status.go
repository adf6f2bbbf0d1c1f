package selfreport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/store"
)

// StatusView is what the family sees for a receipt.
type StatusView struct {
	Receipt   string `json:"receipt"`
	Status    string `json:"status"`
	Label     string `json:"label"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	DueBy     string `json:"due_by"`
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason"`
	Objected  bool   `json:"objected"`
	CanObject bool   `json:"can_object"`
}

// statusLabels are the states in the family's words.
var statusLabels = map[string]string{
	StatusReceived: "已收到，等待乡镇受理",
	"accepted":     "乡镇已受理，村里将入户核实",
	"objected":     "已收到您的异议，正在重新审核",
}

var outcomeLabels = map[string]string{
	"enrolled":       "已纳入防返贫监测，将为您家制定帮扶措施",
	"not_qualifying": "经核实不符合纳入条件",
}

// Status returns the state of a report. The phone number used in the report
// must match; a wrong phone or an unknown receipt are the same not-found.
func (s *Service) Status(ctx context.Context, receipt, phone, ip string) (StatusView, error) {
	if err := s.lim.allow("status:"+ip, 60, time.Hour, s.now()); err != nil {
		return StatusView{}, err
	}
	var v StatusView
	var objectedAt sql.NullString
	receipt = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(receipt), "-", ""))
	err := s.db.Reader().QueryRowContext(ctx, `SELECT receipt, status, created_at, updated_at, due_by, outcome, reason, objected_at
		FROM self_reports WHERE receipt = ? AND phone_idx = ?`, receipt, s.keys.Index(strings.TrimSpace(phone))).Scan(
		&v.Receipt, &v.Status, &v.CreatedAt, &v.UpdatedAt, &v.DueBy, &v.Outcome, &v.Reason, &objectedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("selfreport: receipt: %w", store.ErrNotFound)
	}
	if err != nil {
		return v, fmt.Errorf("selfreport: status: %w", err)
	}
	v.Label = statusLabels[v.Status]
	if l, ok := outcomeLabels[v.Outcome]; ok {
		v.Label = l
	}
	v.Objected = objectedAt.Valid
	v.CanObject = v.Outcome == "not_qualifying" && !v.Objected
	return v, nil
}

// ErrObjection explains why an objection cannot be taken.
var ErrObjection = errors.New("只有经核实不符合条件的申报可以提出一次异议")

// Object records the family's written objection to a "not qualifying"
// outcome, once; the report goes back to review.
func (s *Service) Object(ctx context.Context, receipt, phone, text, ip string) error {
	v, err := s.Status(ctx, receipt, phone, ip)
	if err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n < 2 || n > 1000 {
		return &FieldError{Fields: map[string]string{"objection": "请写明您的异议理由（最多1000字）"}}
	}
	if !v.CanObject {
		return ErrObjection
	}
	now := s.stamp()
	res, err := s.db.Writer().ExecContext(ctx, `UPDATE self_reports SET objection = ?, objected_at = ?, status = 'objected',
		outcome = '', updated_at = ? WHERE receipt = ? AND objected_at IS NULL AND outcome = 'not_qualifying'`,
		text, now, now, v.Receipt)
	if err != nil {
		return fmt.Errorf("selfreport: objection: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrObjection
	}
	return nil
}

// Counts are the 一键报贫 figures of CONTRACT §5 for a scope as of a date.
type Counts struct {
	Total, ThisYear, Handled, Overdue int
}

// CountReports counts the reports of the scope made on or before asOf:
// handled = decided (outcome given); overdue = undecided and past the
// promised date at asOf.
func CountReports(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (Counts, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Counts{}, err
	}
	end := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 23, 59, 59, 0, china).UTC().Format(time.RFC3339)
	jan := time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, china).UTC().Format(time.RFC3339)
	day := asOf.Format("2006-01-02")
	var c Counts
	err = q.QueryRowContext(ctx, `SELECT count(*),
		COALESCE(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN outcome <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN outcome = '' AND due_by <> '' AND due_by < ? THEN 1 ELSE 0 END), 0)
		FROM self_reports WHERE created_at <= ? AND `+where, append([]any{jan, day, end}, args...)...).Scan(
		&c.Total, &c.ThisYear, &c.Handled, &c.Overdue)
	if err != nil {
		return c, fmt.Errorf("selfreport: counts: %w", err)
	}
	return c, nil
}
