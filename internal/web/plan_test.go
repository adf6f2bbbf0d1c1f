package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/monitoring"
	"fangpin/internal/store"
)

// measureForm is a good measure form; with changes applied.
func measureForm(changes ...string) url.Values {
	return changed(url.Values{"measure": {"健康帮扶|医疗救助"}, "owner": {"镇卫生院"}, "start_on": {"2026-11-01"},
		"due_on": {"2026-12-31"}, "status": {"in_progress"}, "amount": {"1,234.56"}, "notes": {"住院费用救助"}}, changes...)
}

func TestMeasureForms(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		const path = "/households/6203210001/measures"
		bad := []struct {
			name, field, value, want string
		}{
			{"no measure", "measure", "", "不在全国帮扶措施目录之列"},
			{"sub-type of another type", "measure", "健康帮扶|种植业", "请选择“健康帮扶”的子类"},
			{"no owner", "owner", " ", "请填写责任单位或责任人"},
			{"bad start", "start_on", "2026-13-01", "「开始日期」应为日期"},
			{"due before start", "due_on", "2026-10-01", "完成时限不能早于开始日期"},
			{"fraction of a fen", "amount", "12.345", "金额最多两位小数"},
			{"negative amount", "amount", "-1", "金额不能为负数"},
			{"too much", "amount", "20000000", "金额应在0到"},
			{"not a number", "amount", "一千", "金额格式不正确"},
			{"unknown status", "status", "weird", "未知的措施状态"},
			{"bad account", "owner_user_id", "x", "系统账号不存在"},
			{"foreign account", "owner_user_id", fmt.Sprint(f.user(t, "villb").ID), "不负责该户所在地区"},
		}
		for _, c := range bad {
			rec := do(t, f.town, "POST", path, measureForm(c.field, c.value, "notes", "打字的备注"+c.name))
			expect(t, c.name, rec, rec.Body.String(), 422, c.want, "打字的备注"+c.name, `<details class="form-box" open>`)
		}
		if n := f.count(t, "measures"); n != 0 {
			t.Fatalf("%d measures stored by refused forms", n)
		}
		if rec := do(t, f.viewer, "POST", path, measureForm()); rec.Code != 403 {
			t.Errorf("viewer: %d", rec.Code)
		}
		if rec := do(t, f.villB, "POST", path, measureForm()); rec.Code != 404 {
			t.Errorf("another village: %d", rec.Code)
		}
		before := get(t, f.town, "/households/6203210001").Body.String()
		if !strings.Contains(before, "措施不对应") {
			t.Fatal("the household page does not show the mismatch")
		}
		rec := do(t, f.town, "POST", path, measureForm())
		if rec.Code != 303 || rec.Header().Get("Location") != "/households/6203210001#plan" {
			t.Fatalf("add: %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		ms, err := monitoring.Measures(context.Background(), f.db.Reader(), store.ScopeAll(), f.householdID(t, "6203210001"))
		if err != nil || len(ms) != 1 || ms[0].AmountFen != 123456 || ms[0].Status != monitoring.StatusInProgress {
			t.Fatalf("stored: %+v %v", ms, err)
		}
		page := get(t, f.town, "/households/6203210001").Body.String()
		bodyHas(t, "household page", page, "健康帮扶·医疗救助", "1234.56 元", "镇卫生院", "已落实", "风险“因病”已有对应措施")
		if strings.Contains(page, "措施不对应") {
			t.Error("the mismatch is still shown")
		}
		testMeasureUpdate(t, f, ms[0])
		testMeasureProgress(t, f, ms[0])
	})
}

func testMeasureUpdate(t *testing.T, f *monFixture, m monitoring.Measure) {
	path := fmt.Sprintf("/households/6203210001/measures/%d", m.ID)
	rec := do(t, f.town, "POST", path, measureForm("due_on", "2026-01-01", "owner", "改过的单位"))
	expect(t, "update due before start", rec, rec.Body.String(), 422, "完成时限不能早于开始日期", `value="改过的单位"`)
	if rec := do(t, f.town, "POST", fmt.Sprintf("/households/6203210003/measures/%d", m.ID), measureForm()); rec.Code != 404 {
		t.Errorf("a measure under another household's code: %d", rec.Code)
	}
	if rec := do(t, f.town, "POST", "/households/6203210001/measures/99999", measureForm()); rec.Code != 404 {
		t.Errorf("an unknown measure: %d", rec.Code)
	}
	rec = do(t, f.town, "POST", path, measureForm("amount", "80元", "owner", "县医保局", "continues", "yes"))
	if rec.Code != 303 {
		t.Fatalf("update: %d %s", rec.Code, rec.Body)
	}
	got, err := monitoring.FindMeasure(context.Background(), f.db.Reader(), store.ScopeAll(), m.ID)
	if err != nil || got.AmountFen != 8000 || got.Owner != "县医保局" || !got.ContinuesAfterExit || got.Status != m.Status {
		t.Fatalf("after update: %+v %v", got, err)
	}
}

