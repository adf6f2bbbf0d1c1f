package monitoring

import (
	"time"

	"fangpin/internal/civil"
)

// Rule names a fit check.
type Rule string

// The fit checks.
const (
	RuleRisk        Rule = "risk_fit"    // each risk type has a fitting measure
	RuleDevelopment Rule = "development" // labour ⇒ a development measure within a month
	RuleSafetyNet   Rule = "safety_net"  // no labour ⇒ 低保 or 特困供养
)

// CheckStatus is the outcome of one check.
type CheckStatus string

// Outcomes. Pending is a development measure still missing before its
// deadline: not yet a failure, shown with the days left.
const (
	StatusOK       CheckStatus = "ok"
	StatusMismatch CheckStatus = "mismatch"
	StatusOverdue  CheckStatus = "overdue"
	StatusPending  CheckStatus = "pending"
	StatusNA       CheckStatus = "n/a"
)

// Result is one check of one household, explained.
type Result struct {
	Rule        Rule
	Risk        string // the risk type, for RuleRisk
	Status      CheckStatus
	Met         bool
	Explanation string  // Chinese, for the plan page
	Basis       string  // the policy basis, one sentence
	Note        string  // e.g. a development measure started late
	Deadline    string  // RuleDevelopment: identification + one month
	MeasureIDs  []int64 // the measures that satisfy the check
}

// Report is the fit checks of one household as of a day.
type Report struct {
	Facts     Facts
	AsOf      string
	Monitored bool     // under monitoring at AsOf; no checks otherwise
	Results   []Result // risks in the household's order, then development, then safety net
}

// Mismatched returns the risk types with no fitting measure.
func (r Report) Mismatched() []string {
	var out []string
	for _, x := range r.Results {
		if x.Rule == RuleRisk && x.Status == StatusMismatch {
			out = append(out, x.Risk)
		}
	}
	return out
}

// Has reports whether a check of the rule ended with status s.
func (r Report) Has(rule Rule, s CheckStatus) bool {
	for _, x := range r.Results {
		if x.Rule == rule && x.Status == s {
			return true
		}
	}
	return false
}

// Flagged reports whether any check failed: a mismatch or an overdue rule.
func (r Report) Flagged() bool {
	for _, x := range r.Results {
		if x.Status == StatusMismatch || x.Status == StatusOverdue {
			return true
		}
	}
	return false
}

// Evaluate runs the fit checks on a household's facts and measures with the
// fit table, as of asOf. A household not under monitoring at asOf gets no
// checks (Report.Monitored false).
func Evaluate(f Facts, ms []Measure, rules []FitRule, asOf time.Time) Report {
	return newChecker(rules, true).evaluate(f, ms, asOf, civil.FromYMD(asOf.Date()).String())
}

// checker runs the checks with one fit table, grouped by risk type once for
// a region's thousands of households. Without explain it leaves out the
// Chinese texts: the overview's figures need only the statuses.
type checker struct {
	byRisk  map[string][]FitRule
	explain bool
}

func newChecker(rules []FitRule, explain bool) checker {
	c := checker{byRisk: map[string][]FitRule{}, explain: explain}
	for _, r := range rules {
		c.byRisk[r.RiskType] = append(c.byRisk[r.RiskType], r)
	}
	return c
}

// evaluate is Evaluate; day is asOf as YYYY-MM-DD.
func (c checker) evaluate(f Facts, ms []Measure, asOf time.Time, day string) Report {
	rep := Report{Facts: f, AsOf: day, Monitored: f.MonitoredAt(asOf)}
	if !rep.Monitored {
		return rep
	}
	var active []Measure
	for _, m := range ms {
		if m.activeAt(day) {
			active = append(active, m)
		}
	}
	rep.Results = make([]Result, 0, len(f.RiskTypes)+2)
	for _, risk := range f.RiskTypes {
		rep.Results = append(rep.Results, c.risk(risk, active, ms, day))
	}
	rep.Results = append(rep.Results, c.development(f, active, day), c.safetyNet(f, active))
	return rep
}
