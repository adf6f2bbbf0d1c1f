package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/export"
	"fangpin/internal/feed"
	"fangpin/internal/idcard"
	"fangpin/internal/monitoring"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// xlsxRows reads the first sheet of a workbook: title, header, then data.
func xlsxRows(t testing.TB, body []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// responseText is a reply's body as text: a workbook's cells, one row a
// line, or the body as it is.
func responseText(t testing.TB, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Header().Get("Content-Type") != xlsxType || rec.Code != http.StatusOK {
		return rec.Body.String()
	}
	var b strings.Builder
	for _, row := range xlsxRows(t, rec.Body.Bytes()) {
		b.WriteString(strings.Join(row, "\t") + "\n")
	}
	return b.String()
}

// listWorld is the fixture with something on every list: department files
// and warnings, a plan that does not fit, a visit, a self-report case.
func listWorld(t *testing.T) (*Server, http.Handler, *store.DB) {
	t.Helper()
	db, keys := fixtureDB(t)
	s, h := asUser(t, Config{DB: db, Keys: keys}, "admin-b", auth.RoleAdmin, city)
	scopeFeedFixture(t, db, keys, s)
	foreignPlan(t, s, db)
	ctx := context.Background()
	for i, v := range []string{villageA, villageB} {
		tok, err := s.reports.VillageToken(ctx, store.ScopeAll(), v)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.reports.Submit(ctx, selfreport.Submission{Token: tok, HeadName: []string{"报告甲", "报告乙"}[i],
			IDNumber: []string{idSun, idLi}[i], Phone: phoneZhang, RiskTypes: []string{"因病"}, Description: "住院",
			Consent: true, IP: "10.1.1.1"}); err != nil {
			t.Fatal(err)
		}
	}
	return s, h, db
}

// exportRows GETs a list's export and returns its data rows (after the
// title and header), checking the reply is a workbook.
func exportRows(t *testing.T, h http.Handler, target string) (header []string, data [][]string) {
	t.Helper()
	rec := get(t, h, target)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != xlsxType {
		t.Fatalf("%s: %d %s %.300s", target, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("%s: Content-Disposition %q", target, cd)
	}
	rows := xlsxRows(t, rec.Body.Bytes())
	if len(rows) < 2 || !strings.Contains(rows[0][0], "导出") {
		t.Fatalf("%s: title and header %v", target, rows)
	}
	return rows[1], rows[2:]
}

// column is one column of rows.
func column(rows [][]string, i int) []string {
	out := []string{}
	for _, r := range rows {
		if i < len(r) {
			out = append(out, r[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}

// apiKeys pages through a JSON list one item at a time and returns a field
// of every item: the rows a user sees page after page.
func apiKeys(t *testing.T, h http.Handler, path, field string) []string {
	t.Helper()
	out := []string{}
	for page := 1; ; page++ {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		rec := get(t, h, path+sep+"per_page=1&page="+strconv.Itoa(page))
		var body struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, it := range body.Items {
			switch v := it[field].(type) {
			case float64:
				out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
			default:
				out = append(out, v.(string))
			}
		}
		if page >= body.Total {
			return out
		}
	}
}

// allPages gathers a paged domain list one row per page, as the pages read it.
func allPages(t *testing.T, read func(page int) ([]string, int, error)) []string {
	t.Helper()
	out := []string{}
	for page := 1; ; page++ {
		keys, total, err := read(page)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, keys...)
		if page >= total {
			return out
		}
	}
}

// TestListExportsEqualTheirPages: every list's export holds the rows its
// page shows across all its pages, in the same order, with the same
// filters.
func TestListExportsEqualTheirPages(t *testing.T) {
	t.Parallel()
	s, h, db := listWorld(t)
	ctx, q, scope := context.Background(), db.Reader(), store.MustScope(city)
	asOf := s.now()
	checks := []struct {
		target string
		col    int
		want   func() []string
	}{
		{"/households.xlsx", 0, func() []string { return apiKeys(t, h, "/api/v1/households", "code") }},
		{"/households.xlsx?monitored=ever&region=" + township, 0, func() []string {
			return apiKeys(t, h, "/api/v1/households?monitored=ever&region="+township, "code")
		}},
		{"/households.xlsx?q=" + url.QueryEscape("王五"), 0, func() []string { return []string{"6203210002"} }},
		{"/households.xlsx?q=" + idZhang, 0, func() []string { return []string{"6203210001"} }},
		{"/cases.xlsx", 0, func() []string { return apiKeys(t, h, "/api/v1/cases?open=true", "id") }},
		{"/cases.xlsx?open=false", 0, func() []string { return apiKeys(t, h, "/api/v1/cases", "id") }},
		{"/warnings.xlsx", 0, func() []string { return apiKeys(t, h, "/api/v1/warnings", "id") }},
		{"/warnings.xlsx?status=open&rule=medical_oop", 0, func() []string {
			return apiKeys(t, h, "/api/v1/warnings?status=open&rule=medical_oop", "id")
		}},
		{"/visits.xlsx", 0, func() []string {
			return allPages(t, func(p int) ([]string, int, error) {
				es, n, err := visit.MustVisit(ctx, q, scope, visit.Filter{Region: city, Page: p, PerPage: 1}, asOf)
				return mapKeys(es, func(e visit.Entry) string { return e.Code }), n, err
			})
		}},
		{"/monitoring.xlsx", 0, func() []string {
			return allPages(t, func(p int) ([]string, int, error) {
				rs, n, err := monitoring.Mismatches(ctx, q, scope, monitoring.Filter{Region: city, AsOf: s.today(), Page: p, PerPage: 1})
				return mapKeys(rs, func(r monitoring.Row) string { return r.Code }), n, err
			})
		}},
		{"/visits/log.xlsx", 1, func() []string {
			return allPages(t, func(p int) ([]string, int, error) {
				es, n, err := visit.Log(ctx, q, scope, visit.LogFilter{Region: city, Page: p, PerPage: 1})
				return mapKeys(es, func(e visit.LogEntry) string { return e.HouseholdCode }), n, err
			})
		}},
		{"/feeds.xlsx", 0, func() []string {
			return allPages(t, func(p int) ([]string, int, error) {
				fs, n, err := feed.Files(ctx, q, feed.FileFilter{Scope: scope, Page: p, PerPage: 1})
				return mapKeys(fs, func(f feed.File) string { return id(f.ID) }), n, err
			})
		}},
		{"/audit.xlsx?action=export.list", 0, func() []string {
			return allPages(t, func(p int) ([]string, int, error) {
				es, n, err := audit.Find(ctx, q, scope, audit.Filter{Action: "export.list", Page: p, PerPage: 1})
				return mapKeys(es, func(e audit.Entry) string { return id(e.ID) }), n, err
			})
		}},
	}
	for _, c := range checks {
		want := c.want()
		_, rows := exportRows(t, h, c.target)
		if got := column(rows, c.col); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows %v, the page lists %v", c.target, got, want)
		}
		if len(want) == 0 && !strings.Contains(c.target, "?") {
			t.Errorf("%s: the fixture leaves the list empty", c.target)
		}
		// the print view: the same rows, without the menu (the export just
		// audited is one more row of the audit log)
		want = c.want()
		printPath := strings.Replace(c.target, ".xlsx", "/print", 1)
		rec := get(t, h, printPath)
		body := rec.Body.String()
		if rec.Code != 200 || strings.Contains(body, `class="menu"`) || !strings.Contains(body, "共 "+strconv.Itoa(len(want))+" 条") ||
			strings.Count(body, "<tr><td class=\"num\">") != len(want) {
			t.Errorf("%s: %d, want %d rows without the menu: %.300s", printPath, rec.Code, len(want), body)
		}
	}
}

func mapKeys[T any](xs []T, key func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, key(x))
	}
	return out
}

// TestHouseholdExportColumns: names, not codes; labels; months; the
// monitoring state; masked numbers.
func TestHouseholdExportColumns(t *testing.T) {
	t.Parallel()
	_, h := asUser(t, Config{DB: must2(fixtureDB(t))}, "xian", auth.RoleCounty, county)
	header, rows := exportRows(t, h, "/households.xlsx")
	wantHeader := []string{"户编号", "户主姓名", "县（市、区）", "乡镇", "村", "户类型", "人口数", "监测对象类别", "识别时间", "风险类型",
		"是否已消除", "消除时间", "户主证件号码", "联系电话"}
	if !reflect.DeepEqual(header, wantHeader) {
		t.Errorf("header %v", header)
	}
	want := [][]string{
		{"6203210001", "张三", "永昌县", "城关镇", "北海子村", "脱贫户", "2", "脱贫不稳定户", "202403", "因病", "否", "",
			idcard.Mask(idZhang), idcard.MaskPhone(phoneHH1)},
		{"6203210003", "赵六", "永昌县", "城关镇", "北海子村", "脱贫户", "1", "", "", "", "", "", idcard.Mask(idZhao)},
		{"6203210002", "王五", "永昌县", "城关镇", "金川西村", "一般农户", "1", "边缘易致贫户", "202301", "因意外事故", "是", "202406",
			idcard.Mask(idWang)},
		{"6203210004", "孙七", "永昌县", "城关镇", "金川西村", "脱贫户", "2", "", "", "", "", "", idcard.Mask(idSun)},
	}
	for i := range want {
		got := rows[i]
		for len(got) > 0 && got[len(got)-1] == "" {
			got = got[:len(got)-1]
		}
		if i >= len(rows) || !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d: %q\nwant %q", i, got, want[i])
		}
	}
}

func must2[A, B any](a A, _ B) A { return a }

// TestExportRoles: each role's export of the household list, masked or
// full, and who may not export at all.
func TestExportRoles(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	cases := []struct {
		role          auth.Role
		region        string
		get, postFull int // status of the masked and the full export
	}{
		{auth.RoleAdmin, city, 200, 200},
		{auth.RoleCity, city, 200, 200},
		{auth.RoleCounty, county, 200, 200},
		{auth.RoleTownship, township, 200, 403}, // may reveal one number, not export them all
		{auth.RoleVillage, villageA, 200, 403},
		{auth.RoleViewer, city, 200, 403},
		{auth.RoleDepartment, city, 403, 403}, // never household data
	}
	for i, c := range cases {
		_, h := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "r"+strconv.Itoa(i), c.role, c.region)
		rec := get(t, h, "/households.xlsx")
		if rec.Code != c.get {
			t.Errorf("%s GET: %d", c.role, rec.Code)
		}
		if c.get == 200 {
			text := responseText(t, rec)
			if !strings.Contains(text, idcard.Mask(idZhang)) || strings.Contains(text, idZhang) || strings.Contains(text, phoneHH1) {
				t.Errorf("%s GET: numbers not masked", c.role)
			}
		}
		rec = do(t, h, "POST", "/households.xlsx?region="+villageA, url.Values{"full": {"1"}})
		if rec.Code != c.postFull {
			t.Errorf("%s POST full: %d", c.role, rec.Code)
		}
		text := responseText(t, rec)
		if c.postFull == 200 && (!strings.Contains(text, idZhang) || !strings.Contains(text, phoneHH1) || strings.Contains(text, idWang)) {
			t.Errorf("%s POST full: %.300s", c.role, text)
		}
		if c.postFull != 200 && strings.Contains(text, idZhang) {
			t.Errorf("%s POST full: a full number leaked", c.role)
		}
		// unchecked box: the form's export is masked
		if rec := do(t, h, "POST", "/households.xlsx", url.Values{}); rec.Code == 200 && strings.Contains(responseText(t, rec), idZhang) {
			t.Errorf("%s POST without full: numbers complete", c.role)
		}
	}
	// the department gets its own files, and no list of households
	_, dept := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "dept2", auth.RoleDepartment, city)
	for _, p := range []string{"/cases.xlsx", "/warnings/print", "/visits.xlsx", "/visits/log/print", "/monitoring.xlsx", "/households/print", "/audit.xlsx"} {
		if rec := get(t, dept, p); rec.Code != 403 {
			t.Errorf("department %s: %d", p, rec.Code)
		}
	}
	if rec := get(t, dept, "/feeds.xlsx"); rec.Code != 200 {
		t.Errorf("department /feeds.xlsx: %d", rec.Code)
	}
	// a list without numbers has no full export
	_, admin := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "adm2", auth.RoleAdmin, city)
	if rec := do(t, admin, "POST", "/cases.xlsx", url.Values{"full": {"1"}}); rec.Code != 404 {
		t.Errorf("POST /cases.xlsx: %d", rec.Code)
	}
	// the full export needs the session's CSRF token
	sess := login(t, a, "nocsrf", auth.RoleCity, city)
	s := bareServer(t, Config{DB: db, Keys: keys, Auth: a})
	rec := do(t, s.Handler(), "POST", "/households.xlsx", url.Values{"full": {"1"}}, "Cookie", sessionCookie+"="+sess.Token)
	if rec.Code != 403 {
		t.Errorf("POST without CSRF: %d", rec.Code)
	}
}

