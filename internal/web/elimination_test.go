package web

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

func TestEliminationProposal(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		const path = "/households/6203210001/elimination"
		page := get(t, f.town, "/households/6203210001").Body.String()
		bodyHas(t, "household page", page, "风险消除条件（截至", "纳入监测满6个月", "申请风险消除", `action="`+path+`"`)
		rec := do(t, f.town, "POST", path, url.Values{"mode": {"随便消除"}, "description": {"收入稳定超过一年"}})
		expect(t, "bad mode", rec, rec.Body.String(), 422, "请选择风险消除方式", "收入稳定超过一年")
		if n := f.count(t, "cases"); n != 0 {
			t.Fatalf("a refused proposal stored %d cases", n)
		}
		if rec := do(t, f.viewer, "POST", path, url.Values{"mode": {"帮扶消除"}}); rec.Code != 403 {
			t.Errorf("viewer: %d", rec.Code)
		}
		if rec := do(t, f.villB, "POST", path, url.Values{"mode": {"帮扶消除"}}); rec.Code != 404 {
			t.Errorf("another village: %d", rec.Code)
		}
		rec = do(t, f.town, "POST", "/households/6203210003/elimination", url.Values{"mode": {"帮扶消除"}})
		expect(t, "not monitored", rec, rec.Body.String(), 409, "只有监测对象才能申请风险消除")
		rec = do(t, f.town, "POST", path, url.Values{"mode": {"帮扶消除"}, "description": {"务工收入稳定"}})
		loc := rec.Header().Get("Location")
		if rec.Code != 303 || !regexp.MustCompile(`^/cases/\d+$`).MatchString(loc) {
			t.Fatalf("propose: %d %s %s", rec.Code, loc, rec.Body)
		}
		casePage := get(t, f.vill, loc).Body.String()
		bodyHas(t, "case page", casePage, "风险消除（帮扶消除）", "风险消除条件", "立案 · ", "纳入监测满6个月", `name="action" value="verify"`)
		for _, absent := range []string{`value="accept"`, `value="enrol"`, `value="reopen"`} {
			if strings.Contains(casePage, absent) || strings.Contains(get(t, f.town, loc).Body.String(), absent) {
				t.Errorf("an elimination case offers %s", absent)
			}
		}
		rec = do(t, f.town, "POST", path, url.Values{"mode": {"自然消除"}})
		expect(t, "second proposal", rec, rec.Body.String(), 409, "已有正在办理的风险消除案件")
		page = get(t, f.town, "/households/6203210001").Body.String()
		if !strings.Contains(page, "正在办理") || strings.Contains(page, `action="`+path+`"`) {
			t.Error("the household page still offers a proposal while one is under way")
		}
	})
}

func TestEliminationRollback(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		const path = "/households/6203210002/elimination/rollback"
		if strings.Contains(get(t, f.town, "/households/6203210002").Body.String(), path) {
			t.Error("a township cadre is offered the rollback")
		}
		page := get(t, f.cnty, "/households/6203210002").Body.String()
		if !strings.Contains(page, path) || !strings.Contains(page, "该户风险已于2024年6月消除（帮扶消除）") ||
			!strings.Contains(page, "重新标注风险") {
			t.Fatal("the county is not offered the rollback, or the elimination is not shown")
		}
		if rec := do(t, f.town, "POST", path, url.Values{"reason": {"收入核算有误"}}); rec.Code != 403 {
			t.Errorf("township rollback: %d", rec.Code)
		}
		rec := do(t, f.cnty, "POST", path, url.Values{"reason": {"  "}})
		expect(t, "no reason", rec, rec.Body.String(), 422, "请填写回退理由")
		h, _, _ := registry.FindHousehold(context.Background(), f.db.Reader(), store.ScopeAll(), "6203210002")
		if !h.Eliminated {
			t.Fatal("a refused rollback changed the household")
		}
		rec = do(t, f.cnty, "POST", path, url.Values{"reason": {"收入核算有误，务工收入重复计算"}})
		if rec.Code != 303 {
			t.Fatalf("rollback: %d %s", rec.Code, rec.Body)
		}
		page = get(t, f.cnty, "/households/6203210002").Body.String()
		if !strings.Contains(page, "收入核算有误，务工收入重复计算") || !strings.Contains(page, "申请风险消除") {
			t.Error("after the rollback the household is not back under monitoring with the reason in its history")
		}
		rec = do(t, f.cnty, "POST", path, url.Values{"reason": {"再来一次"}})
		expect(t, "second rollback", rec, rec.Body.String(), 409, "只有风险已消除的农户才能回退")
	})
}

