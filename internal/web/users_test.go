package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/testkit"
)

// TestUsersPage: an administrator lists the accounts of their region with
// the last sign-in, creates one with a role and a region inside their own
// (a temporary password shown once), resets and disables it, each audited;
// a region outside theirs is refused, and so are other roles.
func TestUsersPage(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	db, a := cfg.DB, cfg.Auth
	_, admin := asUser(t, cfg, "county-admin", auth.RoleAdmin, county)
	_, town := asUser(t, cfg, "town", auth.RoleTownship, township)
	if rec := get(t, town, "/admin/users"); rec.Code != http.StatusForbidden {
		t.Fatalf("township: %d", rec.Code)
	}
	page := get(t, admin, "/admin/users").Body.String()
	bodyHas(t, "users page", page, "county-admin", "town", "从未登录", "region-picker", `data-region-picker="`+county)
	if rec := do(t, admin, "POST", "/admin/users", url.Values{"username": {"far"}, "role": {"village"}, "region": {"620302000000"}}); rec.Code != http.StatusNotFound {
		t.Errorf("a region outside: %d", rec.Code)
	}
	rec := do(t, admin, "POST", "/admin/users", url.Values{"username": {"wang.cun"}, "display_name": {"王村"},
		"role": {"village"}, "region": {villageA}})
	pw := regexp.MustCompile(`<strong class="mono revealed">([^<]+)</strong>`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || pw == nil {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	if _, err := a.Authenticate(context.Background(), "wang.cun", pw[1], "127.0.0.1"); err != nil {
		t.Fatalf("the temporary password does not sign in: %v", err)
	}
	if rec := do(t, admin, "POST", "/admin/users/wang.cun/password", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "只显示这一次") {
		t.Errorf("reset: %d", rec.Code)
	}
	if rec := do(t, admin, "POST", "/admin/users/county-admin/disable", nil); rec.Code != http.StatusConflict {
		t.Errorf("disable oneself: %d", rec.Code)
	}
	if rec := do(t, admin, "POST", "/admin/users/wang.cun/disable", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "已停用") {
		t.Errorf("disable: %d", rec.Code)
	}
	n := testkit.Int(t, db, `SELECT count(*) FROM audit_log WHERE entity_id = 'wang.cun'
		AND action IN ('user.create', 'user.password', 'user.disable') AND username = 'county-admin'`)
	if n != 3 {
		t.Errorf("%d changes audited, want 3", n)
	}
}