// TestExportAudited: every export is one audit entry with the list, its
// filters, the number of rows and whether numbers were complete; numbers
// never reach the log.
func TestExportAudited(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "shi", auth.RoleCity, city)
	if rec := get(t, h, "/households.xlsx?type="+url.QueryEscape("脱贫户")+"&page=2&lang=en"); rec.Code != 200 {
		t.Fatalf("masked export: %d", rec.Code)
	}
	if rec := do(t, h, "POST", "/households.xlsx?region="+villageA, url.Values{"full": {"1"}}); rec.Code != 200 {
		t.Fatalf("full export: %d", rec.Code)
	}
	get(t, h, "/households.xlsx?q="+idZhang)
	ctx := context.Background()
	entries, _, err := audit.Find(ctx, db.Reader(), store.ScopeAll(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "export.") {
			got = append(got, e.Action+" "+e.EntityID+" "+e.Region+" "+e.Detail)
		}
	}
	want := []string{
		// the number searched for is masked in the log itself
		`export.list households 620300000000 {"filters":{"q":"` + idcard.Mask(idZhang) + `"},"full":false,"list":"households","rows":1}`,
		`export.full households 620321100201 {"filters":{"region":"620321100201"},"full":true,"list":"households","rows":2}`,
		`export.list households 620300000000 {"filters":{"type":"脱贫户"},"full":false,"list":"households","rows":3}`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audit entries\n got %q\nwant %q", got, want)
	}
	if u := auditedBy(t, db, "export.full"); len(u) != 1 || !strings.HasPrefix(u[0], "shi city ") {
		t.Errorf("full export by %v", u)
	}
}

