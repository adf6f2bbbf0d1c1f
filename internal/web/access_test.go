package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/idcard"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/village"
)

// do sends a request with a form body (when form is not nil) and headers.
func do(t testing.TB, h http.Handler, method, target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func cookieOf(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// accessServer is the fixture with a bare server (nobody logged in) and a
// user "zhou" (township, 城关镇) with testPassword.
func accessServer(t *testing.T) (*Server, http.Handler, *auth.Service) {
	t.Helper()
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	if _, err := a.CreateUser(context.Background(), auth.NewUser{Username: "zhou", Role: auth.RoleTownship,
		Region: township, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	s := bareServer(t, Config{DB: db, Keys: keys, Auth: a})
	return s, s.Handler(), a
}

func TestLoginFlow(t *testing.T) {
	t.Parallel()
	_, h, _ := accessServer(t)
	rec := get(t, h, "/households?region="+villageA)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next="+url.QueryEscape("/households?region="+villageA) {
		t.Fatalf("anonymous page: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	form := get(t, h, "/login")
	lc := cookieOf(form, loginCookie)
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(form.Body.String())
	if lc == nil || token == nil || token[1] != lc.Value {
		t.Fatalf("login form lacks its token: %v", lc)
	}
	post := func(user, pass string) *httptest.ResponseRecorder {
		return do(t, h, "POST", "/login", url.Values{"csrf": {lc.Value}, "username": {user}, "password": {pass},
			"next": {"/households"}}, "Cookie", loginCookie+"="+lc.Value)
	}
	wrong, unknown := post("zhou", "wrong-Password-1"), post("nobody", testPassword)
	for _, rec := range []*httptest.ResponseRecorder{wrong, unknown} {
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "用户名或密码错误") {
			t.Fatalf("failed login: %d", rec.Code)
		}
	}
	if strings.Contains(unknown.Body.String(), "不存在") || len(wrong.Body.String()) != len(unknown.Body.String())-len("nobody")+len("zhou") {
		t.Error("an unknown user is told apart from a wrong password")
	}
	ok := post("ZHOU", testPassword)
	sc := cookieOf(ok, sessionCookie)
	if ok.Code != http.StatusSeeOther || ok.Header().Get("Location") != "/households" || sc == nil {
		t.Fatalf("login: %d %s", ok.Code, ok.Header().Get("Location"))
	}
	if !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure {
		t.Errorf("session cookie flags %+v", sc)
	}
	page := get(t, h, "/households", "Cookie", sessionCookie+"="+sc.Value)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "zhou · 乡镇") {
		t.Fatalf("logged-in page: %d", page.Code)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page.Body.String())[1]
	if rec := do(t, h, "POST", "/logout", url.Values{}, "Cookie", sessionCookie+"="+sc.Value); rec.Code != http.StatusForbidden {
		t.Fatalf("logout without CSRF token: %d", rec.Code)
	}
	if rec := do(t, h, "POST", "/logout", url.Values{"csrf": {csrf}}, "Cookie", sessionCookie+"="+sc.Value); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := get(t, h, "/households", "Cookie", sessionCookie+"="+sc.Value); rec.Code != http.StatusSeeOther {
		t.Fatalf("session still valid after logout: %d", rec.Code)
	}
	// behind TLS the cookie is Secure
	tls := do(t, h, "POST", "/login", url.Values{"csrf": {lc.Value}, "username": {"zhou"}, "password": {testPassword}},
		"Cookie", loginCookie+"="+lc.Value, "X-Forwarded-Proto", "https")
	if c := cookieOf(tls, sessionCookie); c == nil || !c.Secure {
		t.Error("session cookie not Secure behind TLS")
	}
	// a form posted without the login token (cross-site) is refused
	if rec := do(t, h, "POST", "/login", url.Values{"username": {"zhou"}, "password": {testPassword}}); rec.Code != http.StatusForbidden || cookieOf(rec, sessionCookie) != nil {
		t.Fatalf("login without token: %d", rec.Code)
	}
	if safeNext("//evil.example/x") != "/" || safeNext("https://evil.example") != "/" || safeNext("/ok?a=1") != "/ok?a=1" {
		t.Error("open redirect after login")
	}
}

func TestLoginThrottled(t *testing.T) {
	t.Parallel()
	_, h, _ := accessServer(t)
	var rec *httptest.ResponseRecorder
	for i := 0; i < 6; i++ {
		rec = do(t, h, "POST", "/api/v1/login", nil)
		body := `{"username":"zhou","password":"wrong-Password-1"}`
		req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(body))
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
	}
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "登录尝试次数过多") || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("throttle: %d %s", rec.Code, rec.Body)
	}
}

