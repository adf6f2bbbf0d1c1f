package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
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
	var n int
	db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM audit_log WHERE action = 'setting.set'").Scan(&n)
	if n != 1 {
		t.Errorf("%d settings audited", n)
	}
}
