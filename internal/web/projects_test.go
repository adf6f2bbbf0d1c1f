package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/auth"
	"fangpin/internal/project"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// projectFixture stores a project of each village — villageA's benefiting
// household 6203210001, villageB's benefiting both — and returns their ids
// and villageA's project's name (a secret to villageB).
func projectFixture(t *testing.T, db *store.DB) (foreign, own, secret string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range [][2]string{
		{project.KindProjects, "项目编号,项目名称,年度,县（区）代码,村代码,项目类型,产业链,中央衔接资金（元）,计划投资（元）,完成投资（元）,项目状态\n" +
			"PA,北海子村秘密养殖项目,2026,620321000000," + villageA + ",产业发展,畜,100,200,50,实施中\n" +
			"PB,金川西村道路项目,2026,620321000000," + villageB + ",基础设施,,300,300,0,储备\n"},
		{project.KindBeneficiaries, "项目编号,户编号\nPA,6203210001\nPB,6203210002\nPB,6203210001\n"},
	} {
		path := testkit.File(t, f[0]+".csv", f[1])
		if res, err := project.Import(ctx, db, store.ScopeAll(), f[0], path, "t"); err != nil {
			t.Fatal(err, res.Issues)
		}
	}
	ids := map[string]string{}
	for _, code := range []string{"PA", "PB"} {
		var id int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM projects WHERE code = ?", code).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[code] = strconv.FormatInt(id, 10)
	}
	return ids["PA"], ids["PB"], "北海子村秘密养殖项目"
}

// TestProjectsPage: the county sees both projects with the year's figures,
// filters narrow the list, the export has every row, a project's page shows
// its funds and households, progress is saved (not by a viewer) and
// audited, and the household page lists its projects.
func TestProjectsPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, own, _ := projectFixture(t, db)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	page := get(t, h, "/projects?year=2026").Body.String()
	if !strings.Contains(page, "北海子村秘密养殖项目") || !strings.Contains(page, "金川西村道路项目") || !strings.Contains(page, "共 2 个项目") {
		t.Fatalf("list: %s", page)
	}
	if page := get(t, h, "/projects?type=基础设施").Body.String(); strings.Contains(page, "北海子村秘密养殖项目") {
		t.Error("the type filter lets an industry project through")
	}
	rec := get(t, h, "/projects.xlsx?chain=畜")
	wb, err := excelize.OpenReader(rec.Body)
	if err != nil {
		t.Fatal(err, rec.Code)
	}
	rows, _ := wb.GetRows(wb.GetSheetName(0))
	wb.Close()
	if len(rows) != 3 || rows[2][1] != "北海子村秘密养殖项目" {
		t.Fatalf("export rows: %v", rows)
	}
	if page := get(t, h, "/projects/"+own).Body.String(); !strings.Contains(page, "6203210002") || !strings.Contains(page, "300.00") {
		t.Fatalf("project page: %s", page)
	}
	progress := func(h http.Handler, form url.Values) *httptest.ResponseRecorder {
		return post(t, h, "/projects/"+own+"/progress", form)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, villageB)
	if rec := progress(viewer, url.Values{"status": {"已完工"}, "completed": {"300"}}); rec.Code != http.StatusForbidden {
		t.Fatalf("viewer: %d", rec.Code)
	}
	if rec := progress(h, url.Values{"status": {"完工"}, "completed": {"300"}}); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "项目状态应为") {
		t.Fatalf("bad status: %d %s", rec.Code, rec.Body)
	}
	if rec := progress(h, url.Values{"status": {"已完工"}, "completed": {"300"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("progress: %d %s", rec.Code, rec.Body)
	}
	if page := get(t, h, "/projects/"+own).Body.String(); !strings.Contains(page, "<option selected>已完工</option>") {
		t.Error("status not saved")
	}
	if page := get(t, h, "/households/6203210002").Body.String(); !strings.Contains(page, "金川西村道路项目") {
		t.Error("the household page lacks its project")
	}
	if page := get(t, h, "/projects?lang=en").Body.String(); !strings.Contains(page, "Project library") {
		t.Error("no English page")
	}
}

// TestProjectImportPage: a county user uploads the project library on its
// page: a file with a problem is refused whole with the row and column
// named (422, nothing stored), a good one is stored and listed, a
// beneficiary outside a village user's region is refused, an unknown kind
// is 422, and a viewer may not upload.
func TestProjectImportPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	head := "项目编号,项目名称,年度,县（区）代码,村代码,项目类型,计划投资（元）,项目状态\n"
	bad := head + "P1,东村水窖,2026,620321000000," + villageB + ",基础设施,一千,储备\n"
	rec := postFile(t, h, "/projects/import", map[string]string{"kind": project.KindProjects}, "bad.csv", bad)
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "第2行") ||
		!strings.Contains(body, "「计划投资（元）」") || !strings.Contains(body, "未导入任何数据") {
		t.Fatalf("bad file: %d %s", rec.Code, body)
	}
	if n := testkit.Int(t, db, "SELECT count(*) FROM projects"); n != 0 {
		t.Fatalf("a refused file stored %d projects", n)
	}
	good := head + "P1,东村水窖,2026,620321000000," + villageB + ",基础设施,12000.50,储备\n"
	rec = postFile(t, h, "/projects/import?region="+county, map[string]string{"kind": project.KindProjects}, "good.csv", good)
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "已导入 1 条记录") || !strings.Contains(body, "东村水窖") {
		t.Fatalf("good file: %d %s", rec.Code, body)
	}
	_, vill := asUser(t, Config{DB: db, Keys: keys}, "cun", auth.RoleVillage, villageB)
	rec = postFile(t, vill, "/projects/import", map[string]string{"kind": project.KindBeneficiaries}, "b.csv", "项目编号,户编号\nP1,6203210001\n")
	if rec.Code != http.StatusUnprocessableEntity || testkit.Int(t, db, "SELECT count(*) FROM project_beneficiaries") != 0 {
		t.Fatalf("a household outside the village user's region: %d %s", rec.Code, rec.Body.String())
	}
	if rec = postFile(t, h, "/projects/import", map[string]string{"kind": "funds"}, "good.csv", good); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown kind: %d", rec.Code)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, county)
	if rec = postFile(t, viewer, "/projects/import", map[string]string{"kind": project.KindProjects}, "good.csv", good); rec.Code != http.StatusForbidden {
		t.Fatalf("viewer: %d", rec.Code)
	}
}
