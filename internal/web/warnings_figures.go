package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fangpin/internal/money"
	"fangpin/internal/screening"
)

// figureRow is one labelled value of a warning.
type figureRow struct {
	Label, Value string
}

// keyFigure is the one value that tells most about a warning, for its row
// in the list.
func keyFigure(tr translator, w screening.Warning) string {
	f := w.Figures
	switch w.Rule {
	case screening.MedicalOOP:
		return tr.Tf("warnings.key.oop", money.Format(f["oop_fen"]))
	case screening.DisasterLoss:
		return tr.Tf("warnings.key.loss", money.Format(f["loss_fen"]))
	case screening.IncomeBelowRange:
		return tr.Tf("warnings.key.income", money.Format(f["income_fen"]))
	case screening.IncomeDrop:
		return tr.Tf("warnings.key.drop", percent(int(f["drop_fen"]), int(f["prev_income_fen"])))
	case screening.Dropout:
		return tr.Tf("warnings.key.age", f["age"])
	case screening.UnsafeHouse, screening.SevereDisability:
		return figureValue(tr, w.Rule, "grade", f["grade"])
	case screening.LabourDeath:
		return figureValue(tr, w.Rule, "died", f["died"])
	case screening.Unemployment:
		return tr.Tf("warnings.key.persons", f["persons"])
	}
	return ""
}

// figureRows lists figures of a warning of the rule (its computed figures,
// or the registry's facts), labelled, in a stable order.
func figureRows(tr translator, rule screening.Rule, figures map[string]int64) []figureRow {
	keys := make([]string, 0, len(figures))
	for k := range figures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]figureRow, len(keys))
	for i, k := range keys {
		out[i] = figureRow{Label: tr.or("warnings.fig.", k), Value: figureValue(tr, rule, k, figures[k])}
	}
	return out
}

// figureValue formats one figure: amounts in 元, YYYYMMDD dates, grades.
func figureValue(tr translator, rule screening.Rule, key string, v int64) string {
	switch {
	case strings.HasSuffix(key, "_fen"):
		return tr.Tf("warnings.yuan", money.Format(v))
	case key == "died" || key == "assessed" || key == "day":
		return dayOf(tr.lang, v)
	case key == "grade" && rule == screening.UnsafeHouse && v >= 1 && v <= 4:
		return tr.Tf("warnings.house_grade", string(rune('A'+v-1)))
	case key == "grade":
		return gradeOf(tr, v)
	}
	return strconv.FormatInt(v, 10)
}

// dayOf shows a YYYYMMDD number as a date.
func dayOf(lang string, d int64) string {
	if d <= 0 {
		return "—"
	}
	return formatDateString(lang, fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100))
}

// gradeOf shows a disability grade (1 → 一级).
func gradeOf(tr translator, g int64) string {
	if g >= 1 && g <= 4 {
		return tr.T(fmt.Sprintf("warnings.grade.%d", g))
	}
	return strconv.FormatInt(g, 10)
}

// thresholdRows lists the setting a warning was raised under: its version,
// the date it took effect, its region and the values the rule uses.
func thresholdRows(tr translator, t screening.Threshold, regionName string) []figureRow {
	version := tr.T("rules.default_version")
	if t.ID != 0 {
		version = "#" + strconv.FormatInt(t.ID, 10)
	}
	rows := []figureRow{{tr.T("rules.version"), version}, {tr.T("rules.effective_from"), formatDateString(tr.lang, t.EffectiveFrom)},
		{tr.T("rules.region"), regionName}}
	rows = append(rows, paramRows(tr, t.RuleVersion)...)
	if t.WindowFrom != "" {
		rows = append(rows, figureRow{tr.T("warnings.window"), formatDateString(tr.lang, t.WindowFrom) + " – " +
			formatDateString(tr.lang, t.WindowTo)})
	}
	if t.LineFen != 0 {
		rows = append(rows, figureRow{tr.Tf("warnings.line", t.LineYear), tr.Tf("warnings.yuan", money.Format(t.LineFen))})
	}
	return rows
}

// paramRows lists the thresholds a version holds (those its rule uses are
// the non-zero ones).
func paramRows(tr translator, v screening.RuleVersion) []figureRow {
	var rows []figureRow
	if v.AmountFen != 0 {
		rows = append(rows, figureRow{tr.T("rules.amount"), tr.Tf("warnings.yuan", money.Format(v.AmountFen))})
	}
	if v.Percent != 0 {
		rows = append(rows, figureRow{tr.T("rules.percent"), strconv.Itoa(v.Percent) + "%"})
	}
	if v.MaxAge != 0 {
		rows = append(rows, figureRow{tr.T("rules.ages"), tr.Tf("rules.ages_value", v.MinAge, v.MaxAge)})
	}
	if v.MaxGrade != 0 {
		rows = append(rows, figureRow{tr.T("rules.max_grade"), gradeOf(tr, int64(v.MaxGrade))})
	}
	if v.WindowMonths != 0 {
		rows = append(rows, figureRow{tr.T("rules.window_months"), tr.Tf("rules.months_value", v.WindowMonths)})
	}
	return rows
}
