package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/screening"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestRuleSettings: a county sees every rule's version in force and adds
// versions for its region; mistakes come back in Chinese with 422 and
// nothing stored; a new version is audited and shown in the history.
func TestRuleSettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFeedWorld(t, db)
		_, h := w.as("xian", auth.RoleCounty, county)
		page := get(t, h, "/admin/rules").Body.String()
		bodyHas(t, "rules page", page, "预警规则设置 · 永昌县", "系统默认", "医疗自付费用高", "务工人员失业",
			`value="20000.00"`, `min="2026-11-28"`, "住房安全鉴定为C级或D级即触发")
		post := func(v url.Values) (int, string) {
			rec := do(t, h, "POST", "/admin/rules", v)
			return rec.Code, rec.Body.String() + rec.Header().Get("Location")
		}
		good := url.Values{"rule": {"medical_oop"}, "effective_from": {"2026-12-01"}, "enabled": {"yes"},
			"amount": {"15,000.5"}, "percent": {"40"}, "window_months": {"12"}, "note": {"县委会议决定"}}
		refused := []struct {
			change url.Values
			want   string
		}{
			{url.Values{"effective_from": {"2026-11-27"}}, "不能早于设置当天"},
			{url.Values{"amount": {"一万"}}, "金额"},
			{url.Values{"percent": {"四十"}}, "比例应为整数"},
			{url.Values{"percent": {"140"}}, "比例应在1%到100%之间"},
			{url.Values{"rule": {"nope"}}, "未知的预警规则"},
		}
		for _, r := range refused {
			v := url.Values{}
			for k, x := range good {
				v[k] = x
			}
			for k, x := range r.change {
				v[k] = x
			}
			if code, body := post(v); code != http.StatusUnprocessableEntity || !strings.Contains(body, r.want) {
				t.Errorf("%v: %d, want 422 with %q", r.change, code, r.want)
			}
		}
		code, loc := post(good)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/rules?saved=") || !strings.HasSuffix(loc, "#rule-medical_oop") {
			t.Fatalf("save: %d %q", code, loc)
		}
		hist, err := screening.History(context.Background(), db.Reader(), villageA)
		if err != nil || len(hist) != 1 || hist[0].Region != county || hist[0].AmountFen != 1_500_050 || hist[0].Percent != 40 ||
			hist[0].CreatedBy != "xian" {
			t.Fatalf("stored %+v %v", hist, err)
		}
		page = get(t, h, "/admin/rules?saved=1").Body.String()
		bodyHas(t, "rules page after saving", page, "已保存新版本 #1", "历史版本（1）", "15000.50元", "县委会议决定", "2026年12月1日")
		entries, _, err := audit.Find(context.Background(), db.Reader(), store.ScopeAll(), audit.Filter{Action: "settings.rule"})
		if err != nil || len(entries) != 1 || entries[0].Region != county {
			t.Errorf("audit %v %v", entries, err)
		}
		if code, body := post(url.Values{"rule": {"medical_oop"}, "effective_from": {"2026-12-01"}, "enabled": {"yes"},
			"amount": {"1"}, "percent": {"1"}, "window_months": {"1"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "应晚于") {
			t.Errorf("a second version on the same date: %d", code)
		}
		off := url.Values{"rule": {"unsafe_house"}, "effective_from": {"2026-11-28"}}
		if code, _ := post(off); code != http.StatusSeeOther {
			t.Errorf("switching a rule off: %d", code)
		}
		rules, _ := screening.Rules(context.Background(), db.Reader(), villageA, feedClock)
		for _, v := range rules {
			if v.Rule == screening.UnsafeHouse && v.Enabled {
				t.Error("unsafe_house still on")
			}
		}
	})
}