func testMeasureProgress(t *testing.T, f *monFixture, m monitoring.Measure) {
	path := fmt.Sprintf("/households/6203210001/measures/%d/progress", m.ID)
	tomorrow := testNow.AddDate(0, 0, 2).Format(isoDate)
	today := testNow.Format(isoDate)
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"on": {tomorrow}, "status": {"done"}, "note": {"提前"}}, "晚于今天"},
		{url.Values{"on": {today}, "note": {""}}, "请填写进展情况或改变状态"},
		{url.Values{"on": {today}, "status": {"bogus"}, "note": {"x"}}, "未知的措施状态"},
		{url.Values{"on": {"昨天"}, "note": {"x"}}, "「进展日期」应为日期"},
	} {
		rec := do(t, f.town, "POST", path, c.form)
		expect(t, "progress "+c.want, rec, rec.Body.String(), 422, c.want)
	}
	if n := f.count(t, "measure_updates"); n != 0 {
		t.Fatalf("%d updates stored by refused forms", n)
	}
	rec := do(t, f.town, "POST", path, url.Values{"on": {today}, "status": {"done"}, "note": {"救助金已发放"}})
	if rec.Code != 303 || !strings.HasSuffix(rec.Header().Get("Location"), fmt.Sprintf("#measure-%d", m.ID)) {
		t.Fatalf("progress: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	page := get(t, f.town, "/households/6203210001").Body.String()
	if !strings.Contains(page, "救助金已发放") || !strings.Contains(page, "已完成") {
		t.Error("the progress is not shown")
	}
}

func TestCadreForm(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		const path = "/households/6203210001/cadres"
		good := func(changes ...string) url.Values {
			return changed(url.Values{"name": {"周明"}, "unit": {"城关镇政府"}, "phone": {"13800001111"},
				"user_id": {fmt.Sprint(f.villUser.ID)}, "start_on": {"2026-03-01"}}, changes...)
		}
		for _, c := range []struct{ field, value, want string }{
			{"name", "", "请填写帮扶责任人姓名"},
			{"phone", "123", "联系电话"},
			{"start_on", "3月1日", "「帮扶开始日期」应为日期"},
			{"user_id", fmt.Sprint(f.user(t, "villb").ID), "不负责该户所在地区"},
			{"user_id", "abc", "系统账号不存在"},
		} {
			rec := do(t, f.town, "POST", path, good(c.field, c.value, "unit", "打字的单位"))
			expect(t, "cadre "+c.field, rec, rec.Body.String(), 422, c.want, `value="打字的单位"`)
		}
		if n := f.count(t, "household_cadres"); n != 0 {
			t.Fatalf("%d cadres stored by refused forms", n)
		}
		if rec := do(t, f.town, "POST", path, good()); rec.Code != 303 {
			t.Fatalf("set: %d %s", rec.Code, rec.Body)
		}
		page := get(t, f.town, "/households/6203210001").Body.String()
		if !strings.Contains(page, "周明") || !strings.Contains(page, "138****1111") || strings.Contains(page, "13800001111") {
			t.Fatal("the cadre is not shown masked")
		}
		cs, _ := monitoring.Cadres(context.Background(), f.db.Reader(), store.ScopeAll(), f.householdID(t, "6203210001"))
		reveal := fmt.Sprintf("/households/6203210001/cadres/%d/reveal", cs[0].ID)
		if rec := do(t, f.vill, "POST", reveal, url.Values{}); rec.Code != 403 || strings.Contains(rec.Body.String(), "13800001111") {
			t.Errorf("a village cadre reveals: %d", rec.Code)
		}
		if rec := do(t, f.town, "POST", "/households/6203210003/cadres/"+fmt.Sprint(cs[0].ID)+"/reveal", url.Values{}); rec.Code != 404 {
			t.Errorf("a cadre under another household's code: %d", rec.Code)
		}
		rec := do(t, f.town, "POST", reveal, url.Values{})
		expect(t, "reveal", rec, rec.Body.String(), 200, "13800001111", "本次查看已记入审计日志")
		entries, _, err := audit.Find(context.Background(), f.db.Reader(), store.ScopeAll(), audit.Filter{Action: "monitoring.cadre.view_phone"})
		if err != nil || len(entries) != 1 {
			t.Errorf("reveal audited: %d %v", len(entries), err)
		}
		// a new cadre ends the previous one's period
		if rec := do(t, f.town, "POST", path, good("name", "吴刚", "phone", "", "start_on", "2026-06-01")); rec.Code != 303 {
			t.Fatalf("change: %d", rec.Code)
		}
		page = get(t, f.town, "/households/6203210001").Body.String()
		if !strings.Contains(page, "吴刚") || !strings.Contains(page, "2026年5月31日") {
			t.Error("the history of cadres is not shown")
		}
	})
}
