package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/idcard"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

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
	for _, want := range []string{"北海子村 <small class=\"code\">" + villageA, "当前区划：城关镇", idcard.MaskPhone(phone), idcard.Mask(newID), loc + "/contact/reveal", loc + "/register"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
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
