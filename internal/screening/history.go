package screening

import (
	"context"

	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// History returns the stored versions of every rule that apply to a region
// (set for it, for a region above it, or for the whole country), past and
// future, in AllRules order and newest first within a rule: the settings
// page shows them beside the version in force. region is a 12-digit code,
// or "" for the national versions only. The built-in defaults are not
// stored and not listed (see Default).
func History(ctx context.Context, q store.Querier, region string) ([]RuleVersion, error) {
	if region != "" {
		if !regcode.Valid(region) {
			return nil, store.ErrBadRegion
		}
	}
	byRule := map[Rule][]RuleVersion{}
	err := store.Each(ctx, q, "screening: rule history", func(rows store.Scanner) error {
		var v RuleVersion
		var enabled int
		if err := rows.Scan(&v.ID, &v.Rule, &v.Region, &v.EffectiveFrom, &enabled, &v.AmountFen, &v.Percent,
			&v.MinAge, &v.MaxAge, &v.MaxGrade, &v.WindowMonths, &v.Note, &v.CreatedBy, &v.CreatedAt); err != nil {
			return err
		}
		v.Enabled = enabled == 1
		if region == "" && v.Region == "" || region != "" && v.appliesTo(region) {
			byRule[v.Rule] = append(byRule[v.Rule], v)
		}
		return nil
	}, "SELECT "+versionCols+" FROM rule_settings ORDER BY effective_from DESC, id DESC")
	if err != nil {
		return nil, err
	}
	var out []RuleVersion
	for _, r := range AllRules {
		out = append(out, byRule[r]...)
	}
	return out, nil
}