func TestAPIAuthentication(t *testing.T) {
	t.Parallel()
	_, h, a := accessServer(t)
	rec := get(t, h, "/api/v1/households")
	var e errorBody
	if rec.Code != 401 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Code != "unauthenticated" {
		t.Fatalf("anonymous API: %d %s", rec.Code, rec.Body)
	}
	req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"username":"zhou","password":"`+testPassword+`"}`))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var login struct{ Token, ExpiresAt string }
	if err := json.Unmarshal(rec.Body.Bytes(), &login); rec.Code != 200 || err != nil || login.Token == "" {
		t.Fatalf("API login: %d %s", rec.Code, rec.Body)
	}
	if rec := get(t, h, "/api/v1/households", "Authorization", "Bearer "+login.Token); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"total":4`) {
		t.Fatalf("session bearer: %d %s", rec.Code, rec.Body)
	}
	tok, err := a.CreateToken(context.Background(), "zhou", "script")
	if err != nil {
		t.Fatal(err)
	}
	if rec := get(t, h, "/api/v1/households", "Authorization", "Bearer "+tok); rec.Code != 200 {
		t.Fatalf("API token: %d", rec.Code)
	}
	for _, bad := range []string{"Bearer fp_nope", "Bearer nope", "Basic x"} {
		if rec := get(t, h, "/api/v1/households", "Authorization", bad); rec.Code != 401 {
			t.Errorf("%q: %d", bad, rec.Code)
		}
	}
	// bearer requests need no CSRF token: browsers do not send them by themselves
	if rec := do(t, h, "POST", "/api/v1/households/6203210001/members/1/reveal", nil, "Authorization", "Bearer "+tok); rec.Code != 200 {
		t.Fatalf("token reveal: %d %s", rec.Code, rec.Body)
	}
}

func TestRolesAndReveal(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	ctx := context.Background()
	_, members, err := registry.FindHousehold(ctx, db.Reader(), store.ScopeAll(), "6203210001")
	if err != nil {
		t.Fatal(err)
	}
	zhang := strconv.FormatInt(members[0].ID, 10)
	revealPath := "/households/6203210001/members/" + zhang + "/reveal"
	cases := []struct {
		role   auth.Role
		region string
		status int
	}{
		{auth.RoleTownship, township, 200},
		{auth.RoleCounty, county, 200},
		{auth.RoleVillage, villageA, 403},
		{auth.RoleViewer, city, 403},
		{auth.RoleDepartment, city, 403},
		{auth.RoleTownship, "620302000000", 404}, // another county: the household does not exist for them
	}
	for i, c := range cases {
		_, h := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "u"+strconv.Itoa(i), c.role, c.region)
		rec := do(t, h, "POST", revealPath, url.Values{})
		if rec.Code != c.status {
			t.Errorf("%s@%s: status %d, want %d", c.role, c.region, rec.Code, c.status)
			continue
		}
		if c.status == 200 && (!strings.Contains(rec.Body.String(), idZhang) || !strings.Contains(rec.Body.String(), phoneZhang)) {
			t.Errorf("%s: full numbers not shown", c.role)
		}
		if c.status != 200 && strings.Contains(rec.Body.String(), idZhang) {
			t.Errorf("%s: full ID leaked", c.role)
		}
	}
	entries, _, err := audit.Find(ctx, db.Reader(), store.MustScope("620000000000"), audit.Filter{Action: "person.view_full"})
	if err != nil || len(entries) != 2 || entries[0].EntityID != zhang || entries[0].Region != villageA {
		t.Fatalf("reveals audited: %d entries %v", len(entries), err)
	}
	for _, e := range entries {
		if strings.Contains(e.Detail, idZhang) || strings.Contains(e.Detail, phoneZhang) {
			t.Fatal("the audit entry holds the full numbers")
		}
	}
	// a department user sees no registry page or API
	_, h := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "dept", auth.RoleDepartment, city)
	for _, p := range []string{"/overview", "/households", "/households/6203210001", "/api/v1/households", "/api/v1/stats/overview"} {
		if rec := get(t, h, p); rec.Code != 403 {
			t.Errorf("department %s: %d", p, rec.Code)
		}
	}
}

func TestCSRFRequiredForCookieSessions(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	a := cfg.Auth
	s := bareServer(t, cfg)
	sess := login(t, a, "xx", auth.RoleCity, city)
	h := s.Handler()
	for _, p := range []string{"/households", "/households/6203210001/members/1/reveal", "/logout"} {
		rec := do(t, h, "POST", p, url.Values{"q": {"张三"}}, "Cookie", sessionCookie+"="+sess.Token)
		if rec.Code != http.StatusForbidden {
			t.Errorf("POST %s without CSRF token: %d", p, rec.Code)
		}
		rec = do(t, h, "POST", p, url.Values{"q": {"张三"}}, "Cookie", sessionCookie+"="+sess.Token, "X-CSRF-Token", "wrong")
		if rec.Code != http.StatusForbidden {
			t.Errorf("POST %s with a wrong CSRF token: %d", p, rec.Code)
		}
	}
}