func TestFitRulesAdmin(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		_, admin := asUser(t, f.cfg, "adm", auth.RoleAdmin, city)
		if rec := get(t, f.town, "/admin/fit-rules"); rec.Code != 403 {
			t.Errorf("township: %d", rec.Code)
		}
		page := get(t, f.cnty, "/admin/fit-rules")
		expect(t, "county reads", page, page.Body.String(), 200, "因病", "健康帮扶（全部子类）", "因病风险户落实基本医保", "本表由系统管理员维护")
		if rec := do(t, f.cnty, "POST", "/admin/fit-rules", url.Values{"op": {"add"}, "risk_type": {"因病"},
			"measure": {"产业帮扶|"}, "basis": {"x"}}); rec.Code != 403 {
			t.Errorf("county changes the table: %d", rec.Code)
		}
		f.addMeasure(t, "6203210001", monitoring.MeasureInput{Type: monitoring.TypeIndustry, Subtype: "养殖业", Owner: "镇农办",
			StartOn: "2026-01-10", DueOn: "2026-12-20"})
		const flagged = "风险“因病”的对应措施"
		if !strings.Contains(get(t, f.town, "/monitoring").Body.String(), flagged) {
			t.Fatal("an industry measure fits 因病 before the rule exists")
		}
		for _, c := range []struct {
			v    url.Values
			want string
		}{
			{url.Values{"risk_type": {"因病"}, "measure": {"产业帮扶|"}, "basis": {""}}, "请用一句话写明政策依据"},
			{url.Values{"risk_type": {"其他"}, "measure": {"产业帮扶|"}, "basis": {"依据某文件"}}, "无需设置"},
			{url.Values{"risk_type": {"因病"}, "measure": {"健康帮扶|种植业"}, "basis": {"依据某文件"}}, "不是“健康帮扶”的子类"},
		} {
			c.v.Set("op", "add")
			rec := do(t, admin, "POST", "/admin/fit-rules", c.v)
			expect(t, c.want, rec, rec.Body.String(), 422, c.want, c.v.Get("basis"))
		}
		rules, _ := monitoring.FitRules(context.Background(), f.db.Reader())
		rec := do(t, admin, "POST", "/admin/fit-rules", url.Values{"op": {"add"}, "risk_type": {"因病"}, "measure": {"产业帮扶|"},
			"basis": {"产业帮扶增加收入，抵御因病支出。"}})
		if rec.Code != 303 {
			t.Fatalf("add: %d %s", rec.Code, rec.Body)
		}
		after, _ := monitoring.FitRules(context.Background(), f.db.Reader())
		if len(after) != len(rules)+1 {
			t.Fatalf("%d rules, want %d", len(after), len(rules)+1)
		}
		if strings.Contains(get(t, f.town, "/monitoring").Body.String(), flagged) {
			t.Error("the new row does not change the checks")
		}
		var id string
		for _, r := range after {
			if r.RiskType == "因病" && r.MeasureType == monitoring.TypeIndustry {
				id = strconv.FormatInt(r.ID, 10)
			}
		}
		if rec := do(t, admin, "POST", "/admin/fit-rules", url.Values{"op": {"delete"}, "id": {id}}); rec.Code != 303 {
			t.Fatalf("delete: %d", rec.Code)
		}
		if rec := do(t, admin, "POST", "/admin/fit-rules", url.Values{"op": {"delete"}, "id": {"99999"}}); rec.Code != 404 {
			t.Errorf("unknown row: %d", rec.Code)
		}
		if !strings.Contains(get(t, f.town, "/monitoring").Body.String(), flagged) {
			t.Error("the deleted row still counts")
		}
	})
}
