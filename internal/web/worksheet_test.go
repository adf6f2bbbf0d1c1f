package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/monitoring"
	"fangpin/internal/store"
)

// worksheetForm is a good worksheet for 6203210001 (2 members): net income
// 24,000 + 3,000.50 − 1,000 = 26,000.50 元, so 人均纯收入 13,000.25 元; after
// 5,000 元 compliant spending and 1,000.25 元 claims, (26,000.50 − 5,000 +
// 1,000.25) ÷ 2 = 11,000.375, rounded down to 11,000.37.
func worksheetForm(changes ...string) url.Values {
	return changed(url.Values{"line.wage.migrant": {"24,000"}, "line.business.crops": {"3000.50"}, "line.cost.business": {"1000"},
		"line.compliant.medical": {"5000"}, "line.claims": {"1000.25"}}, changes...)
}

func TestWorksheetForm(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		const path = "/households/6203210001/worksheets/2025"
		form := get(t, f.vill, path)
		body := form.Body.String()
		expect(t, "empty form", form, body, 200, `name="line.wage.migrant"`, "常住人口按当前家庭成员2人计算", "试算")
		if regexp.MustCompile(`name="[^"]*(total|per_capita|net)`).MatchString(body) {
			t.Error("the form has a field for a total")
		}
		for _, c := range []struct{ field, value, want string }{
			{"line.wage.migrant", "abc", "「外出务工收入」金额格式不正确"},
			{"line.business.crops", "-5", "「种植业收入」金额不能为负数"},
			{"line.transfer.dibao", "12.345", "「低保金」金额最多两位小数"},
			{"line.property.land", "20000000", "「土地流转收入」"},
		} {
			rec := do(t, f.vill, "POST", path, worksheetForm(c.field, c.value))
			expect(t, c.field, rec, rec.Body.String(), 422, c.want, `value="`+c.value+`"`, `value="1000"`)
		}
		rec := do(t, f.vill, "POST", path, worksheetForm("preview", "1"))
		expect(t, "preview", rec, rec.Body.String(), 200, "以下为试算结果，尚未保存", "13000.25", "11000.37", "26000.50")
		if n := f.count(t, "income_worksheets"); n != 0 {
			t.Fatalf("%d worksheets stored by a preview or a refused form", n)
		}
		for _, target := range []string{"/households/6203210001/worksheets/2013", "/households/6203210001/worksheets/2099",
			"/households/6203210001/worksheets/x"} {
			if rec := get(t, f.vill, target); rec.Code != 404 {
				t.Errorf("%s: %d", target, rec.Code)
			}
		}
		if rec := do(t, f.viewer, "POST", path, worksheetForm()); rec.Code != 403 {
			t.Errorf("viewer saves: %d", rec.Code)
		}
		if rec := do(t, f.villB, "POST", path, worksheetForm()); rec.Code != 404 {
			t.Errorf("another village saves: %d", rec.Code)
		}
		rec = do(t, f.vill, "POST", path, worksheetForm())
		if rec.Code != 303 || rec.Header().Get("Location") != path+"?saved=1" {
			t.Fatalf("save: %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		ws, err := monitoring.FindWorksheet(context.Background(), f.db.Reader(), store.ScopeAll(), f.householdID(t, "6203210001"), 2025)
		if err != nil || ws.PerCapitaFen != 1300025 || ws.AfterSpendingFen != 1100037 || ws.Lines["claims"] != 100025 {
			t.Fatalf("stored: %+v %v", ws, err)
		}
		saved := get(t, f.vill, path+"?saved=1").Body.String()
		bodyHas(t, "saved page", saved, "已保存", "13000.25", `value="24000.00"`, "由vill于")
		page := get(t, f.vill, "/households/6203210001").Body.String()
		if !strings.Contains(page, "<strong>13000.25</strong>") || !strings.Contains(page, "13000.25 元（2025年）") {
			t.Error("the household page does not show the computed income")
		}
		if ro := get(t, f.viewer, path).Body.String(); strings.Contains(ro, "<input") && strings.Contains(ro, `name="line.`) {
			t.Error("a viewer gets the form")
		}
	})
}