func TestSearchByIDKeepsItOutOfURLs(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	rec := do(t, h, "POST", "/households", url.Values{"q": {strings.ToLower(idZhang)}, "region": {city}})
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || strings.Contains(loc, idZhang) || !strings.Contains(loc, "qk=") {
		t.Fatalf("search redirect %d %q", rec.Code, loc)
	}
	page := get(t, h, loc)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "6203210001") || strings.Contains(page.Body.String(), "6203210002") {
		t.Fatalf("search by index: %d", page.Code)
	}
	rec = do(t, h, "POST", "/households", url.Values{"q": {"王五"}})
	if loc := rec.Header().Get("Location"); !strings.Contains(loc, "q=%E7%8E%8B%E4%BA%94") {
		t.Fatalf("name search redirect %q", loc)
	}
}

// TestScopeIsolation walks every route as an administrator of one village
// (金川西村) and proves that nothing of the other village (北海子村) can be
// read or changed: foreign ids answer 404 exactly like unknown ones, lists
// and figures leave the foreign households out, and no foreign name, code
// or number appears in any answer. TestMutantScopeFilters (package
// store) proves this test fails when any store query drops its scope.
func TestScopeIsolation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, scopeIsolation)
}

func scopeIsolation(t *testing.T, db *store.DB) {
	db, keys := fill(t, db)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	ctx := context.Background()
	log := audit.New(db)
	log.Append(ctx, audit.Event{Action: "probe.foreign", Region: villageA})
	log.Append(ctx, audit.Event{Action: "probe.own", Region: villageB})
	_, foreign, _ := registry.FindHousehold(ctx, db.Reader(), store.ScopeAll(), "6203210001")
	_, own, _ := registry.FindHousehold(ctx, db.Reader(), store.ScopeAll(), "6203210002")
	fid, oid := strconv.FormatInt(foreign[0].ID, 10), strconv.FormatInt(own[0].ID, 10)
	s, h := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "admin-b", auth.RoleAdmin, villageB)
	tokA, err := s.reports.VillageToken(ctx, store.ScopeAll(), villageA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.reports.Submit(ctx, selfreport.Submission{Token: tokA, HeadName: "张三", IDNumber: idZhang,
		Phone: phoneZhang, RiskTypes: []string{"因病"}, Description: "住院", Consent: true, IP: "10.1.1.1"}); err != nil {
		t.Fatal(err)
	}
	var foreignNote string // the notification of the report's case, in village A
	if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM notifications WHERE region_code = ?", villageA).Scan(&foreignNote); err != nil {
		t.Fatal(err)
	}

	if _, err := a.CreateUser(ctx, auth.NewUser{Username: "cun-a", Role: auth.RoleVillage, Region: villageA, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"cun-a", "6203210001", "6203210003", "张三", "李四", "赵六", "probe.foreign",
		idcard.Mask(idZhang), idcard.Mask(idLi), idcard.Mask(idZhao)}
	secrets = append(secrets, idZhang, idLi, idZhao, tokA)
	fx := scopeFeedFixture(t, db, keys, s) // department files, jobs and warnings of both villages
	secrets = append(secrets, fx.secrets...)
	sx := sectorFixture(t, db) // water and 控辍保学 records of both villages
	secrets = append(secrets, sx.secrets...)
	projA, projB, projSecret := projectFixture(t, db) // a project of each village
	secrets = append(secrets, projSecret)
	probes := []scopeProbe{
		{"GET", "/", 302, ""},
		{"GET", "/overview", 200, "金川西村"},
		{"GET", "/overview?region=" + villageA, 404, ""},
		{"GET", "/overview?region=" + township, 404, ""},
		{"GET", "/dashboard", 200, "金川西村"},
		{"GET", "/dashboard?as_of=2024-12-31", 200, "金川西村"},
		{"GET", "/dashboard?region=" + villageA, 404, ""},
		{"GET", "/dashboard?region=" + township, 404, ""},
		{"GET", "/api/v1/dashboard", 200, `"code":"` + villageB + `"`},
		{"GET", "/dashboard/tables.xlsx", 200, ""},
		{"GET", "/dashboard/tables.xlsx?region=" + villageA, 404, ""},
		{"GET", "/dashboard/tables.xlsx?region=" + township, 404, ""},
		{"GET", "/api/v1/dashboard?as_of=2024-12-31", 200, `"total":2,`},
		{"GET", "/api/v1/dashboard?region=" + villageA, 404, ""},
		{"GET", "/api/v1/dashboard?region=" + township, 404, ""},
		{"GET", "/households", 200, "共 2 户"},
		{"GET", "/households?region=" + villageA, 404, ""},
		{"GET", "/households?q=" + url.QueryEscape("张三"), 200, "共 0 户"},
		{"GET", "/households?q=" + idZhang, 200, "共 0 户"},
		{"POST", "/households", 303, ""},
		{"GET", "/households/6203210001", 404, ""},
		{"GET", "/households/6203210002", 200, "王五"},
		{"POST", "/households/6203210001/members/" + fid + "/reveal", 404, ""},
		{"POST", "/households/6203210002/members/" + fid + "/reveal", 404, ""},
		{"POST", "/households/6203210002/members/" + oid + "/reveal", 200, idWang},
		{"GET", "/audit", 200, "probe.own"},
		{"GET", "/audit?region=" + villageA, 404, ""},
		{"GET", "/api/v1/stats/overview", 200, `"code":"` + villageB + `"`},
		{"GET", "/api/v1/stats/overview?as_of=2024-12-31", 200, `"households":{"total":2,`},
		{"GET", "/api/v1/stats/overview?as_of=2024-12-31", 200, `"cumulative":{"households":1,`},
		{"GET", "/api/v1/stats/overview", 200, `"self_reports":{"total":0,`},
		{"GET", "/api/v1/stats/overview?region=" + township, 404, ""},
		{"GET", "/api/v1/stats/overview?region=" + villageA, 404, ""},
		{"GET", "/api/v1/households", 200, `"total":2`},
		{"GET", "/api/v1/households?region=" + villageA, 404, ""},
		{"GET", "/api/v1/households?q=" + idLi, 200, `"total":0`},
		{"GET", "/api/v1/households/6203210001", 404, ""},
		{"GET", "/api/v1/households/6203210003", 404, ""},
		{"GET", "/api/v1/households/6203210002", 200, "王五"},
		{"POST", "/api/v1/households/6203210001/members/" + fid + "/reveal", 404, ""},
		{"POST", "/api/v1/households/6203210002/members/" + oid + "/reveal", 200, idWang},
		{"GET", "/api/v1/regions/" + villageA, 404, ""},
		{"GET", "/api/v1/regions/" + villageB, 200, "金川西村"},
		{"GET", "/metrics", 200, ""},
		{"GET", "/healthz", 200, ""},
		{"GET", "/login", 200, ""},
		{"POST", "/login", 403, ""},
		{"POST", "/api/v1/login", 400, ""},
		{"GET", "/static/nope.css", 404, ""},
		{"GET", "/no/such/page", 404, ""},
		{"GET", "/qr", 200, "金川西村"},
		{"GET", "/qr?region=" + villageA, 404, ""},
		{"GET", "/qr/sheets", 200, "一键报贫"},
		{"GET", "/qr/sheets?region=" + villageA, 404, ""},
		{"GET", "/qr/" + villageA + ".png", 404, ""},
		{"POST", "/qr/" + villageA + "/revoke", 404, ""},
		{"POST", "/qr/base-url", 303, ""},
		{"GET", "/admin", 200, "/admin/calendar"},
		{"GET", "/admin/users", 200, "admin-b"},
		{"POST", "/admin/users", 422, ""},
		{"POST", "/admin/users/cun-a/disable", 404, ""},
		{"POST", "/admin/users/cun-a/password", 404, ""},
		{"GET", "/admin/calendar", 200, ""},
		{"POST", "/admin/calendar", 400, ""},
		{"POST", "/admin/limits", 422, ""},
		{"GET", "/admin/survey-thresholds", 200, "调研报告阈值"},
		{"POST", "/admin/survey-thresholds", 422, ""},
		{"GET", "/cases", 200, "共 0 件"},
		{"POST", "/notifications/" + foreignNote + "/read", 404, ""},
		{"GET", "/cases/1", 404, ""},
		{"GET", "/cases/1/notice", 404, ""},
		{"GET", "/cases/1/photos/1.jpg", 404, ""},
		{"POST", "/cases/1/actions", 404, ""},
		{"POST", "/cases/1/contact/reveal", 404, ""},
		{"POST", "/api/v1/cases/1/contact/reveal", 404, ""},
		{"GET", "/cases/1/register", 404, ""},
		{"POST", "/cases/1/register", 404, ""},
		{"POST", "/households/6203210001/cases", 404, ""},
		// monitoring and assistance: foreign ids answer 404; lists, "my households" and due measures leave them out
		{"GET", "/monitoring", 200, "金川西村"},
		{"GET", "/monitoring?region=" + villageA, 404, ""},
		{"GET", "/monitoring/mine", 200, "您目前不是任何农户的帮扶责任人"},
		{"GET", "/visits", 200, "金川西村"},
		{"GET", "/visits?region=" + villageA, 404, ""},
		{"GET", "/visits/" + foreignPlan(t, s, db).visit + "/photos/1.jpg", 404, ""},
		{"GET", "/households/6203210001/visits/new", 404, ""},
		{"GET", "/households/6203210002/visits/new", 200, "六必查"},
		{"POST", "/households/6203210001/visits/new", 404, ""},
		{"GET", "/households/6203210001/worksheets/2025", 404, ""},
		{"GET", "/households/6203210002/worksheets/2025", 200, "收入测算表"},
		{"POST", "/households/6203210001/worksheets/2025", 404, ""},
		{"POST", "/households/6203210001/measures", 404, ""},
		{"POST", "/households/6203210001/measures/" + foreignPlan(t, s, db).measure, 404, ""},
		{"POST", "/households/6203210002/measures/" + foreignPlan(t, s, db).measure, 404, ""},
		{"POST", "/households/6203210001/measures/" + foreignPlan(t, s, db).measure + "/progress", 404, ""},
		{"POST", "/households/6203210002/measures/" + foreignPlan(t, s, db).measure + "/progress", 404, ""},
		{"POST", "/households/6203210001/measures/" + foreignPlan(t, s, db).ownMeasure, 404, ""},
		{"POST", "/households/6203210001/cadres", 404, ""},
		{"POST", "/households/6203210001/cadres/" + foreignPlan(t, s, db).cadre + "/reveal", 404, ""},
		{"POST", "/households/6203210002/cadres/" + foreignPlan(t, s, db).cadre + "/reveal", 404, ""},
		{"POST", "/households/6203210001/elimination", 404, ""},
		{"POST", "/households/6203210001/elimination/rollback", 404, ""},
		{"GET", "/admin/fit-rules", 200, "风险与措施对应表"},
		{"POST", "/admin/fit-rules", 400, ""},
		{"GET", "/admin/visit-settings", 200, "金川西村"},
		{"POST", "/admin/visit-settings", 400, ""},
		{"GET", "/api/v1/cases", 200, `"total":0`},
		{"GET", "/api/v1/cases?region=" + villageA, 404, ""},
		{"POST", "/api/v1/cases/1/actions", 404, ""},
		{"GET", "/r/status", 200, ""},
		{"POST", "/r/status", 404, ""},
		{"POST", "/r/status/objection", 404, ""},
		{"GET", "/r/nosuchtoken2345", 404, "二维码已停用或无效"},
		{"POST", "/r/nosuchtoken2345", 404, ""},
		{"POST", "/api/v1/self-reports", 400, ""},
		{"GET", "/api/v1/self-reports/FPXXXXXXXX?phone=13800000000", 404, ""},
		{"GET", "/feeds", 200, "金川西村医保.csv"},
		{"POST", "/feeds", 400, ""},
		{"GET", "/feeds/" + fx.foreignFile, 404, ""},
		{"GET", "/feeds/" + fx.ownFile, 200, "医疗自付费用高"},
		{"GET", "/feeds/" + fx.foreignFile + "/unmatched.csv", 404, ""},
		{"GET", "/feeds/" + fx.ownFile + "/unmatched.csv", 200, "行号"},
		{"POST", "/api/v1/feeds/medical", 400, ""},
		{"GET", "/jobs/" + fx.foreignJob, 404, ""},
		{"GET", "/jobs/" + fx.ownJob, 200, "预警筛查"},
		{"GET", "/api/v1/jobs/" + fx.foreignJob, 404, ""},
		{"GET", "/api/v1/jobs/" + fx.ownJob, 200, `"status":"done"`},
		{"GET", "/warnings", 200, "共 1 条"},
		{"GET", "/warnings?region=" + villageA, 404, ""},
		{"GET", "/warnings/" + fx.foreignWarning, 404, ""},
		{"GET", "/warnings/" + fx.ownWarning, 200, "6203210002"},
		{"POST", "/warnings/" + fx.foreignWarning + "/decision", 404, ""},
		{"POST", "/warnings/" + fx.ownWarning + "/decision", 422, ""},
		{"GET", "/api/v1/warnings", 200, `"total":1`},
		{"GET", "/api/v1/warnings?region=" + villageA, 404, ""},
		{"POST", "/screen", 303, ""},
		{"GET", "/admin/rules", 200, "金川西村"},
		{"POST", "/admin/rules", 422, ""},
		// lists as a whole beyond wholeListProbes below: complete numbers of the own village only
		{"POST", "/households.xlsx", 200, idWang}, // full=1
		{"GET", "/visits/log", 200, "金川西村"},
		{"GET", "/visits/log?region=" + villageA, 404, ""},
		// the survey report: the own village's, never another region's
		{"GET", "/reports/survey", 200, "金川西村关于巩固拓展脱贫攻坚成果"},
		{"GET", "/reports/survey?as_of=2024-12-31", 200, "截至2024年12月31日，全村新识别纳入监测对象"},
		{"GET", "/reports/survey?region=" + villageA, 404, ""},
		{"GET", "/reports/survey?region=" + township, 404, ""},
		{"GET", "/reports/survey.docx", 200, ""},
		{"GET", "/reports/survey.docx?region=" + villageA, 404, ""},
		// ledgers and public-notice lists (ledgers.go, notices.go)
		{"GET", "/ledgers", 200, "金川西村"},
		{"GET", "/ledgers?region=" + villageA, 404, ""},
		{"GET", "/ledgers.xlsx", 200, "金川西村 监测对象台账"},
		{"GET", "/ledgers.xlsx?region=" + villageA, 404, ""},
		{"POST", "/ledgers.xlsx", 200, "监测对象台账"},
		{"GET", "/notices", 200, "金川西村"},
		{"GET", "/notices?region=" + villageA, 404, ""},
		{"GET", "/households/6203210001/file", 404, ""},
		{"GET", "/households/6203210002/file", 200, idcard.Mask(idWang)},
		{"POST", "/households/6203210001/file", 404, ""},
		{"POST", "/households/6203210002/file", 200, "王五"},
		// labour transfer (labour.go): batch 1 is villageA's, 2 villageB's
		// the sector pages (sectors.go): village A's medical claim never shows
		{"GET", "/sectors", 200, "金川西村"},
		{"GET", "/sectors?figure=medical.low_income_persons_reimbursed", 200, "金川西村"},
		{"GET", "/sectors?region=" + villageA, 404, ""},
		{"GET", "/sectors?region=" + township + "&figure=medical.basic", 404, ""},
		{"GET", "/sectors?figure=nothing", 400, ""},
		{"GET", "/sectors.xlsx?figure=medical.basic", 200, ""},
		{"GET", "/sectors.xlsx?region=" + villageA + "&figure=medical.basic", 404, ""},
		{"POST", "/sectors.xlsx?figure=medical.basic", 200, ""},
		{"GET", "/sectors/print?figure=medical.basic", 200, ""},
		{"GET", "/sectors/print?region=" + villageA + "&figure=medical.basic", 404, ""},
		{"GET", "/labour", 200, "金川西村"},
		{"GET", "/labour?region=" + villageA, 404, ""},
		{"POST", "/labour/batch?region=" + villageA, 404, ""},
		{"POST", "/labour/batch", 409, ""},
		{"GET", "/labour/batch.xlsx?id=1", 404, ""},
		{"GET", "/labour/batch.xlsx?id=2", 200, ""},
		{"POST", "/labour/batch.xlsx?id=1", 404, ""},
		{"POST", "/labour/batch.xlsx?id=2", 200, ""},
		// drinking water and 控辍保学 (water.go, dropouts.go): A's scheme, problem and follow-up are foreign
		{"GET", "/water", 200, "乙村水厂"},
		{"GET", "/water?region=" + villageA, 404, ""},
		{"POST", "/water/problems", 422, ""},
		{"POST", "/water/problems/" + sx.foreignProblem + "/resolve", 404, ""},
		{"POST", "/water/problems/" + sx.ownProblem + "/resolve", 422, ""},
		{"GET", "/education/dropouts", 200, "孙小七"},
		{"GET", "/education/dropouts?region=" + villageA, 404, ""},
		{"POST", "/education/dropouts", 404, ""},
		{"GET", "/education/dropouts/" + sx.foreignFollowup, 404, ""},
		{"GET", "/education/dropouts/" + sx.ownFollowup, 200, "孙小七"},
		{"POST", "/education/dropouts/" + sx.foreignFollowup + "/steps", 404, ""},
		{"POST", "/education/dropouts/" + sx.ownFollowup + "/steps", 422, ""},
		{"POST", "/education/dropouts/" + sx.foreignFollowup + "/outcome", 404, ""},
		{"POST", "/education/dropouts.xlsx", 200, idSunGirl},
		// the project library (projects.go)
		{"GET", "/projects", 200, "金川西村道路项目"},
		{"GET", "/projects?region=" + villageA, 404, ""},
		{"GET", "/projects/" + projA, 404, ""},
		{"GET", "/projects/" + projB, 200, "6203210002"},
		{"POST", "/projects/" + projA + "/progress", 404, ""},
		{"POST", "/projects/" + projB + "/progress", 422, ""},
		// retrofits (retrofits.go): 1 is villageA's, 2 villageB's
		{"GET", "/retrofits", 200, "金川西村"},
		{"GET", "/retrofits?region=" + villageA, 404, ""},
		{"GET", "/retrofits/1", 404, ""},
		{"GET", "/retrofits/2", 200, "危房改造"},
		{"POST", "/retrofits/1", 404, ""},
		{"POST", "/retrofits/import", 400, ""},
		{"POST", "/projects/import", 400, ""},
		{"POST", "/water/import", 400, ""},
		{"POST", "/entities/import", 400, ""},
		// 和美乡村 (villages.go): villageA's row is titled 甲村称号, villageB's 乙村称号
		{"GET", "/villages", 200, "乙村称号"},
		{"GET", "/villages?region=" + villageA, 404, ""},
		{"GET", "/villages.xlsx", 200, "乙村称号"},
		{"GET", "/villages.xlsx?region=" + villageA, 404, ""},
		{"GET", "/villages/edit?region=" + villageA, 404, ""},
		{"GET", "/villages/edit?region=" + villageB, 200, "乙村称号"},
		{"POST", "/villages/edit?region=" + villageA, 404, ""},
		{"POST", "/villages/edit?region=" + villageB, 303, ""},
		// business entities (entities.go): entity 1 is villageA's only; entity 2
		// covers villageB and links a household of each village (payout 1 is
		// villageA's, 2 villageB's)
		{"GET", "/entities", 200, "乙村合作社"},
		{"GET", "/entities?region=" + villageA, 404, ""},
		{"GET", "/entities/overdue.xlsx", 200, "乙村合作社"},
		{"GET", "/entities/overdue.xlsx?region=" + villageA, 404, ""},
		{"GET", "/entities/1", 404, ""},
		{"GET", "/entities/2", 200, "王五"},
		{"POST", "/entities/payouts/1/paid?paid=2026-01-05&evidence=x", 404, ""},
		{"POST", "/entities/payouts/2/paid", 422, ""},
	}
	// every list as a whole (listRoutes): its export, read back from the
	// workbook, and its print view
	for _, l := range []struct {
		path, sheet, print string
		regional           bool
	}{
		{"/households", idcard.Mask(idWang), "王五", true},
		{"/cases", "户主姓名", "共 0 条", true},
		{"/warnings", "6203210002", "6203210002", true},
		{"/visits", "户编号", "金川西村", true},
		{"/visits/log", "走访日期", "金川西村", true},
		{"/monitoring", "户编号", "金川西村", true},
		{"/monitoring/mine", "户编号", "我的帮扶户", false},
		{"/feeds", "金川西村医保.csv", "金川西村医保.csv", false},
		{"/audit", "probe.own", "probe.own", true},
		{"/notices", "拟办事项", "金川西村", true},
		{"/water", "乙村水厂", "乙村水厂", true},
		{"/water/problems", "乙村停水", "乙村停水", true},
		{"/education/dropouts", idcard.Mask(idSunGirl), "孙小七", true},
		{"/projects", "", "金川西村道路项目", true},
		{"/retrofits", "", "", true},
		{"/entities", "乙村合作社", "乙村合作社", true},
	} {
		probes = append(probes, wholeListProbes(l.path, l.sheet, l.print, l.regional)...)
	}
	probes = append(probes, scopeProbe{"POST", "/logout", 303, ""})
	secrets = append(secrets, "甲村称号")
	for code, title := range map[string]string{villageA: "甲村称号", villageB: "乙村称号"} {
		if err := village.Save(ctx, db.Writer(), village.Indicator{Region: code, Year: testNow.Year(), Titles: []string{title}},
			"t", "2026-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
	}
	entityFixture(t, db)
	secrets = append(secrets, "甲村合作社")
	for _, region := range []string{villageA, villageB} {
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO labour_subsidy_batches (region_code, year, day, persons, amount_fen,
			created_by, created_at) VALUES (?, 2026, '2026-06-01', 0, 0, 't', '2026-06-01T00:00:00Z')`, region); err != nil {
			t.Fatal(err)
		}
	}
	for _, code := range []string{"6203210001", "6203210002"} {
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO retrofits (household_id, region_code, county, kind, level, started,
			created_by, created_at, updated_by, updated_at) SELECT id, region_code, county, '危房改造', 'D', '2026-03-01', 't', 't', 't', 't'
			FROM households WHERE code = ?`, code); err != nil {
			t.Fatal(err)
		}
	}
	covered := map[string]bool{}
	for _, p := range probes {
		var form url.Values
		if p.method == "POST" && !strings.HasPrefix(p.target, "/api/") {
			form = url.Values{"q": {idZhang}}
		}
		if p.method == "POST" && strings.HasSuffix(p.target, ".xlsx") {
			form.Set("full", "1")
		}
		req := httptest.NewRequest(p.method, p.target, nil)
		if strings.HasPrefix(p.target, "/api/v1/cases/") {
			req = httptest.NewRequest(p.method, p.target, strings.NewReader(`{"action":"accept","data":{}}`))
		}
		if form != nil {
			req = httptest.NewRequest(p.method, p.target, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.RemoteAddr = "127.0.0.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		_, pattern := s.routes().Handler(req)
		covered[pattern] = true
		body := responseText(t, rec) + rec.Header().Get("Location")
		if rec.Code != p.status {
			t.Errorf("%s %s: status %d, want %d", p.method, p.target, rec.Code, p.status)
		}
		if p.want != "" && !strings.Contains(body, p.want) {
			t.Errorf("%s %s: missing %q", p.method, p.target, p.want)
		}
		for _, secret := range secrets {
			echoed := strings.Contains(p.target, secret) || strings.Contains(p.target, url.QueryEscape(secret)) ||
				(strings.Contains(p.target, idZhang) && secret == idcard.Mask(idZhang)) // what the user typed
			if strings.Contains(body, secret) && !echoed {
				t.Errorf("%s %s: shows foreign %q", p.method, p.target, secret)
			}
		}
		if p.target == "/" && rec.Header().Get("Location") != "/overview?region="+villageB {
			t.Errorf("/ redirects to %q, outside the user's village", rec.Header().Get("Location"))
		}
	}
	for _, rt := range s.routeTable() {
		if !covered[rt.pattern] {
			t.Errorf("route %q is not walked by this test", rt.pattern)
		}
	}
}

// scopeProbe is one request of TestScopeIsolation: its answer's status and a
// text it shows ("" for any).
type scopeProbe struct {
	method, target string
	status         int
	want           string
}

// wholeListProbes are a list's export and print view (listRoutes) showing
// sheet and print; unless the list takes no region (regional), both asked
// for village A answer 404.
func wholeListProbes(path, sheet, print string, regional bool) []scopeProbe {
	ps := []scopeProbe{{"GET", path + ".xlsx", 200, sheet}, {"GET", path + "/print", 200, print}}
	if regional {
		ps = append(ps, scopeProbe{"GET", path + ".xlsx?region=" + villageA, 404, ""}, scopeProbe{"GET", path + "/print?region=" + villageA, 404, ""})
	}
	return ps
}

// TestScopeDefaultRegion: a user whose region holds no household is sent to
// their own region, not to where other users' households are.
func TestScopeDefaultRegion(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "jinchuan", auth.RoleCounty, "620302000000")
	if loc := get(t, h, "/").Header().Get("Location"); loc != "/overview?region=620302000000" {
		t.Fatalf("/ redirects to %q", loc)
	}
}

// entityFixture stores entity 1 (甲村合作社, covering villageA and linking
// its household 6203210001) and entity 2 (乙村合作社, covering villageB,
// linking 6203210001 and 6203210002), each link with an agreement and an
// unpaid payout of 2025: payout 1 of the household of villageA, 2 of
// villageB's.
func entityFixture(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	hh := map[string]int64{}
	for _, code := range []string{"6203210001", "6203210002"} {
		var id int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM households WHERE code = ?", code).Scan(&id); err != nil {
			t.Fatal(err)
		}
		hh[code] = id
	}
	w := db.Writer()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := w.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	stamp := "2026-01-01T00:00:00Z"
	for i, e := range []struct{ name, area string }{{"甲村合作社", villageA}, {"乙村合作社", villageB}} {
		exec(`INSERT INTO entities (id, name, kind, region_code, created_at, updated_by, updated_at) VALUES (?, ?, '农民合作社', '620321000000', ?, 't', ?)`,
			i+1, e.name, stamp, stamp)
		exec("INSERT INTO entity_areas (entity_id, region_code) VALUES (?, ?)", i+1, e.area)
	}
	for i, l := range []struct {
		entity int
		code   string
		region string
	}{{2, "6203210001", villageA}, {2, "6203210002", villageB}, {1, "6203210001", villageA}} {
		county := region.County(l.region)
		exec(`INSERT INTO entity_links (entity_id, household_id, region_code, county, mechanism, created_at, updated_by) VALUES (?, ?, ?, ?, '雇工', ?, 't')`,
			l.entity, hh[l.code], l.region, county, stamp)
		exec(`INSERT INTO entity_shares (entity_id, household_id, region_code, county, amount_fen, source, day, created_at, updated_by)
			VALUES (?, ?, ?, ?, 500000, '衔接资金', '2025-01-01', ?, 't')`, l.entity, hh[l.code], l.region, county, stamp)
		exec(`INSERT INTO entity_agreements (id, entity_id, household_id, region_code, county, fixed_fen, due_month, due_day, signed, created_at, updated_by)
			VALUES (?, ?, ?, ?, ?, 10000, 12, 31, '2025-01-01', ?, 't')`, i+1, l.entity, hh[l.code], l.region, county, stamp)
		exec(`INSERT INTO entity_payouts (id, agreement_id, entity_id, household_id, region_code, county, year, amount_fen, due, created_at, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 2025, 10000, '2025-12-31', ?, 't', ?)`, i+1, i+1, l.entity, hh[l.code], l.region, county, stamp, stamp)
	}
}
