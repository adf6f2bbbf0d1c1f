package web

import (
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/idcard"
)

// TestHouseholdFile: the one-household file renders every part (members
// masked, monitoring and its history, cadre, worksheet, plan, a case with
// its steps, a visit with its photo thumbnail) without menu or forms; full
// numbers only for reveal_pii, audited before they are shown.
func TestHouseholdFile(t *testing.T) {
	t.Parallel()
	_, h, db := listWorld(t)
	if rec := do(t, h, "POST", "/households/6203210001/cases", url.Values{"risk_types": {"因病"}, "description": {"住院"}}); rec.Code != 303 {
		t.Fatalf("open case: %d", rec.Code)
	}
	if rec := get(t, h, "/households/6203210001"); !strings.Contains(rec.Body.String(), `href="/households/6203210001/file"`) {
		t.Errorf("the household page does not link its file")
	}
	rec := get(t, h, "/households/6203210001/file")
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("file: %d %.300s", rec.Code, body)
	}
	bodyHas(t, "file", body, "一户一档 张三 · 6203210001", "一、基本信息和家庭成员", "二、监测信息、历史和帮扶责任人", "三、收入测算", "四、帮扶计划和措施",
		"五、案件办理", "六、走访记录", // the parts
		"张三", "李四", idcard.Mask(idZhang), "患有大病", // members, masked
		"脱贫不稳定户", "李四的帮扶人", "2025", "12345.00", "张三的帮扶人", "养殖业", // monitoring, cadre, worksheet, plan
		"立案", "张三住院", `src="/visits/`, // a case step, a visit and its thumbnail
		`class="print-view household-file"`)
	bodyLacks(t, "file", body, idZhang, idLi, phoneZhang, `class="menu"`, `action="/households/6203210001/measures"`)
	if got := auditedBy(t, db, "household.view_full"); len(got) != 0 {
		t.Errorf("masked view audited: %v", got)
	}
	rec = do(t, h, "POST", "/households/6203210001/file", url.Values{"full": {"1"}})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), idZhang) || !strings.Contains(rec.Body.String(), idLi) {
		t.Errorf("full file: %d", rec.Code)
	}
	if got := auditedBy(t, db, "household.view_full"); len(got) != 1 {
		t.Errorf("full view audited %v", got)
	}
	_, viewer := asUser(t, Config{DB: db}, "kan", auth.RoleViewer, township)
	if rec := do(t, viewer, "POST", "/households/6203210001/file", url.Values{"full": {"1"}}); rec.Code != 403 {
		t.Errorf("viewer full: %d", rec.Code)
	}
	if rec := get(t, viewer, "/households/6203210001/file"); rec.Code != 200 || strings.Contains(rec.Body.String(), idZhang) {
		t.Errorf("viewer masked: %d", rec.Code)
	}
}