// TestExportFormulaText: a name that starts like a formula is written as
// text, read back as the literal name.
func TestExportFormulaText(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	names := map[string]string{"张三": "=HYPERLINK(\"http://x\",\"点我\")", "王五": "+1+2", "赵六": "-3", "孙七": "@SUM(A1)"}
	for from, to := range names {
		if _, err := db.Writer().ExecContext(context.Background(), "UPDATE persons SET name = ? WHERE name = ?", to, from); err != nil {
			t.Fatal(err)
		}
	}
	_, h := asUser(t, Config{DB: db, Keys: keys}, "shi", auth.RoleCity, city)
	rec := get(t, h, "/households.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for row := 3; row <= 6; row++ {
		cell := "B" + strconv.Itoa(row)
		v, _ := f.GetCellValue(sheet, cell)
		formula, _ := f.GetCellFormula(sheet, cell)
		if formula != "" || !strings.ContainsAny(v[:1], "=+-@") {
			t.Errorf("%s: value %q formula %q", cell, v, formula)
		}
	}
	// and the print view shows them as text too
	if body := get(t, h, "/households/print").Body.String(); !strings.Contains(body, "=HYPERLINK(&#34;http://x&#34;") {
		t.Errorf("print view: %.500s", body)
	}
}

// TestPrintView: the whole list without the menu, in the export's columns,
// numbered; capped with a message pointing to Excel.
func TestPrintView(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xiang", auth.RoleTownship, township)
	rec := get(t, h, "/households/print?type="+url.QueryEscape("脱贫户"))
	body := rec.Body.String()
	if rec.Code != 200 || strings.Contains(body, `class="menu"`) || strings.Contains(body, "topbar") {
		t.Fatalf("print view %d: %.300s", rec.Code, body)
	}
	bodyHas(t, "print view", body, "城关镇 农户档案", "户类型：脱贫户", "共 3 条", "<td class=\"num\">3</td>", "6203210004",
		idcard.Mask(idZhang), `href="/households.xlsx?type=`, "户主证件号码")
	if strings.Contains(body, "6203210002") || strings.Contains(body, idZhang) {
		t.Error("print view: a filtered-out household or a full number")
	}
	defer func(n int) { printCap = n }(printCap)
	printCap = 2
	body = get(t, h, "/households/print").Body.String()
	if !strings.Contains(body, "共 4 条，打印页最多列出前 2 条") || strings.Contains(body, ">3</td>") {
		t.Errorf("capped print view: %.2000s", body)
	}
	if body := get(t, h, "/households/print?region="+villageB+"&type="+url.QueryEscape("一般农户")+"&lang=en").Body.String(); !strings.Contains(body, "金川西村 Households") || !strings.Contains(body, "1 rows") {
		t.Errorf("English print view: %.1000s", body)
	}
	// every list page offers both, with its filters and without paging
	page := get(t, h, "/households?type="+url.QueryEscape("脱贫户")+"&page=1").Body.String()
	bodyHas(t, "list page", page, `href="/households.xlsx?type=%E8%84%B1%E8%B4%AB%E6%88%B7"`, `href="/households/print?type=%E8%84%B1%E8%B4%AB%E6%88%B7"`, "导出Excel", "打印全部")
	if strings.Contains(page, `name="full"`) {
		t.Error("a township is offered the full export")
	}
}

