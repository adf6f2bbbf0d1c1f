package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/idcard"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// TestCasePages: a township cadre opens a case from a household page, sees
// it in the inbox, takes a step through its form, and is refused a step out
// of order (409) or with missing data (422); a village cadre does not see
// the steps that are not theirs.
func TestCasePages(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	db := cfg.DB
	_, town := asUser(t, cfg, "town", auth.RoleTownship, township)
	_, vill := asUser(t, cfg, "vill", auth.RoleVillage, villageA)
	page := get(t, town, "/households/6203210001")
	if !strings.Contains(page.Body.String(), `action="/households/6203210001/cases"`) {
		t.Fatal("the household page offers no case form")
	}
	rec := do(t, town, "POST", "/households/6203210001/cases", url.Values{"risk_types": {"因病"}, "description": {"排查发现住院"}})
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/cases/") {
		t.Fatalf("open: %d %s %s", rec.Code, loc, rec.Body)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/cases/"), 10, 64)
	notifiedOnce(t, db, id)
	inbox := get(t, town, "/cases").Body.String()
	if !strings.Contains(inbox, "张三") || !strings.Contains(inbox, "已上报") || !strings.Contains(inbox, "待受理") {
		t.Fatalf("inbox lacks the case:\n%s", inbox)
	}
	casePage := get(t, town, loc).Body.String()
	if !strings.Contains(casePage, `name="action" value="accept"`) {
		t.Fatal("the township cadre is not offered 受理")
	}
	if strings.Contains(get(t, vill, loc).Body.String(), `name="action" value="accept"`) {
		t.Fatal("a village cadre is offered 受理")
	}
	if rec := do(t, town, "POST", loc+"/actions", url.Values{"action": {"township_review"}, "approve": {"yes"}}); rec.Code != http.StatusConflict ||
		!strings.Contains(rec.Body.String(), "不能执行") {
		t.Fatalf("out of order: %d", rec.Code)
	}
	en := do(t, town, "POST", loc+"/actions?lang=en", url.Values{"action": {"township_review"}, "approve": {"yes"}})
	if want := "In state “reported”, the step “township review” is not allowed"; en.Code != http.StatusConflict ||
		!strings.Contains(en.Body.String(), want) {
		t.Fatalf("out of order, in English: %d, want %q", en.Code, want)
	}
	if rec := do(t, town, "POST", loc+"/actions", url.Values{"action": {"accept"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", rec.Code, rec.Body)
	}
	if inbox := get(t, town, "/cases").Body.String(); strings.Contains(inbox, "news-case_new") || strings.Contains(inbox, "待受理，请在") {
		t.Error("after acceptance the inbox still announces the new case")
	}
	if rec := do(t, vill, "POST", loc+"/actions", url.Values{"action": {"verify"}, "consent": {"yes"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("verify without notes: %d", rec.Code)
	}
	for _, income := range []string{"12.345", "1e3", "-5"} { // read exactly, never rounded
		if rec := do(t, vill, "POST", loc+"/actions", url.Values{"action": {"verify"}, "consent": {"yes"}, "notes": {"入户核实属实"}, "income": {income}}); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "金额") {
			t.Fatalf("verify with income %q: %d", income, rec.Code)
		}
	}
	if rec := do(t, vill, "POST", loc+"/actions", url.Values{"action": {"verify"}, "consent": {"yes"}, "notes": {"入户核实属实"}, "income": {"5200.5"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(get(t, vill, loc).Body.String(), "已入户核实") {
		t.Fatal("the case page does not show the new state")
	}
}

// TestNotificationRead: a user hides a notification from their own feed;
// others of the region still see it, and another region's is not found.
func TestNotificationRead(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	_, town := asUser(t, cfg, "town", auth.RoleTownship, township)
	_, vill := asUser(t, cfg, "vill", auth.RoleVillage, villageA)
	_, villB := asUser(t, cfg, "villb", auth.RoleVillage, villageB)
	if rec := do(t, town, "POST", "/households/6203210001/cases", url.Values{"risk_types": {"因病"}, "description": {"排查发现住院"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("open: %d", rec.Code)
	}
	inbox := get(t, vill, "/cases").Body.String()
	m := regexp.MustCompile(`action="(/notifications/\d+/read)"`).FindStringSubmatch(inbox)
	if m == nil || !strings.Contains(inbox, "知道了") {
		t.Fatalf("the feed offers no way to hide a notification:\n%s", inbox)
	}
	if rec := do(t, villB, "POST", m[1], url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("another village marks it read: %d", rec.Code)
	}
	if rec := do(t, vill, "POST", m[1], url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("mark read: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(get(t, vill, "/cases").Body.String(), m[1]) {
		t.Error("the reader still sees the notification")
	}
	if !strings.Contains(get(t, town, "/cases").Body.String(), m[1]) {
		t.Error("the township no longer sees it")
	}
}

// TestCaseContact: a self-reported case shows the reporter's masked phone
// and ID, the full numbers once on an audited reveal for roles that may,
// the registered household by the ID number, or the form 登记为新农户, which
// creates the household and links the case.
func TestCaseContact(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	db := cfg.DB
	s, town := asUser(t, cfg, "town", auth.RoleTownship, township)
	_, vill := asUser(t, cfg, "vill", auth.RoleVillage, villageA)
	ctx := context.Background()
	tok, err := s.reports.VillageToken(ctx, store.ScopeAll(), villageA)
	if err != nil {
		t.Fatal(err)
	}
	caseOf := func(id, phone string) string {
		t.Helper()
		rc, err := s.reports.Submit(ctx, selfreport.Submission{Token: tok, HeadName: "钱七", IDNumber: id, Phone: phone,
			RiskTypes: []string{"因病"}, Description: "住院", Consent: true, IP: "10.1.1.9"})
		if err != nil {
			t.Fatal(err)
		}
		var cid int64
		db.Reader().QueryRowContext(ctx, "SELECT case_id FROM self_reports WHERE receipt = ?", rc.Code).Scan(&cid)
		return "/cases/" + strconv.FormatInt(cid, 10)
	}
	newID, phone := testkit.IDBorn("19700101", 77), "13700001111"
	loc := caseOf(newID, phone)
	page := get(t, town, loc).Body.String()
	bodyHas(t, "case page", page, "北海子村 <small class=\"code\">"+villageA, "当前区划：城关镇", idcard.MaskPhone(phone), idcard.Mask(newID), loc+"/contact/reveal", loc+"/register")
	if strings.Contains(page, phone) || strings.Contains(page, newID) {
		t.Fatal("the case page shows full numbers unasked")
	}
	api := get(t, town, "/api/v1/cases").Body.String()
	if !strings.Contains(api, `"phone_masked":"`+idcard.MaskPhone(phone)) || strings.Contains(api, phone) {
		t.Fatalf("the API lacks the masked contact: %s", api)
	}
	if strings.Contains(get(t, vill, loc).Body.String(), "/contact/reveal") {
		t.Error("a village cadre is offered the reveal")
	}
	if rec := do(t, vill, "POST", loc+"/contact/reveal", nil); rec.Code != http.StatusForbidden {
		t.Errorf("village reveal: %d", rec.Code)
	}
	rec := do(t, town, "POST", loc+"/contact/reveal", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "tel:"+phone) || !strings.Contains(rec.Body.String(), newID) {
		t.Fatalf("reveal: %d", rec.Code)
	}
	var audited int
	db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'self_report.view_full'").Scan(&audited)
	if audited != 1 {
		t.Fatalf("%d reveals audited", audited)
	}
	if rec := get(t, town, loc+"/register"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "钱七") {
		t.Fatalf("register form: %d", rec.Code)
	}
	if rec := do(t, town, "POST", loc+"/register", url.Values{"code": {"6203210001"}, "type": {"一般农户"}, "education": {"小学"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a taken code: %d", rec.Code)
	}
	rec = do(t, town, "POST", loc+"/register", url.Values{"code": {"6203210099"}, "type": {"一般农户"}, "health": {"健康"}, "education": {"小学"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/households/6203210099" {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}
	if page := get(t, town, loc).Body.String(); !strings.Contains(page, `href="/households/6203210099"`) || strings.Contains(page, loc+"/register") {
		t.Error("the registered case does not link its household")
	}
	// a family already registered: the case links its household by the ID number
	if page := get(t, town, caseOf(idZhang, phoneZhang)).Body.String(); !strings.Contains(page, `href="/households/6203210001"`) {
		t.Error("a registered reporter's case does not link the household")
	}
}
