package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/monitoring"
	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/visit"
)

// monFixture is the web fixture with the default fit table and visit
// settings, a photo folder, and the cadres of its townships and villages.
// 6203210001 (北海子村) is monitored for 因病 without any measure: a
// mismatch; 6203210002 (金川西村) is eliminated.
type monFixture struct {
	db                              *store.DB
	keys                            *pii.Keys
	cfg                             Config
	town, vill, villB, cnty, viewer http.Handler
	townUser, villUser              auth.User
}

func newMonFixture(t *testing.T) *monFixture {
	t.Helper()
	db, keys := fixtureDB(t)
	return monFixtureOn(t, db, keys)
}

// eachMon runs fn on the fixture on SQLite and, when FANGPIN_TEST_PG is
// set, on PostgreSQL.
func eachMon(t *testing.T, fn func(t *testing.T, f *monFixture)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		db, keys := fill(t, db)
		fn(t, monFixtureOn(t, db, keys))
	})
}

func monFixtureOn(t *testing.T, db *store.DB, keys *pii.Keys) *monFixture {
	t.Helper()
	ctx := context.Background()
	if err := monitoring.Seed(ctx, db.Writer()); err != nil {
		t.Fatal(err)
	}
	if err := visit.Seed(ctx, db.Writer()); err != nil {
		t.Fatal(err)
	}
	f := &monFixture{db: db, keys: keys}
	f.cfg = Config{DB: db, Keys: keys, Auth: auth.NewService(db, auth.WithHashParams(cheapHash)), VisitPhotos: t.TempDir()}
	_, f.town = asUser(t, f.cfg, "town", auth.RoleTownship, township)
	_, f.vill = asUser(t, f.cfg, "vill", auth.RoleVillage, villageA)
	_, f.villB = asUser(t, f.cfg, "villb", auth.RoleVillage, villageB)
	_, f.cnty = asUser(t, f.cfg, "cnty", auth.RoleCounty, county)
	_, f.viewer = asUser(t, f.cfg, "kan", auth.RoleViewer, township)
	f.townUser, f.villUser = f.user(t, "town"), f.user(t, "vill")
	return f
}

