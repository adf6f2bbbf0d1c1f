package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/testkit"
)

// TestQRBaseURL: opened at a loopback address, the QR page says phones
// cannot open the codes; an administrator sets the public address on the
// page (checked, audited) and the codes carry it.
func TestQRBaseURL(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	db := cfg.DB
	_, admin := asUser(t, cfg, "qr-admin", auth.RoleAdmin, city)
	_, town := asUser(t, cfg, "qr-town", auth.RoleTownship, township)
	local := func(h http.Handler) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/qr?region="+township, nil))
		return rec.Body.String()
	}
	page := local(admin)
	if !strings.Contains(page, "手机扫码打不开") || !strings.Contains(page, `action="/qr/base-url"`) {
		t.Fatal("the admin's QR page at a loopback address lacks the warning or the setting")
	}
	if page := local(town); !strings.Contains(page, "请联系系统管理员设置") || strings.Contains(page, `action="/qr/base-url"`) {
		t.Error("a township cadre's QR page: no warning, or a form they may not use")
	}
	if rec := do(t, town, "POST", "/qr/base-url", url.Values{"base_url": {"https://fp.example.gov.cn"}}); rec.Code != http.StatusForbidden {
		t.Errorf("township sets the address: %d", rec.Code)
	}
	if rec := do(t, admin, "POST", "/qr/base-url", url.Values{"base_url": {"http://localhost:8080"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a loopback setting: %d", rec.Code)
	}
	if rec := do(t, admin, "POST", "/qr/base-url", url.Values{"base_url": {"https://fp.example.gov.cn/"}, "region": {township}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("set: %d %s", rec.Code, rec.Body)
	}
	if page := local(town); strings.Contains(page, "手机扫码打不开") || !strings.Contains(page, "https://fp.example.gov.cn/r/") {
		t.Error("the codes do not carry the address set")
	}
	n := testkit.Int(t, db, "SELECT count(*) FROM audit_log WHERE action = 'setting.set'")
	if n != 1 {
		t.Errorf("%d settings audited", n)
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

// TestQRRevokeTownshipAndUp: a village cadre sees the codes but cannot
// revoke them; the township can (issue 15, item 9).
func TestQRRevokeTownshipAndUp(t *testing.T) {
	t.Parallel()
	s, _, tok := publicServer(t)
	cfg := Config{DB: s.cfg.DB, Keys: s.cfg.Keys, Auth: s.cfg.Auth, Reports: s.reports}
	_, vill := asUser(t, cfg, "vill", "village", villageA)
	if page := get(t, vill, "/qr").Body.String(); strings.Contains(page, "/revoke") {
		t.Error("the village page offers revoke")
	}
	if rec := do(t, vill, "POST", "/qr/"+villageA+"/revoke", url.Values{}); rec.Code != http.StatusForbidden {
		t.Fatalf("village revoke: %d", rec.Code)
	}
	if rec := get(t, vill, "/r/"+tok); rec.Code != 200 {
		t.Fatalf("the code stopped working: %d", rec.Code)
	}
	_, town := asUser(t, cfg, "town", "township", township)
	if rec := do(t, town, "POST", "/qr/"+villageA+"/revoke", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("township revoke: %d", rec.Code)
	}
}
