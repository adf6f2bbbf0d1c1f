package screening

import (
	"strings"

	"fangpin/internal/regcode"
)

// DefaultEffectiveFrom is when the built-in defaults (version 0) take effect.
const DefaultEffectiveFrom = "1900-01-01"

// RuleVersion is one version of a rule's setting for a region: the rule on
// or off and its thresholds. Only the fields the rule uses are kept (the
// others are 0): AmountFen and Percent (medical_oop, disaster_loss: the sum
// must exceed AmountFen or Percent % of the household's annual net income;
// income_drop: the fall must exceed Percent % of the previous year),
// MinAge–MaxAge (dropout), MaxGrade (severe_disability: grade 1..MaxGrade)
// and WindowMonths (the rules that look back over a window ending at as_of).
// income_below_range and unsafe_house have no thresholds here: the income
// line is package incomeline's, the grades are C and D.
type RuleVersion struct {
	ID            int64  `json:"version"` // 0 for the built-in default
	Rule          Rule   `json:"rule"`
	Region        string `json:"region"`         // "" everywhere, else a 12-digit code
	EffectiveFrom string `json:"effective_from"` // YYYY-MM-DD
	Enabled       bool   `json:"enabled"`
	AmountFen     int64  `json:"amount_fen,omitempty"`
	Percent       int    `json:"percent,omitempty"`
	MinAge        int    `json:"min_age,omitempty"`
	MaxAge        int    `json:"max_age,omitempty"`
	MaxGrade      int    `json:"max_grade,omitempty"`
	WindowMonths  int    `json:"window_months,omitempty"`
	Note          string `json:"note,omitempty"`
	CreatedBy     string `json:"created_by,omitempty"`
	CreatedAt     string `json:"created_at,omitempty"` // UTC RFC 3339; zero in SetRule means now
}

// Default returns the built-in version 0 of a rule: the default
// thresholds of docs/warnings.md, enabled, for the whole country since 1900-01-01.
func Default(r Rule) RuleVersion {
	v := rules[r].def
	v.Rule, v.EffectiveFrom, v.Enabled, v.CreatedBy = r, DefaultEffectiveFrom, true, "系统默认"
	return v
}

// specificity is the length of the significant prefix of the version's
// region: 0 for everywhere, 2 for a province … 12 for a village.
func (v RuleVersion) specificity() int {
	if v.Region == "" {
		return 0
	}
	p, err := regcode.Prefix(v.Region)
	if err != nil {
		return -1 // never stored: SetRule validates
	}
	return len(p)
}

// appliesTo reports whether the version's region contains the region code.
func (v RuleVersion) appliesTo(code string) bool {
	n := v.specificity()
	return n == 0 || n > 0 && strings.HasPrefix(code, v.Region[:n])
}

// beats reports whether v wins over w for a region both apply to: the more
// specific region first, then the later effective date, then the later
// version.
func (v RuleVersion) beats(w RuleVersion) bool {
	if a, b := v.specificity(), w.specificity(); a != b {
		return a > b
	}
	if v.EffectiveFrom != w.EffectiveFrom {
		return v.EffectiveFrom > w.EffectiveFrom
	}
	return v.ID > w.ID
}

// resolve returns the version of rule r in force for a region code ("" for
// the national setting) on day asOf (YYYY-MM-DD) among the stored versions.
func resolve(stored []RuleVersion, r Rule, code, asOf string) RuleVersion {
	best := Default(r)
	for _, v := range stored {
		if v.Rule != r || v.EffectiveFrom > asOf {
			continue
		}
		if code == "" && v.Region != "" || code != "" && !v.appliesTo(code) {
			continue
		}
		if v.beats(best) {
			best = v
		}
	}
	return best
}

// ruleSet is the version of every rule in force for one village.
type ruleSet [9]RuleVersion

func resolveAll(stored []RuleVersion, code, asOf string) ruleSet {
	var s ruleSet
	for i, r := range AllRules {
		s[i] = resolve(stored, r, code, asOf)
	}
	return s
}

// ruleIndex is r's position in AllRules and ruleSet.
func ruleIndex(r Rule) int {
	for i, x := range AllRules {
		if x == r {
			return i
		}
	}
	return -1
}
