package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/testkit"
)

// TestEntitiesPages: the figures, the overdue payouts and the weak-only list
// on /entities; an entity's page; a payout marked paid (not by a viewer,
// audited); the household page's part.
func TestEntitiesPages(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	entityFixture(t, db)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	page := get(t, h, "/entities").Body.String()
	bodyHas(t, "/entities", page, "甲村合作社", "乙村合作社", "仅土地流转、租赁或雇工", "due-red", "2025年12月31日")
	if page := get(t, h, "/entities?kind=家庭农场").Body.String(); !strings.Contains(page, "没有符合条件的经营主体") {
		t.Error("the kind filter keeps a cooperative")
	}
	if rec := get(t, h, "/entities?kind=公司"); rec.Code != http.StatusBadRequest {
		t.Errorf("bad kind: %d", rec.Code)
	}
	// as of the payouts' due day: due that day, not overdue yet
	if page := get(t, h, "/entities?as_of=2025-12-31").Body.String(); !strings.Contains(page, "没有逾期未兑付的分红") {
		t.Error("overdue on its due day")
	}
	if rec := get(t, h, "/entities?as_of=2999-01-01"); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("as_of after today: %d", rec.Code)
	}
	if rec := get(t, h, "/entities/overdue.xlsx?as_of=2025-12-31"); rec.Code != http.StatusOK {
		t.Errorf("overdue export as of a day: %d", rec.Code)
	}
	page = get(t, h, "/entities/2").Body.String()
	if !strings.Contains(page, "王五") || !strings.Contains(page, "/entities/payouts/2/paid") || !strings.Contains(page, "5000.00") ||
		!strings.Contains(page, "2025年1月1日") {
		t.Fatalf("entity page: %s", page)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, county)
	form := url.Values{"paid": {"2026-01-05"}, "evidence": {"回单123"}, "entity": {"2"}}
	if rec := post(t, viewer, "/entities/payouts/2/paid", form); rec.Code != http.StatusForbidden {
		t.Fatalf("viewer marks paid: %d", rec.Code)
	}
	if rec := post(t, h, "/entities/payouts/2/paid", form); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/entities/2#payouts" {
		t.Fatalf("mark paid: %d %s", rec.Code, rec.Body)
	}
	if rec := post(t, h, "/entities/payouts/2/paid", form); rec.Code != http.StatusConflict {
		t.Errorf("paid twice: %d", rec.Code)
	}
	if n := testkit.Int(t, db, "SELECT count(*) FROM audit_log WHERE action = 'entity.payout_paid'"); n != 1 {
		t.Errorf("audit: %d", n)
	}
	if page := get(t, h, "/households/6203210002").Body.String(); !strings.Contains(page, "乙村合作社") || !strings.Contains(page, "2026年1月5日") || !strings.Contains(page, "5000.00") {
		t.Errorf("household page lacks its entity part")
	}
}