func (f *monFixture) user(t *testing.T, name string) auth.User {
	t.Helper()
	u, err := f.cfg.Auth.FindUser(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// householdID is the id of a fixture household.
func (f *monFixture) householdID(t *testing.T, code string) int64 {
	t.Helper()
	h, _, err := registry.FindHousehold(context.Background(), f.db.Reader(), store.ScopeAll(), code)
	if err != nil {
		t.Fatal(err)
	}
	return h.ID
}

// count counts a table's rows.
func (f *monFixture) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := f.db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// addMeasure adds a measure through the store, as the township cadre.
func (f *monFixture) addMeasure(t *testing.T, code string, in monitoring.MeasureInput) monitoring.Measure {
	t.Helper()
	m, err := monitoring.AddMeasure(context.Background(), f.db.Writer(), store.ScopeAll(), f.townUser,
		f.householdID(t, code), in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// expect checks a response's status and that its body holds every want.
func expect(t *testing.T, what string, rec interface {
	Result() *http.Response
}, body string, status int, want ...string) {
	t.Helper()
	if got := rec.Result().StatusCode; got != status {
		t.Errorf("%s: status %d, want %d\n%s", what, got, status, body)
		return
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

// TestParseYuan: forms read amounts by money.ParseYuan (empty is 0) and
// show its reasons on the field.
func TestParseYuan(t *testing.T) {
	t.Parallel()
	good := []struct {
		in  string
		fen int64
	}{
		{"", 0}, {" ", 0}, {"0", 0}, {"1234", 123400}, {"1234.5", 123450}, {"1234.56", 123456}, {"0.01", 1}, {".5", 50},
		{"1,234.56", 123456}, {"12,345,678", 1234567800}, {"１２３４．５６", 123456}, {"80元", 8000}, {" 7800 ", 780000},
		{"0.29", 29}, {"0.57", 57}, {"9999999999.99", 999999999999}, {"12345678901", 1234567890100},
	}
	for _, c := range good {
		if fen, err := parseYuan("amount", c.in); err != nil || fen != c.fen {
			t.Errorf("parseYuan(%q) = %d, %v; want %d", c.in, fen, err, c.fen)
		}
	}
	bad := map[string]string{
		"-5": "不能为负数", "1.234": "最多两位小数", "12.345": "最多两位小数", "abc": "金额格式不正确", "1,5": "金额格式不正确",
		"1e3": "金额格式不正确", ".": "金额格式不正确", "100000000000000": "金额过大", "1,2345": "金额格式不正确",
		",123": "金额格式不正确", "1.2.3": "金额格式不正确", "7 800": "金额格式不正确", "1234.": "金额格式不正确",
	}
	for in, want := range bad {
		_, err := parseYuan("amount", in)
		if p, field, msg, _ := formProblem(err, fault.ZH); err == nil || !strings.Contains(msg, want) || field != "amount" || p.Status != 422 {
			t.Errorf("parseYuan(%q): %v (%d %s), want %q", in, err, p.Status, field, want)
		}
	}
}

func TestMonitoringPage(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		f.addMeasure(t, "6203210001", monitoring.MeasureInput{Type: monitoring.TypeIndustry, Subtype: "养殖业", Owner: "镇农办",
			StartOn: "2026-01-10", DueOn: "2026-11-20"})
		page := get(t, f.town, "/monitoring")
		body := page.Body.String()
		expect(t, "township page", page, body, 200, "城关镇 · 监测帮扶", `<h3>监测户</h3><p class="fig">1<small>户</small>`,
			`<h3>措施与风险不对应</h3><p class="fig">1<small>户</small>`, `<h3>30天内到期措施</h3><p class="fig">1<small>项</small>`,
			"6203210001", "张三", "北海子村", `风险“因病”的对应措施`, "措施不对应", "健康帮扶", "政策依据：因病风险户",
			"到期和超期的帮扶措施", "产业帮扶·养殖业", "已超期", `href="/visits?due=1&amp;region=620321100000"`)
		if strings.Contains(body, "6203210002") {
			t.Error("an eliminated household is listed as failing a check")
		}
		// the kind filter and the village filter
		expect(t, "kind", get(t, f.town, "/monitoring?kind=development"), get(t, f.town, "/monitoring?kind=development").Body.String(),
			200, "共 0 户", `<option value="development" selected>`)
		vb := get(t, f.town, "/monitoring?region="+villageB)
		if vb.Code != 200 || strings.Contains(vb.Body.String(), "张三") {
			t.Errorf("village filter: %d", vb.Code)
		}
		for target, status := range map[string]int{
			"/monitoring?kind=nope": 422, "/monitoring?region=62": 422, "/monitoring?page=0": 400,
			"/monitoring?region=620302000000": 404,
		} {
			if rec := get(t, f.town, target); rec.Code != status {
				t.Errorf("%s: %d, want %d", target, rec.Code, status)
			}
		}
		// a village cadre of the other village sees nothing of 北海子村
		other := get(t, f.villB, "/monitoring").Body.String()
		if strings.Contains(other, "张三") || strings.Contains(other, "6203210001") {
			t.Error("another village's household shown")
		}
		if en := get(t, f.town, "/monitoring?lang=en").Body.String(); !strings.Contains(en, "Households failing a check") {
			t.Error("no English")
		}
	})
}

// TestMyHouseholds: a cadre's page lists the households whose current
// responsible cadre they are, and only those, with their checks, their
// measures due and their visits due.
func TestMyHouseholds(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		ctx := context.Background()
		for _, c := range []struct {
			code string
			user auth.User
		}{{"6203210001", f.townUser}, {"6203210003", f.villUser}} {
			_, err := monitoring.SetCadre(ctx, f.db.Writer(), store.ScopeAll(), f.keys, f.townUser, f.householdID(t, c.code),
				monitoring.CadreInput{Name: c.user.Username, UserID: c.user.ID, StartOn: "2026-01-01"}, testNow)
			if err != nil {
				t.Fatal(err)
			}
		}
		due := testNow.AddDate(0, 0, 10).Format(isoDate)
		f.addMeasure(t, "6203210001", monitoring.MeasureInput{Type: monitoring.TypeHealth, Subtype: "医疗救助", Owner: "镇卫生院",
			StartOn: "2026-02-01", DueOn: due})
		f.addMeasure(t, "6203210003", monitoring.MeasureInput{Type: monitoring.TypeHousing, Subtype: "危房改造", Owner: "村委会",
			StartOn: "2026-02-01", DueOn: due})
		town := get(t, f.town, "/monitoring/mine").Body.String()
		bodyHas(t, "township cadre's page", town, "我负责的帮扶户（1户）", "6203210001", "张三", "均已落实", "健康帮扶·医疗救助")
		for _, absent := range []string{"6203210003", "赵六", "危房改造"} {
			if strings.Contains(town, absent) {
				t.Errorf("township cadre's page shows %q, another cadre's", absent)
			}
		}
		// the households as a list: the export and the print view hold the page's rows
		rows := xlsxRows(t, get(t, f.town, "/monitoring/mine.xlsx").Body.Bytes())
		if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) == 8 && r[0] == "6203210001" && r[7] == "均已落实" }) ||
			strings.Contains(fmt.Sprint(rows), "6203210003") {
			t.Errorf("township cadre's export: %q", rows)
		}
		bodyHas(t, "village cadre's export", responseText(t, get(t, f.vill, "/monitoring/mine.xlsx")), "6203210003", "赵六", "不在监测中")
		bodyHas(t, "print view", get(t, f.vill, "/monitoring/mine/print").Body.String(), "我的帮扶户", "6203210003", "不在监测中")
		vill := get(t, f.vill, "/monitoring/mine").Body.String()
		bodyHas(t, "village cadre's page", vill, "我负责的帮扶户（1户）", "6203210003", "不在监测中", "住房安全·危房改造", "本村应走访的农户", "张三")
		if strings.Contains(vill, "医疗救助") {
			t.Error("the village cadre sees a measure of a household not theirs")
		}
		if none := get(t, f.cnty, "/monitoring/mine").Body.String(); !strings.Contains(none, "您目前不是任何农户的帮扶责任人") {
			t.Error("a user with no households is not told so")
		}
	})
}

