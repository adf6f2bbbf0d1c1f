package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/dropout"
	"fangpin/internal/entity"
	"fangpin/internal/idcard"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
	"fangpin/internal/water"
)

// sectorIDs are the water and 控辍保学 records of both villages the scope
// walk probes: A's are foreign to an administrator of village B.
type sectorIDs struct {
	foreignProblem, ownProblem   string
	foreignFollowup, ownFollowup string
	secrets                      []string
}

// sectorFixture records a scheme, a sample and a problem in each village,
// an education row saying 辍学 of 李四 (A) and 孙小七 (B), and a follow-up
// of each.
func sectorFixture(t *testing.T, db *store.DB) sectorIDs {
	t.Helper()
	ctx := context.Background()
	w := db.Writer()
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := w.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatal(q, err)
		}
		return id
	}
	var out sectorIDs
	for _, v := range []struct{ village, name, problem, person string }{
		{villageA, "甲村水厂", "甲村停水", idLi}, {villageB, "乙村水厂", "乙村停水", idSunGirl}} {
		sc := exec(`INSERT INTO water_schemes (code, name, kind, created_by, created_at, updated_at)
			VALUES (?, ?, '集中供水', 't', '', '')`, "W"+v.village, v.name)
		if _, err := w.ExecContext(ctx, "INSERT INTO water_scheme_villages (scheme_id, region_code, households) VALUES (?, ?, 20)",
			sc, v.village); err != nil {
			t.Fatal(err)
		}
		exec("INSERT INTO water_samples (scheme_id, day, result, item, created_at) VALUES (?, '2026-03-01', '合格', '', '')", sc)
		p, err := water.RecordProblem(ctx, db, store.ScopeAll(), water.Problem{SchemeID: sc, Source: water.SourceVisit,
			Description: v.problem, Reported: civil.FromYMD(2026, 11, 1)}, "t")
		if err != nil {
			t.Fatal(err)
		}
		var person int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM persons WHERE id_masked = ?", idcard.Mask(v.person)).Scan(&person); err != nil {
			t.Fatal(err)
		}
		row := exec(`INSERT INTO feed_education (file_id, row_no, person_id, id_idx, id_masked, stage, status, aid_item, aid_fen, day)
			VALUES (9, 1, ?, '', '', '小学', '辍学', '', 0, 20261101)`, person)
		f, err := dropout.Open(ctx, db, store.ScopeAll(), dropout.Request{PersonID: person, FeedRowID: row, Responsible: "王老师",
			Opened: civil.FromYMD(2026, 11, 2)}, "t")
		if err != nil {
			t.Fatal(err)
		}
		ps, fs := strconv.FormatInt(p, 10), strconv.FormatInt(f, 10)
		if v.village == villageA {
			out.foreignProblem, out.foreignFollowup = ps, fs
			out.secrets = append(out.secrets, v.name, v.problem)
		} else {
			out.ownProblem, out.ownFollowup = ps, fs
		}
	}
	return out
}

