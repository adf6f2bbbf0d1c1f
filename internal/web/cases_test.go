package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
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

func TestQRPages(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, town := asUser(t, Config{DB: db, Keys: keys}, "town", auth.RoleTownship, township)
	page := get(t, town, "/qr").Body.String()
	links := regexp.MustCompile(`/r/([a-z0-9]{16})`).FindAllStringSubmatch(page, -1)
	if len(links) < 2 || !strings.Contains(page, "北海子村") || !strings.Contains(page, "金川西村") {
		t.Fatalf("QR page lists %d links", len(links))
	}
	sheets := get(t, town, "/qr/sheets")
	if sheets.Code != 200 || strings.Count(sheets.Body.String(), `class="sheet"`) != 2 ||
		!strings.Contains(sheets.Header().Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("sheets: %d", sheets.Code)
	}
	if png := get(t, town, "/qr/"+villageA+".png"); png.Code != 200 || png.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("png: %d", png.Code)
	}
	if rec := do(t, town, "POST", "/qr/123/revoke", url.Values{}); rec.Code != http.StatusBadRequest {
		t.Fatalf("malformed village code: %d", rec.Code)
	}
	if !strings.Contains(page, `hx-confirm="作废北海子村的二维码？已打印张贴的旧二维码将立即失效`) {
		t.Error("revoking asks no confirmation naming what it does")
	}
	old := links[0][1]
	rec := do(t, town, "POST", "/qr/"+villageA+"/revoke", url.Values{})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", rec.Code)
	}
	if after := get(t, town, rec.Header().Get("Location")).Body.String(); !strings.Contains(after, "已作废北海子村的旧二维码：已打印的旧码从现在起扫码无效") {
		t.Error("the page does not say what the revocation did")
	}
	if rec := get(t, town, "/r/"+old); rec.Code != 404 {
		t.Fatalf("revoked code still opens the form: %d", rec.Code)
	}
	if strings.Contains(get(t, town, "/qr").Body.String(), old) {
		t.Fatal("the revoked code is still listed")
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