// TestExportStopsWhenClientLeaves: when the request's context ends while
// rows are read, nothing is sent and nothing is audited.
func TestExportStopsWhenClientLeaves(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	s, _ := asUser(t, Config{DB: db, Keys: keys}, "shi", auth.RoleCity, city)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	read := 0
	spec := &listSpec{name: "probe", path: "/probe", title: "households.title", open: func(*Server, *http.Request, translator) (listRun, error) {
		return listRun{cols: []export.Column{{Header: "x"}}, each: func(ctx context.Context, _ bool, emit func(...any) error) error {
			for i := 0; ; i++ {
				if i == 3 {
					cancel() // the client goes away
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				read++
				if err := emit("row"); err != nil {
					return err
				}
			}
		}}, nil
	}}
	u, err := s.cfg.Auth.FindUser(context.Background(), "shi")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/probe.xlsx", nil)
	req = req.WithContext(context.WithValue(ctx, userKey, identity{user: u}))
	rec := httptest.NewRecorder()
	s.exportList(spec)(rec, req)
	if read != 3 || rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("after the client left: %d rows read, %d bytes, headers %v", read, rec.Body.Len(), rec.Header())
	}
	if n := len(auditedBy(t, db, "export.list")); n != 0 {
		t.Errorf("a cancelled export audited %d times", n)
	}
}

// TestScopeExportOfVillage: a village cadre's exports hold its village
// only.
func TestScopeExportOfVillage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "cun", auth.RoleVillage, villageB)
	_, rows := exportRows(t, h, "/households.xlsx")
	if got := column(rows, 0); !reflect.DeepEqual(got, []string{"6203210002", "6203210004"}) {
		t.Errorf("village export %v", got)
	}
	if rec := get(t, h, "/households.xlsx?region="+villageA); rec.Code != 404 {
		t.Errorf("other village: %d", rec.Code)
	}
}