// TestWaterPage: the figures, schemes and problems of the region; a problem
// recorded for a household and resolved (not by a viewer); the exports.
func TestWaterPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	sectorFixture(t, db)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, villageB)
	page := get(t, h, "/water?region="+villageB).Body.String()
	bodyHas(t, "page", page, "乙村水厂", "乙村停水", "2026年3月1日", "登记饮水问题")
	if strings.Contains(page, "甲村水厂") {
		t.Error("village B's page shows village A's scheme")
	}
	if en := get(t, h, "/water?lang=en&region="+villageB).Body.String(); !strings.Contains(en, "Supply schemes") ||
		!strings.Contains(en, "Record a problem") {
		t.Error("the English page lacks its words")
	}
	form := url.Values{"household": {"6203210004"}, "source": {"走访"}, "description": {"水窖渗漏"}, "reported": {"2026-11-20"}}
	if rec := post(t, viewer, "/water/problems", form); rec.Code != http.StatusForbidden {
		t.Fatalf("viewer records: %d", rec.Code)
	}
	if rec := post(t, h, "/water/problems?region="+villageB, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("record: %d %s", rec.Code, rec.Body)
	}
	form.Set("household", "6203219999")
	if rec := post(t, h, "/water/problems", form); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown household: %d", rec.Code)
	}
	var id int64
	db.Reader().QueryRowContext(context.Background(), "SELECT id FROM water_problems WHERE description = '水窖渗漏'").Scan(&id)
	resolve := "/water/problems/" + strconv.FormatInt(id, 10) + "/resolve"
	if rec := post(t, h, resolve, url.Values{"resolved": {"2026-11-19"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("resolved before reported: %d", rec.Code)
	}
	if rec := post(t, h, resolve, url.Values{"resolved": {"2026-11-25"}, "resolution": {"已修复"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", rec.Code, rec.Body)
	}
	page = get(t, h, "/water?region="+villageB).Body.String()
	if !strings.Contains(page, "已修复") || !strings.Contains(page, "xian") {
		t.Errorf("resolved problem not shown with who")
	}
	if got := responseText(t, get(t, h, "/water/problems.xlsx?region="+villageB)); !strings.Contains(got, "水窖渗漏") ||
		!strings.Contains(got, "已修复") {
		t.Errorf("problems export: %s", got)
	}
	if got := responseText(t, get(t, h, "/water.xlsx")); !strings.Contains(got, "甲村水厂") || !strings.Contains(got, "乙村水厂") {
		t.Errorf("schemes export: %s", got)
	}
}

// TestDropoutsPage: the list with its follow-ups, one started from the
// household page's form, a step and an outcome; the export masked.
func TestDropoutsPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	ctx := context.Background()
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	var girl int64
	db.Reader().QueryRowContext(ctx, "SELECT id FROM persons WHERE name = '孙小七'").Scan(&girl)
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO feed_education (file_id, row_no, person_id, id_idx, id_masked, stage,
		status, aid_item, aid_fen, day) VALUES (9, 1, ?, '', '', '小学', '辍学', '', 0, 20261101)`, girl); err != nil {
		t.Fatal(err)
	}
	page := get(t, h, "/households/6203210004").Body.String()
	if !strings.Contains(page, "建立控辍保学台账") || !strings.Contains(page, "义务教育阶段辍学") {
		t.Fatalf("household page lacks the form")
	}
	rec := post(t, h, "/education/dropouts", url.Values{"person": {strconv.FormatInt(girl, 10)}, "responsible": {"王老师"},
		"opened": {"2026-11-20"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("open: %d %s", rec.Code, rec.Body)
	}
	at := rec.Header().Get("Location")
	if rec := post(t, h, at+"/steps", url.Values{"day": {"2026-11-21"}, "note": {"入户劝返"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("step: %d %s", rec.Code, rec.Body)
	}
	if rec := post(t, h, at+"/outcome", url.Values{"outcome": {"返校"}, "outcome_on": {"2026-11-25"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("outcome: %d %s", rec.Code, rec.Body)
	}
	page = get(t, h, at).Body.String()
	bodyHas(t, "follow-up page", page, "孙小七", "入户劝返", "返校", "王老师")
	list := get(t, h, "/education/dropouts?region="+villageB).Body.String()
	if !strings.Contains(list, "孙小七") || !strings.Contains(list, idcard.Mask(idSunGirl)) || strings.Contains(list, idSunGirl) {
		t.Errorf("list: %s", list)
	}
	if got := responseText(t, get(t, h, "/education/dropouts.xlsx")); !strings.Contains(got, idcard.Mask(idSunGirl)) ||
		!strings.Contains(got, "返校") {
		t.Errorf("export: %s", got)
	}
}

// TestWaterAndEntityUploads: the water and business entity files upload on
// their pages as on the command line: a file with a problem is refused whole
// (422, the row and column named, nothing stored), a good one is stored, a
// problem already recorded is counted and left, a village outside the
// uploader's region is refused, and a viewer may not upload.
func TestWaterAndEntityUploads(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	schemes := "工程编号,工程名称,供水方式,行政区划代码,受益户数\n"
	rec := postFile(t, h, "/water/import", map[string]string{"kind": water.KindSchemes}, "s.csv", schemes+"S1,东山水厂,自来水,"+villageB+",30\n")
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "第2行") || !strings.Contains(body, "「供水方式」") {
		t.Fatalf("bad schemes: %d %s", rec.Code, body)
	}
	if n := testkit.Int(t, db, "SELECT count(*) FROM water_schemes"); n != 0 {
		t.Fatalf("a refused file stored %d schemes", n)
	}
	rec = postFile(t, h, "/water/import", map[string]string{"kind": water.KindSchemes}, "s.csv", schemes+"S1,东山水厂,集中供水,"+villageB+",30\n")
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "已导入 1 条记录") || !strings.Contains(body, "东山水厂") {
		t.Fatalf("good schemes: %d %s", rec.Code, body)
	}
	problems := "工程编号,来源,问题描述,发现日期\nS1,走访,管道冻裂,2026-01-05\n"
	postFile(t, h, "/water/import", map[string]string{"kind": water.KindProblems}, "p.csv", problems)
	rec = postFile(t, h, "/water/import", map[string]string{"kind": water.KindProblems}, "p.csv", problems)
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "另有 1 条已登记过") {
		t.Fatalf("a problem uploaded again: %d %s", rec.Code, body)
	}
	_, vill := asUser(t, Config{DB: db, Keys: keys}, "cun", auth.RoleVillage, villageB)
	rec = postFile(t, vill, "/water/import", map[string]string{"kind": water.KindSchemes}, "s.csv", schemes+"S2,西山水厂,集中供水,"+villageA+",10\n")
	if rec.Code != http.StatusUnprocessableEntity || testkit.Int(t, db, "SELECT count(*) FROM water_schemes") != 1 {
		t.Fatalf("a village outside the uploader's region: %d %s", rec.Code, rec.Body.String())
	}
	entities := "主体名称,主体类型,所在县区代码\n"
	rec = postFile(t, h, "/entities/import", map[string]string{"kind": entity.FileEntities}, "e.csv", entities+"东山合作社,合作社,620321000000\n")
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "「主体类型」") {
		t.Fatalf("bad entities: %d %s", rec.Code, body)
	}
	rec = postFile(t, h, "/entities/import?region="+county, map[string]string{"kind": entity.FileEntities}, "e.csv", entities+"东山合作社,农民合作社,620321000000\n")
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "已导入 1 条记录") || !strings.Contains(body, "东山合作社") {
		t.Fatalf("good entities: %d %s", rec.Code, body)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, county)
	bodyHas(t, "upload forms", get(t, h, "/water").Body.String()+get(t, h, "/entities").Body.String()+get(t, h, "/projects").Body.String(),
		`action="/water/import`, "水质检测（", `action="/entities/import`, "分红兑付（", `action="/projects/import`, "受益农户（")
	if page := get(t, viewer, "/water").Body.String(); strings.Contains(page, "/water/import") {
		t.Error("a viewer is offered the upload")
	}
	for _, path := range []string{"/water/import", "/entities/import"} {
		if rec = postFile(t, viewer, path, map[string]string{"kind": "schemes"}, "s.csv", schemes); rec.Code != http.StatusForbidden {
			t.Errorf("viewer on %s: %d", path, rec.Code)
		}
	}
}
