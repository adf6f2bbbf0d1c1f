package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/survey"
	"fangpin/internal/testkit"
)

// TestSurveyThresholdsPage: an administrator reads and sets the survey
// report's thresholds on a page; a value out of bounds or not a number
// stores none of them and says which; every change is audited; a township
// cadre may not open the page.
func TestSurveyThresholdsPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	cfg := Config{DB: db, Keys: keys}
	_, admin := asUser(t, cfg, "root", auth.RoleAdmin, "620000000000")
	_, town := asUser(t, cfg, "town", auth.RoleTownship, township)
	page := get(t, admin, "/admin/survey-thresholds").Body.String()
	bodyHas(t, "page", page, "因病纳入监测户占比（%）", `name="survey.overdue_cases" value="1"`, "0–100，默认 30")
	if !strings.Contains(get(t, admin, "/admin").Body.String(), `href="/admin/survey-thresholds"`) {
		t.Error("系统管理 does not link the thresholds")
	}
	form := func(change map[string]string) url.Values {
		v := url.Values{}
		for _, s := range survey.DefaultSettings.List() {
			v.Set(s.Key, "7")
		}
		for k, x := range change {
			v.Set(k, x)
		}
		return v
	}
	rec := do(t, admin, "POST", "/admin/survey-thresholds", form(map[string]string{survey.KeyIllnessRiskPct: "101"}))
	expect(t, "out of bounds", rec, rec.Body.String(), 422, "0–100", `value="101"`)
	rec = do(t, admin, "POST", "/admin/survey-thresholds", form(map[string]string{survey.KeyOverdueCases: "三"}))
	expect(t, "not a number", rec, rec.Body.String(), 422, "超期案件数应为整数")
	if got, _ := survey.LoadSettings(context.Background(), db.Reader()); got != survey.DefaultSettings {
		t.Fatalf("a refused form stored %+v", got)
	}
	if rec := do(t, admin, "POST", "/admin/survey-thresholds", form(nil)); rec.Code != 303 {
		t.Fatalf("save: %d %s", rec.Code, rec.Body)
	}
	got, _ := survey.LoadSettings(context.Background(), db.Reader())
	if got.IllnessRiskPct != 7 || got.OverdueCases != 7 || got.IncomeMarginPct != 7 {
		t.Fatalf("stored %+v", got)
	}
	n := testkit.Int(t, db, "SELECT count(*) FROM audit_log WHERE action = 'settings.survey'")
	if n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
	if rec := get(t, town, "/admin/survey-thresholds"); rec.Code != 403 {
		t.Errorf("township cadre: %d", rec.Code)
	}
}
