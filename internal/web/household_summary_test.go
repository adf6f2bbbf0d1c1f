package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
)

// TestHouseholdPageReadsTopDown: the page starts with a summary (head,
// members, type, monitoring state, risks, cadre, plan, open cases and
// warnings), then the sections; no form stands open on a fresh page, the
// forms wait behind their buttons; the members table has few enough
// columns for an office screen and reads as cards on a phone.
func TestHouseholdPageReadsTopDown(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xiang", auth.RoleTownship, township)
	if rec := do(t, h, "POST", "/households/6203210001/cases", url.Values{"risk_types": {"因病"}, "description": {"住院"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("open a case: %d", rec.Code)
	}
	page := get(t, h, "/households/6203210001").Body.String()
	summary := between(page, `<section class="panel summary"`, "</section>")
	bodyHas(t, "summary", summary, "概况", "<strong>张三</strong>", "2 人", "脱贫户", "监测中", "脱贫不稳定户", "因病",
		"帮扶责任人", "未确定", "尚未制定帮扶措施", "在办案件", "1 件", "待核实预警", "无")
	order := []string{`class="panel summary"`, `id="h-basic"`, `id="h-members"`, `id="h-cadre"`, `id="h-plan"`, `id="h-history"`, `id="new-case"`}
	last := -1
	for _, o := range order {
		i := strings.Index(page, o)
		if i < last {
			t.Errorf("%s comes before what the page should say first", o)
		}
		last = i
	}
	if strings.Contains(page, " open>") {
		t.Error("a form stands open on a fresh page")
	}
	members := between(page, `<table class="list members">`, "</table>")
	if n := strings.Count(between(members, "<thead>", "</thead>"), "<th "); n > 9 {
		t.Errorf("the members table has %d columns", n)
	}
	bodyHas(t, "members", members, `data-label="证件号码"`, "低保 —")

	plain := get(t, h, "/households/6203210003").Body.String()
	bodyHas(t, "a household not monitored", between(plain, `<section class="panel summary"`, "</section>"), "未纳入监测", "赵六")
	if strings.Contains(plain, " open>") {
		t.Error("a form stands open on a household that is not monitored")
	}
}
