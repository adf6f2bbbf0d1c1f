package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/notify"
	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The fixture: 甘肃省 › 金昌市 › 永昌县 › 城关镇 › two villages, and an empty
// county 金川区.
const (
	city     = "620300000000"
	county   = "620321000000"
	township = "620321100000"
	villageA = "620321100201"
	villageB = "620321100202"
)

// Full ID numbers of the fixture's persons.
var (
	idZhang   = testkit.IDBorn("19650315", 13)
	idLi      = testkit.IDBorn("19680720", 24)
	idWang    = testkit.IDBorn("19700101", 35)
	idZhao    = testkit.IDBorn("19551111", 46)
	idSun     = testkit.IDBorn("19800505", 57)
	idSunGirl = testkit.IDBorn("20150808", 68)
	fullIDs   = []string{idZhang, idLi, idWang, idZhao, idSun, idSunGirl}
)

// Full phone numbers of the fixture.
const (
	phoneHH1   = "13812345678"
	phoneZhang = "13987654321"
)

// householdsCSV: four households. As of 2024-12-31: 4 households (3 脱贫户),
// 6 persons (5 in 脱贫户); 6203210001 identified 202403 (脱贫不稳定户, 2
// persons), 6203210002 identified 202301 and eliminated 202406 (边缘易致贫户);
// illness: 张三 major, 赵六 chronic → 2 of 3 脱贫户 = 66.7%.
func householdsCSV() string {
	rows := [][]string{
		{"行政区划代码", "户编号", "户类型", "姓名", "证件号码", "与户主关系", "健康状况", "文化程度", "在校生状况",
			"户联系电话", "成员联系电话", "人均纯收入（元）", "收入年度", "监测对象类别", "识别监测时间", "风险是否已消除",
			"风险消除方式", "消除监测时间", "致贫/返贫风险1"},
		{villageA, "6203210001", "脱贫户", "张三", idZhang, "户主", "患有大病", "小学", "", phoneHH1, phoneZhang,
			"8500.5", "2025", "脱贫不稳定户", "202403", "否", "", "", "因病"},
		{villageA, "6203210001", "脱贫户", "李四", idLi, "配偶", "健康", "初中", "", phoneHH1, "",
			"8500.5", "2025", "脱贫不稳定户", "202403", "否", "", "", "因病"},
		{villageB, "6203210002", "一般农户", "王五", idWang, "户主", "健康", "高中", "", "", "",
			"12000", "2025", "边缘易致贫户", "202301", "是", "帮扶消除", "202406", "因意外事故"},
		{villageA, "6203210003", "脱贫户", "赵六", idZhao, "户主", "长期慢性病", "文盲或半文盲", "", "", "",
			"", "", "", "", "", "", "", ""},
		{villageB, "6203210004", "脱贫户", "孙七", idSun, "户主", "健康", "初中", "", "", "",
			"", "", "", "", "", "", "", ""},
		{villageB, "6203210004", "脱贫户", "孙小七", idSunGirl, "之女", "健康", "", "小学", "", "",
			"", "", "", "", "", "", "", ""},
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.String()
}

// fixtureDB returns a migrated database holding the fixture.
func fixtureDB(t *testing.T) (*store.DB, *pii.Keys) {
	t.Helper()
	return fill(t, storetest.SQLite(t))
}

// fixtureConfig is a server's configuration on fixtureDB: its database and
// keys, and an auth service with cheap hashes.
func fixtureConfig(t *testing.T) Config {
	t.Helper()
	db, keys := fixtureDB(t)
	return Config{DB: db, Keys: keys, Auth: auth.NewService(db, auth.WithHashParams(cheapHash))}
}

// fill loads the fixture into a migrated database of either engine.
func fill(t testing.TB, db *store.DB) (*store.DB, *pii.Keys) {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	keys, err := pii.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	path := testkit.File(t, "households.csv", householdsCSV())
	res, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{})
	if err != nil {
		for _, is := range res.Issues {
			t.Log(is)
		}
		t.Fatal(err)
	}
	return db, keys
}

// newTestServer returns the fixture's handler; root may be "".
func newTestServer(t *testing.T, root string) http.Handler {
	t.Helper()
	db, keys := fixtureDB(t)
	return newHandler(t, Config{DB: db, Keys: keys, Root: root, Version: "test"})
}

