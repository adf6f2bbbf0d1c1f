package web

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/casework"
	"fangpin/internal/civil"
)

// The audit log as people read it: an action's name instead of its code, and
// each entry as a sentence ("张三（乡镇）将预警 123 判定为「已纳入监测并帮扶」"),
// with the remaining details as named facts. The page and its Excel export
// both say it this way.

// casePrefix starts the actions of the case workflow ("case.accept").
const casePrefix = "case."

// auditActionName is the name of an action code; a case's step is named by
// the workflow; an unknown code shows as it is.
func auditActionName(tr translator, code string) string {
	if step, ok := strings.CutPrefix(code, casePrefix); ok {
		return tr.T("audit.entity.case") + "：" + casework.Action(step).Text().In(tr.lang)
	}
	return tr.or("audit.action.", code)
}

// auditOption is one choice of the action filter.
type auditOption struct{ Code, Name string }

// auditActionOptions are the filter's choices: every named action, then
// the steps of a case.
func auditActionOptions(tr translator) []auditOption {
	out := make([]auditOption, 0, len(auditActions)+20)
	for _, a := range auditActions {
		out = append(out, auditOption{a.code, auditActionName(tr, a.code)})
	}
	for _, a := range append([]casework.Action{casework.EventOpen, casework.EventNote, casework.EventLink},
		append(casework.Actions, casework.EventRollback)...) {
		out = append(out, auditOption{casePrefix + string(a), auditActionName(tr, casePrefix+string(a))})
	}
	return out
}

// auditRow is one entry as the page shows it.
type auditRow struct {
	ID                    int64
	At, Who, Role, Action string
	Sentence, Region, IP  string      // Sentence: who did what, in words
	Facts                 []figureRow // the details the sentence does not say
}

// auditRowOf says entry e in words; region is the name of its region.
func auditRowOf(tr translator, e audit.Entry, region string) auditRow {
	d := map[string]any{}
	if e.Detail != "" {
		_ = json.Unmarshal([]byte(e.Detail), &d) // a detail that is not an object is shown as it is
		if len(d) == 0 {
			d["value"] = e.Detail
		}
	}
	row := auditRow{ID: e.ID, At: e.At.In(civil.Zone).Format("2006-01-02 15:04:05"), Who: actorName(tr, e.Username),
		Role: roleName(tr, e.Role), Action: auditActionName(tr, e.Action), Region: region, IP: e.IP}
	row.Sentence = tr.Tf("audit.sentence", row.Who, row.Role, auditPhrase(tr, e, d))
	row.Facts = auditFacts(tr, d)
	return row
}

// auditPhrase is what the actor did, as the predicate of a sentence; the
// details it says are removed from d.
func auditPhrase(tr translator, e audit.Entry, d map[string]any) string {
	take := func(k string) any { v := d[k]; delete(d, k); return v }
	switch {
	case e.Action == "warning.decide":
		decision := tr.or("warnings.decide.", fmt.Sprint(take("decision")))
		take("rule")
		if c := take("case_id"); c != nil && fmt.Sprint(c) != "0" {
			return tr.Tf("audit.s.warning_case", e.EntityID, decision, c)
		}
		return tr.Tf("audit.s.warning", e.EntityID, decision)
	case strings.HasPrefix(e.Action, casePrefix):
		step := casework.Action(strings.TrimPrefix(e.Action, casePrefix)).Text().In(tr.lang)
		from, to := casework.State(fmt.Sprint(take("from"))), casework.State(fmt.Sprint(take("to")))
		if from != to && from.Valid() && to.Valid() {
			return tr.Tf("audit.s.case_move", e.EntityID, step, from.Text().In(tr.lang), to.Text().In(tr.lang))
		}
		return tr.Tf("audit.s.case", e.EntityID, step)
	case strings.HasPrefix(e.Action, "export."):
		list := fmt.Sprint(take("list"))
		if list == "<nil>" {
			list = e.EntityID
		}
		key := "audit.s.export"
		if full, _ := take("full").(bool); full {
			key = "audit.s.export_full"
		}
		rows := take("rows")
		if rows == nil {
			rows = "—"
		}
		return tr.Tf(key, auditListName(tr, list), rows)
	case e.Action == "login" || e.Action == "logout":
		return tr.T("audit.s." + e.Action)
	case e.Action == "login_failed":
		return tr.Tf("audit.s.login_failed", e.EntityID)
	}
	object := tr.or("audit.entity.", e.Entity)
	if e.EntityID != "" {
		object += " " + e.EntityID
	}
	return tr.Tf("audit.s.generic", auditActionName(tr, e.Action), object)
}

// auditFacts are the details left, named and in a stable order: a change's
// old and new values as "field: old → new".
func auditFacts(tr translator, d map[string]any) []figureRow {
	if old, ok := d["old"].(map[string]any); ok {
		if nw, ok := d["new"].(map[string]any); ok {
			delete(d, "old")
			delete(d, "new")
			var out []figureRow
			for _, k := range slices.Sorted(maps.Keys(merged(old, nw))) {
				out = append(out, figureRow{Label: tr.or("audit.key.", k), Value: factText(tr, old[k]) + " → " + factText(tr, nw[k])})
			}
			return append(out, auditFacts(tr, d)...)
		}
	}
	out := make([]figureRow, 0, len(d))
	for _, k := range slices.Sorted(maps.Keys(d)) {
		out = append(out, figureRow{Label: tr.or("audit.key.", k), Value: factText(tr, d[k])})
	}
	return out
}

// factText writes one detail value.
func factText(tr translator, v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case bool:
		return yesNo(tr, &x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// listTitles are the title keys of the exported lists by name (filled in
// init: the lists' own openers say entries, which would name the lists again).
var listTitles = map[string]string{}

func init() {
	for _, l := range []*listSpec{householdsList, mustVisitList, mismatchList, visitLogList, casesList, warningsList,
		feedsList, auditList, projectsList} {
		listTitles[l.name] = l.title
	}
}

// auditListName names an exported list by its page's title.
func auditListName(tr translator, name string) string {
	if key, ok := listTitles[name]; ok {
		return tr.T(key)
	}
	return tr.or("audit.list.", name)
}

// merged is a and b in one map, b's value where both have a key.
func merged(a, b map[string]any) map[string]any {
	m := maps.Clone(a)
	if m == nil {
		m = map[string]any{}
	}
	maps.Copy(m, b)
	return m
}
