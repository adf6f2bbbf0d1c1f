package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/regcode"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// settingRegionOf is the region a user's settings apply to: their own, or
// "" (the whole country) for a national account.
func settingRegionOf(u auth.User) string {
	if !regcode.Valid(u.Region) {
		return ""
	}
	return u.Region
}

// versionOf reads the form of a new version.
func versionOf(r *http.Request, u auth.User, now time.Time) (screening.RuleVersion, error) {
	v := screening.RuleVersion{Rule: screening.Rule(r.PostFormValue("rule")), Region: settingRegionOf(u),
		EffectiveFrom: strings.TrimSpace(r.PostFormValue("effective_from")), Enabled: r.PostFormValue("enabled") == "yes",
		Note: r.PostFormValue("note"), CreatedBy: u.Username, CreatedAt: store.Stamp(now)}
	var err error
	if v.AmountFen, err = parseYuan("amount", r.PostFormValue("amount")); err != nil {
		return v, err
	}
	for _, f := range []struct {
		name, label string
		dst         *int
	}{{"percent", "比例", &v.Percent}, {"min_age", "年龄下限", &v.MinAge}, {"max_age", "年龄上限", &v.MaxAge},
		{"max_grade", "残疾等级", &v.MaxGrade}, {"window_months", "统计期", &v.WindowMonths}} {
		if *f.dst, err = ruleInt(r, f.name, f.label); err != nil {
			return v, err
		}
	}
	return v, nil
}

// ruleInt reads a whole number of the form; blank is 0 (a threshold the
// rule does not use).
func ruleInt(r *http.Request, name, label string) (int, error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, unprocessable(name, fault.T(label+"应为整数", "must be a whole number"))
	}
	return n, nil
}

// usesOf tells which thresholds a rule has: those its built-in default sets.
func usesOf(r screening.Rule) ruleParams {
	d := screening.Default(r)
	return ruleParams{Amount: d.AmountFen != 0, Percent: d.Percent != 0, Ages: d.MaxAge != 0, Grade: d.MaxGrade != 0,
		Window: d.WindowMonths != 0}
}

// formOf fills the form with a version's values, taking effect today.
func formOf(v screening.RuleVersion, today string) ruleForm {
	d := screening.Default(v.Rule)
	if !v.Enabled { // a rule switched off keeps no thresholds: offer the defaults
		d.Enabled = false
		v = d
	}
	return ruleForm{EffectiveFrom: today, Amount: money.Format(v.AmountFen), Percent: strconv.Itoa(v.Percent),
		MinAge: strconv.Itoa(v.MinAge), MaxAge: strconv.Itoa(v.MaxAge), MaxGrade: strconv.Itoa(v.MaxGrade),
		Window: strconv.Itoa(v.WindowMonths), Enabled: v.Enabled}
}

// typedForm is the form as submitted.
func typedForm(r *http.Request) ruleForm {
	f := func(k string) string { return r.PostFormValue(k) }
	return ruleForm{EffectiveFrom: f("effective_from"), Amount: f("amount"), Percent: f("percent"), MinAge: f("min_age"),
		MaxAge: f("max_age"), MaxGrade: f("max_grade"), Window: f("window_months"), Note: f("note"),
		Enabled: f("enabled") == "yes"}
}

// paramText shows a version's thresholds on one line.
func paramText(tr translator, v screening.RuleVersion) string {
	var parts []string
	for _, p := range paramRows(tr, v) {
		parts = append(parts, p.Label+" "+p.Value)
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, tr.T("rules.sep"))
}