// testNow is the clock of every server the tests build (asUser,
// bareServer): a Thursday, 10:00 in China. Dates the tests write are
// counted from it, so no test depends on the day it runs or fails across
// midnight. A test may set its server's clock again.
var testNow = time.Date(2026, 11, 26, 10, 0, 0, 0, civil.Zone)

func testClock() time.Time { return testNow }

// testAdminRegion is the region of the user the fixture's requests run as.
const testAdminRegion = "620000000000"

func newHandler(t *testing.T, cfg Config) http.Handler {
	t.Helper()
	_, h := asUser(t, cfg, "tester", auth.RoleAdmin, testAdminRegion)
	return h
}

// cheapHash keeps argon2 fast in tests.
var cheapHash = auth.HashParams{Time: 1, Memory: 64, Threads: 1}

// asUser builds the server and returns a handler that sends every request as
// a logged-in user of the given role and region (session cookie, CSRF
// header), unless the request brings its own Cookie or Authorization.
func asUser(t testing.TB, cfg Config, name string, role auth.Role, region string) (*Server, http.Handler) {
	t.Helper()
	s := bareServer(t, cfg)
	ensureRegion(t, cfg.DB, region)
	sess := login(t, s.cfg.Auth, name, role, region)
	h := s.Handler()
	return s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie(sessionCookie); err != nil && r.Header.Get("Authorization") == "" {
			r.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.Token})
			if r.Method != http.MethodGet && r.Header.Get("X-CSRF-Token") == "" {
				r.Header.Set("X-CSRF-Token", sess.CSRF)
			}
		}
		h.ServeHTTP(w, r)
	})
}

// login creates a user (password testPassword) and starts a session.
func login(t testing.TB, a *auth.Service, name string, role auth.Role, region string) auth.Session {
	t.Helper()
	ctx := context.Background()
	u, err := a.CreateUser(ctx, auth.NewUser{Username: name, Role: role, Region: region, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := a.StartSession(ctx, u, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

const testPassword = "Fangpin-Test-2026"

// get performs a GET request against h.
func get(t testing.TB, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodGet, target, nil, header...)
}

// post sends form to target.
func post(t testing.TB, h http.Handler, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodPost, target, form)
}

// fetch GETs target and fails unless it answers status, with the content
// type ctype.
func fetch(t testing.TB, h http.Handler, target string, status int, ctype string) *httptest.ResponseRecorder {
	t.Helper()
	rec := get(t, h, target)
	if rec.Code != status {
		t.Fatalf("status %d, want %d\n%s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != ctype {
		t.Errorf("Content-Type %q", ct)
	}
	return rec
}

// changed is the good form v with changes: field, value pairs, each value
// set, or the field removed for "-".
func changed(v url.Values, changes ...string) url.Values {
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "-" {
			v.Del(changes[i])
			continue
		}
		v.Set(changes[i], changes[i+1])
	}
	return v
}

// ensureRegion adds a bare region row when a test database lacks it, so a
// user can be created there.
func ensureRegion(t testing.TB, db *store.DB, code string) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(),
		"INSERT INTO regions (code, name, level) VALUES (?, ?, 1) ON CONFLICT (code) DO NOTHING", code, "测试省")
	if err != nil {
		t.Fatal(err)
	}
}

// bareServer builds a server without a logged-in user.
func bareServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Auth == nil {
		cfg.Auth = auth.NewService(cfg.DB, auth.WithHashParams(cheapHash))
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.now = testClock
	return s
}

// arrivals counts the new-case notifications of each case.
func arrivals(t testing.TB, db *store.DB) map[int64]int {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), "SELECT case_id FROM notifications WHERE kind = ?", notify.KindNew)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// notifiedOnce fails unless the cases opened so far are exactly want, each
// notified once.
func notifiedOnce(t testing.TB, db *store.DB, want ...int64) {
	t.Helper()
	got := arrivals(t, db)
	if len(got) != len(want) {
		t.Errorf("notifications %v, want one for each of the cases %v", got, want)
	}
	for _, id := range want {
		if got[id] != 1 {
			t.Errorf("case %d: %d notifications, want 1", id, got[id])
		}
	}
}

// auditedBy lists who wrote each audit entry of an action, oldest first, as
// "username role ip".
func auditedBy(t testing.TB, db *store.DB, action string) []string {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), "SELECT username, role, ip FROM audit_log WHERE action = ? ORDER BY id", action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u, r, ip string
		if err := rows.Scan(&u, &r, &ip); err != nil {
			t.Fatal(err)
		}
		out = append(out, u+" "+r+" "+ip)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