// TestChecksText: the export of 我的帮扶户 names the checks not met as the
// page does, and says so when all are met or none apply.
func TestChecksText(t *testing.T) {
	t.Parallel()
	tr := translator{langZH}
	rep := monitoring.Report{Monitored: true, Results: []monitoring.Result{
		{Rule: monitoring.RuleRisk, Risk: "因病", Status: monitoring.StatusMismatch},
		{Rule: monitoring.RuleRisk, Risk: "因学", Status: monitoring.StatusOK},
		{Rule: monitoring.RuleDevelopment, Status: monitoring.StatusOverdue},
	}}
	if got, want := checksText(tr, rep), "风险“因病”的对应措施：措施不对应；开发式帮扶（识别后一个月内）：已超期"; got != want {
		t.Errorf("checks not met: %q, want %q", got, want)
	}
	rep.Results = rep.Results[1:2]
	if got := checksText(tr, rep); got != "均已落实" {
		t.Errorf("all met: %q", got)
	}
	if got := checksText(translator{langEN}, monitoring.Report{}); got != "not monitored" {
		t.Errorf("not monitored: %q", got)
	}
}

// TestMonitoringCatalogue: the keys the monitoring templates build at run
// time exist, and the monitoring messages do not redefine others.
func TestMonitoringCatalogue(t *testing.T) {
	t.Parallel()
	if len(catalogueCollisions) > 0 {
		t.Errorf("keys defined twice: %v", catalogueCollisions)
	}
	var keys []string
	for _, s := range []monitoring.CheckStatus{monitoring.StatusOK, monitoring.StatusMismatch, monitoring.StatusOverdue,
		monitoring.StatusPending, monitoring.StatusNA} {
		keys = append(keys, "check.status."+string(s))
	}
	for _, r := range []monitoring.Rule{monitoring.RuleRisk, monitoring.RuleDevelopment, monitoring.RuleSafetyNet} {
		keys = append(keys, "check.rule."+string(r))
	}
	for _, k := range mismatchKinds {
		keys = append(keys, "monitoring.kind_"+k)
	}
	groups, err := visit.Groups(context.Background(), storetest.SQLite(t).Reader(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		for p := range g.Params {
			keys = append(keys, "visitset.param."+p)
		}
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
}

// TestMonitoringPagesTranslated renders every monitoring page in both
// languages, with forms sent back, and finds no catalogue key left raw.
func TestMonitoringPagesTranslated(t *testing.T) {
	t.Parallel()
	f := newMonFixture(t)
	_, admin := asUser(t, f.cfg, "adm", auth.RoleAdmin, city)
	m := f.addMeasure(t, "6203210001", monitoring.MeasureInput{Type: monitoring.TypeHealth, Subtype: "医疗救助", Owner: "镇卫生院",
		StartOn: "2026-01-10", DueOn: "2026-01-20"})
	// a key is not part of a path: /visits.xlsx is the list's export
	raw := regexp.MustCompile(`(?:^|[^/\w])(?:cadre|plan|check|elim|worksheet|visit|visits|mine|monitoring|fitrules|visitset)\.[a-z_/]+`)
	pages := []string{"/monitoring", "/monitoring/mine", "/visits", "/visits/log", "/visits/print", "/households/6203210001", "/households/6203210002",
		"/households/6203210001/visits/new", "/households/6203210001/worksheets/2025", "/admin/fit-rules", "/admin/visit-settings"}
	posts := []struct{ path, field string }{
		{"/households/6203210001/measures", "owner"}, {"/households/6203210001/cadres", "name"},
		{"/households/6203210001/elimination", "mode"}, {"/households/6203210001/measures/" + id(m.ID) + "/progress", "on"},
	}
	for _, lang := range []string{"zh-CN", "en"} {
		for _, p := range pages {
			rec := get(t, admin, p, "Cookie", "lang="+lang)
			if rec.Code != 200 {
				t.Errorf("%s %s: %d", lang, p, rec.Code)
			}
			if k := raw.FindString(rec.Body.String()); k != "" {
				t.Errorf("%s %s shows the raw key %q", lang, p, k)
			}
		}
		for _, p := range posts {
			rec := do(t, admin, "POST", p.path, url.Values{p.field: {""}}, "Cookie", "lang="+lang)
			if k := raw.FindString(rec.Body.String()); rec.Code != 422 || k != "" {
				t.Errorf("%s %s: %d, raw key %q", lang, p.path, rec.Code, k)
			}
		}
	}
}
