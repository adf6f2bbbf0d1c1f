package monitoring

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

// FitRule says that measures of MeasureType (and MeasureSubtype, when set)
// address RiskType, for the reason Basis.
type FitRule struct {
	ID                                    int64
	RiskType, MeasureType, MeasureSubtype string
	Basis                                 string
	Source                                string // "seed" or the admin who set it
	UpdatedAt                             string
}

// Fits reports whether a measure of this type and sub-type matches the rule.
func (r FitRule) Fits(typ, sub string) bool {
	return r.MeasureType == typ && (r.MeasureSubtype == "" || r.MeasureSubtype == sub)
}

var brackets = strings.NewReplacer("（", "(", "）", ")")

// riskBase strips a bracketed sub-type: 因自然灾害(洪涝) is 因自然灾害.
func riskBase(r string) string {
	if !strings.ContainsAny(r, "(（ ") {
		return r // the stored form: no brackets, no spaces
	}
	r = brackets.Replace(strings.TrimSpace(r))
	if i := strings.IndexByte(r, '('); i > 0 {
		return r[:i]
	}
	return r
}

// RiskOther is the risk type any measure addresses.
const RiskOther = "其他"

// Seed inserts the default rows that are missing; it never changes a row an
// admin set, nor brings back one an admin deleted.
func Seed(ctx context.Context, q store.Querier) error {
	now := store.Now()
	for _, r := range DefaultFitRules() {
		_, err := q.ExecContext(ctx, `INSERT INTO fit_rules (risk_type, measure_type, measure_subtype, basis, source,
			updated_at) VALUES (?, ?, ?, ?, 'seed', ?) ON CONFLICT (risk_type, measure_type, measure_subtype) DO NOTHING`,
			r.RiskType, r.MeasureType, r.MeasureSubtype, r.Basis, now)
		if err != nil {
			return fmt.Errorf("monitoring: seed fit rules: %w", err)
		}
	}
	return nil
}

// FitRules returns the fit table in force, by risk type in the national
// order, then measure type in catalogue order. The table is a setting of
// the whole installation, not of a region.
func FitRules(ctx context.Context, q store.Querier) ([]FitRule, error) {
	out, err := store.Collect(ctx, q, "monitoring: fit rules", func(rows store.Scanner) (FitRule, error) {
		var r FitRule
		err := rows.Scan(&r.ID, &r.RiskType, &r.MeasureType, &r.MeasureSubtype, &r.Basis, &r.Source, &r.UpdatedAt)
		return r, err
	}, `SELECT id, risk_type, measure_type, measure_subtype, basis, source, updated_at
		FROM fit_rules WHERE deleted_at IS NULL`)
	sortRules(out)
	return out, err
}

// editFitRules is the change only administrators may make.
var editFitRules = fault.T("修改风险与措施对应表", "change the risk–measure table")

// SetFitRule adds a row to the fit table or, for an existing (risk, type,
// sub-type), replaces its basis (reviving a deleted row). Admins only.
func SetFitRule(ctx context.Context, q store.Querier, by auth.User, r FitRule, now time.Time) (FitRule, error) {
	if by.Disabled || by.Role != auth.RoleAdmin {
		return FitRule{}, forbidden(by.Role, editFitRules)
	}
	if err := r.check(); err != nil {
		return FitRule{}, err
	}
	r.Source, r.UpdatedAt = by.Username, store.Stamp(now)
	err := q.QueryRowContext(ctx, `INSERT INTO fit_rules (risk_type, measure_type, measure_subtype, basis, source, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (risk_type, measure_type, measure_subtype) DO UPDATE SET basis = excluded.basis,
		source = excluded.source, updated_at = excluded.updated_at, deleted_at = NULL RETURNING id`,
		r.RiskType, r.MeasureType, r.MeasureSubtype, r.Basis, r.Source, r.UpdatedAt).Scan(&r.ID)
	if err != nil {
		return FitRule{}, fmt.Errorf("monitoring: set fit rule: %w", err)
	}
	return r, auditRule(ctx, q, by, "monitoring.fit_rule.set", r)
}

// DeleteFitRule removes a row from the fit table (kept as a tombstone, so
// the seed does not restore it). Admins only; an unknown id is
// store.ErrNotFound.
func DeleteFitRule(ctx context.Context, q store.Querier, by auth.User, id int64, now time.Time) error {
	if by.Disabled || by.Role != auth.RoleAdmin {
		return forbidden(by.Role, editFitRules)
	}
	var r FitRule
	err := q.QueryRowContext(ctx, `UPDATE fit_rules SET deleted_at = ?, source = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL
		RETURNING id, risk_type, measure_type, measure_subtype, basis`, store.Stamp(now), by.Username, store.Stamp(now), id).Scan(
		&r.ID, &r.RiskType, &r.MeasureType, &r.MeasureSubtype, &r.Basis)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("monitoring: fit rule %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("monitoring: delete fit rule %d: %w", id, err)
	}
	return auditRule(ctx, q, by, "monitoring.fit_rule.delete", r)
}

func (r *FitRule) check() error {
	r.RiskType, r.Basis = strings.TrimSpace(r.RiskType), strings.TrimSpace(r.Basis)
	if riskBase(r.RiskType) == RiskOther {
		return fault.Invalidf("risk_type", "风险类型“其他”的任何措施均视为对应，无需设置", "Any measure fits the risk type “其他” (other); it needs no rows")
	}
	if !knownRisk(r.RiskType) {
		return fault.Invalidf("risk_type", "风险类型“%s”不在全国风险类型之列（%s）", "The risk type “%s” is not one of the national risk types (%s)", r.RiskType, strings.Join(casework.RiskTypes, "、"))
	}
	t, ok := FindType(r.MeasureType)
	if !ok {
		return fault.Invalidf("measure_type", "帮扶措施类型“%s”不在全国帮扶措施目录之列", "The measure type “%s” is not in the national list of measures", r.MeasureType)
	}
	if r.MeasureSubtype != "" && !t.ValidSubtype(r.MeasureSubtype) {
		return fault.Invalidf("measure_subtype", "“%s”不是“%s”的子类（%s）", "“%s” is not a sub-type of “%s” (%s)", r.MeasureSubtype, t.Name, strings.Join(t.Subtypes, "、"))
	}
	if r.Basis == "" || utf8.RuneCountInString(r.Basis) > 300 {
		return fault.Invalidf("basis", "请用一句话写明政策依据（不超过300个字）", "State the policy basis in one sentence (at most 300 characters)")
	}
	return nil
}

// knownRisk accepts the national risk types without a bracketed sub-type
// (the table is kept per type).
func knownRisk(r string) bool {
	for _, t := range casework.RiskTypes {
		if r == t {
			return true
		}
	}
	return false
}

func auditRule(ctx context.Context, q store.Querier, by auth.User, action string, r FitRule) error {
	err := audit.Record(ctx, q, audit.Event{Action: action, Entity: "fit_rule",
		EntityID: strconv.FormatInt(r.ID, 10), Detail: map[string]string{"risk_type": r.RiskType,
			"measure_type": r.MeasureType, "measure_subtype": r.MeasureSubtype, "basis": r.Basis}})
	if err != nil {
		return fmt.Errorf("monitoring: %s: %w", action, err)
	}
	return nil
}
