package screening

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

const versionCols = `id, rule, region_code, effective_from, enabled, amount_fen, percent, min_age, max_age,
	max_grade, window_months, note, created_by, created_at`

// Rules returns the version of every rule (in AllRules order) in force for
// a region on asOf's date: the built-in default where no stored version
// applies. region is a 12-digit code, or "" for the national setting.
func Rules(ctx context.Context, q store.Querier, region string, asOf time.Time) ([]RuleVersion, error) {
	if region != "" {
		if !regcode.Valid(region) {
			return nil, store.ErrBadRegion
		}
	}
	day := asOf.Format(time.DateOnly)
	stored, err := loadVersions(ctx, q, day)
	if err != nil {
		return nil, err
	}
	set := resolveAll(stored, region, day)
	return set[:], nil
}

// SetRule stores a new version of a rule's setting and returns it with its
// id. Settings never change in place, and never change the past: the new
// version must take effect on or after the day it is recorded (China time)
// and after every stored version of the same rule and region. Fields the
// rule does not use are cleared. Mistakes are fault.Invalid.
func SetRule(ctx context.Context, q store.Querier, v RuleVersion) (RuleVersion, error) {
	if v.CreatedAt == "" {
		v.CreatedAt = store.Now()
	}
	if err := v.check(); err != nil {
		return RuleVersion{}, err
	}
	var last sql.NullString
	err := q.QueryRowContext(ctx, "SELECT max(effective_from) FROM rule_settings WHERE rule = ? AND region_code = ?",
		string(v.Rule), v.Region).Scan(&last)
	if err != nil {
		return RuleVersion{}, fmt.Errorf("screening: latest version of %s: %w", v.Rule, err)
	}
	if last.Valid && v.EffectiveFrom <= last.String {
		return RuleVersion{}, fault.Invalidf("effective_from", "生效日期应晚于该规则在本地区已有设置的生效日期（%s）", "The start date must be after that of the rule's latest setting for this region (%s)", last.String)
	}
	err = q.QueryRowContext(ctx, `INSERT INTO rule_settings (rule, region_code, effective_from, enabled, amount_fen,
		percent, min_age, max_age, max_grade, window_months, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, string(v.Rule), v.Region, v.EffectiveFrom,
		store.Bool01(v.Enabled), v.AmountFen, v.Percent, v.MinAge, v.MaxAge, v.MaxGrade, v.WindowMonths, v.Note, v.CreatedBy,
		v.CreatedAt).Scan(&v.ID)
	if store.IsUniqueViolation(err) {
		return RuleVersion{}, fault.Invalidf("effective_from", "该规则在本地区已有同一天生效的设置", "The rule already has a setting for this region starting on that day")
	}
	if err != nil {
		return RuleVersion{}, fmt.Errorf("screening: store version of %s: %w", v.Rule, err)
	}
	return v, nil
}

// loadVersions reads the stored versions effective on or before day.
func loadVersions(ctx context.Context, q store.Querier, day string) ([]RuleVersion, error) {
	return store.Collect(ctx, q, "screening: load rule settings", scanVersion,
		"SELECT "+versionCols+" FROM rule_settings WHERE effective_from <= ?", day)
}

func scanVersion(rows store.Scanner) (RuleVersion, error) {
	var v RuleVersion
	var enabled int
	err := rows.Scan(&v.ID, &v.Rule, &v.Region, &v.EffectiveFrom, &enabled, &v.AmountFen, &v.Percent,
		&v.MinAge, &v.MaxAge, &v.MaxGrade, &v.WindowMonths, &v.Note, &v.CreatedBy, &v.CreatedAt)
	v.Enabled = enabled == 1
	return v, err
}

// recordedDay is the China date of the version's CreatedAt.
func (v RuleVersion) recordedDay() (string, error) {
	t, err := time.Parse(time.RFC3339, v.CreatedAt)
	if err != nil {
		return "", errors.New("created_at")
	}
	return civil.DateOf(t).String(), nil
}
