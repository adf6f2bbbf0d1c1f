package web

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/visit"
)

// testJPEG is a small JPEG carrying a GPS position in its Exif block.
func testJPEG() []byte {
	var jb bytes.Buffer
	jpeg.Encode(&jb, image.NewRGBA(image.Rect(0, 0, 4, 4)), nil)
	exif := append([]byte{0xFF, 0xE1, 0, 20}, []byte("Exif\x00\x00GPS-38.5-102")...)
	return append(append(append([]byte{}, jb.Bytes()[:2]...), exif...), jb.Bytes()[2:]...)
}

// visitValues is a good visit form: every default checklist item answered,
// housing with a problem.
func visitValues(changes ...string) url.Values {
	v := url.Values{"date": {testNow.Format(isoDate)}, "visitor": {"李干部"}, "findings": {"房屋漏雨，需修缮"}}
	for _, it := range []string{"income", "education", "medical", "housing", "water", "measures", "family"} {
		v.Set("ans."+it, "ok")
	}
	v.Set("ans.housing", "problem")
	v.Set("note.housing", "屋顶漏雨")
	return changed(v, changes...)
}

// postVisit sends the visit form as multipart with photos.
func postVisit(t *testing.T, h http.Handler, code string, v url.Values, photos ...[]byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, x := range vs {
			mw.WriteField(k, x)
		}
	}
	for i, p := range photos {
		fw, _ := mw.CreateFormFile("photos", "p"+string(rune('a'+i))+".jpg")
		fw.Write(p)
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/households/"+code+"/visits/new", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestMustVisitList(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		rec := get(t, f.vill, "/visits")
		expect(t, "village list", rec, rec.Body.String(), 200, "北海子村", "6203210001", "张三", "赵六", "患大病或长期慢性病",
			"收入偏低或明显下降", "从未走访", `href="/households/6203210001/visits/new"`, "共 2 户")
		if strings.Contains(rec.Body.String(), "6203210004") {
			t.Error("another village's household listed")
		}
		rec = get(t, f.town, "/visits?group=illness&due=1")
		expect(t, "group filter", rec, rec.Body.String(), 200, "共 2 户", `<option value="illness" selected>`)
		if body := get(t, f.viewer, "/visits").Body.String(); strings.Contains(body, "/visits/new") {
			t.Error("a viewer is offered the visit form")
		}
		for target, status := range map[string]int{"/visits?group=nope": 422, "/visits?region=" + villageB: 404, "/visits?page=x": 400} {
			if rec := get(t, f.vill, target); rec.Code != status {
				t.Errorf("%s: %d, want %d", target, rec.Code, status)
			}
		}
	})
}

func TestVisitForm(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		form := get(t, f.vill, "/households/6203210001/visits/new")
		expect(t, "form", form, form.Body.String(), 200, "六必查", `name="ans.housing"`, "饮水安全", `name="photos"`, "同时发起风险排查案件")
		gif := []byte("GIF89a-not-a-photo")
		seven := [][]byte{testJPEG(), testJPEG(), testJPEG(), testJPEG(), testJPEG(), testJPEG(), testJPEG()}
		tomorrow := testNow.AddDate(0, 0, 2).Format(isoDate)
		bad := []struct {
			name   string
			v      url.Values
			photos [][]byte
			want   string
		}{
			{"unanswered item", visitValues("ans.income", "-"), nil, "请填写检查项目“收入情况”"},
			{"problem without a note", visitValues("note.housing", ""), nil, "“住房安全”发现问题，请说明情况"},
			{"future date", visitValues("date", tomorrow), nil, "走访日期不能晚于今天"},
			{"not a photo", visitValues(), [][]byte{gif}, "照片需为 JPG 或 PNG 格式"},
			{"too many photos", visitValues(), seven, "每次走访最多6张照片"},
			{"unknown risk", visitValues("open_case", "yes", "risk_types", "因穷"), nil, "不在全国风险类型之列"},
		}
		for _, c := range bad {
			rec := postVisit(t, f.vill, "6203210001", c.v, c.photos...)
			expect(t, c.name, rec, rec.Body.String(), 422, c.want, "房屋漏雨，需修缮", "请重新选择")
		}
		if n, c := f.count(t, "visits"), f.count(t, "cases"); n != 0 || c != 0 {
			t.Fatalf("refused forms stored %d visits, %d cases", n, c)
		}
		if rec := postVisit(t, f.viewer, "6203210001", visitValues()); rec.Code != 403 {
			t.Errorf("viewer: %d", rec.Code)
		}
		if rec := postVisit(t, f.villB, "6203210001", visitValues()); rec.Code != 404 {
			t.Errorf("another village: %d", rec.Code)
		}
		rec := postVisit(t, f.vill, "6203210001", visitValues("open_case", "yes", "risk_types", "因病"), testJPEG())
		if rec.Code != 303 || rec.Header().Get("Location") != "/households/6203210001#visits" {
			t.Fatalf("record: %d %s", rec.Code, rec.Body)
		}
		if n, c := f.count(t, "visits"), f.count(t, "cases"); n != 1 || c != 1 {
			t.Fatalf("stored %d visits, %d cases", n, c)
		}
		var caseID int64
		if err := f.db.Reader().QueryRowContext(context.Background(), "SELECT case_id FROM visits").Scan(&caseID); err != nil {
			t.Fatal(err)
		}
		notifiedOnce(t, f.db, caseID)
		// the visit and its case are audited as the cadre, at the client's address
		for _, action := range []string{"visit.record", "case.open"} {
			if got := auditedBy(t, f.db, action); !slices.Equal(got, []string{"vill village 192.0.2.1"}) {
				t.Errorf("%s audited as %q", action, got)
			}
		}
		page := get(t, f.vill, "/households/6203210001").Body.String()
		bodyHas(t, "household page", page, "李干部", "住房安全：<strong>有问题</strong> · 屋顶漏雨", "房屋漏雨，需修缮", "已发起案件")
		photo := regexp.MustCompile(`src="(/visits/\d+/photos/1\.jpg)"`).FindStringSubmatch(page)
		if photo == nil {
			t.Fatal("no photo on the household page")
		}
		if rec := get(t, f.vill, photo[1]); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/jpeg" ||
			bytes.Contains(rec.Body.Bytes(), []byte("GPS")) {
			t.Errorf("photo: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		if rec := get(t, f.villB, photo[1]); rec.Code != 404 {
			t.Errorf("another village's photo: %d", rec.Code)
		}
		files, _ := filepath.Glob(filepath.Join(f.cfg.VisitPhotos, "*", "*"))
		if len(files) != 1 {
			t.Errorf("photo files: %v", files)
		}
		if b, _ := os.ReadFile(files[0]); bytes.Contains(b, []byte("GPS")) {
			t.Error("the stored photo keeps its GPS position")
		}
		list := get(t, f.vill, "/visits").Body.String()
		if !strings.Contains(list, testNow.Format("2006年1月2日")) {
			t.Error("the must-visit list does not show the last visit")
		}
	})
}

func TestVisitSettings(t *testing.T) {
	t.Parallel()
	eachMon(t, func(t *testing.T, f *monFixture) {
		if rec := get(t, f.town, "/admin/visit-settings"); rec.Code != 403 {
			t.Errorf("township: %d", rec.Code)
		}
		page := get(t, f.cnty, "/admin/visit-settings")
		expect(t, "page", page, page.Body.String(), 200, "永昌县", "低保户", `name="g.low_income.p.line_pct" value="120"`,
			"全国默认", `name="i.water.label" value="饮水安全"`)
		groups := func(changes ...string) url.Values {
			v := url.Values{"op": {"groups"}}
			gs, _ := visit.Groups(context.Background(), f.db.Reader(), county)
			for _, g := range gs {
				p := "g." + g.Code + "."
				if g.Enabled {
					v.Set(p+"enabled", "1")
				}
				v.Set(p+"label", g.Label)
				v.Set(p+"interval", strconv.Itoa(g.IntervalDays))
				for k, x := range g.Params {
					v.Set(p+"p."+k, strconv.Itoa(x))
				}
			}
			return changed(v, changes...)
		}
		for _, c := range []struct {
			v    url.Values
			want string
		}{
			{groups("g.illness.interval", "60", "g.warning.interval", "abc"), "部门预警：走访周期应为整数"},
			{groups("g.illness.interval", "60", "g.warning.interval", "0"), "走访周期应为1至366天"},
			{groups("g.illness.interval", "60", "g.dibao.label", ""), "请填写名称"},
		} {
			rec := do(t, f.cnty, "POST", "/admin/visit-settings", c.v)
			expect(t, c.want, rec, rec.Body.String(), 422, c.want, `name="g.illness.interval" value="60"`)
		}
		if n := f.count(t, "visit_groups WHERE region_code <> ''"); n != 0 {
			t.Fatalf("refused forms stored %d settings", n)
		}
		v := groups("g.illness.interval", "60", "g.low_income.p.line_pct", "110")
		v.Del("g.dibao.enabled")
		if rec := do(t, f.cnty, "POST", "/admin/visit-settings", v); rec.Code != 303 {
			t.Fatalf("save groups: %d %s", rec.Code, rec.Body)
		}
		if n := f.count(t, "visit_groups WHERE region_code = '"+county+"'"); n != 3 {
			t.Errorf("%d settings stored, want the 3 changed", n)
		}
		gs, _ := visit.Groups(context.Background(), f.db.Reader(), villageA)
		for _, g := range gs {
			if g.Code == "dibao" && g.Enabled || g.Code == "illness" && g.IntervalDays != 60 || g.Code == "low_income" && g.Param("line_pct") != 110 {
				t.Errorf("group %+v not as set", g)
			}
		}
		items := url.Values{"op": {"items"}}
		its, _ := visit.Items(context.Background(), f.db.Reader(), county)
		for _, it := range its {
			if it.Code != "family" {
				items.Set("i."+it.Code+".enabled", "1")
			}
			items.Set("i."+it.Code+".label", it.Label)
			items.Set("i."+it.Code+".position", strconv.Itoa(it.Position))
		}
		bad := url.Values{}
		for k, x := range items {
			bad[k] = x
		}
		bad.Set("new_code", "Toilet!")
		bad.Set("new_label", "卫生厕所")
		rec := do(t, f.cnty, "POST", "/admin/visit-settings", bad)
		expect(t, "bad item code", rec, rec.Body.String(), 422, "项目代码应为小写英文字母开头", `value="卫生厕所"`)
		items.Set("new_code", "toilet")
		items.Set("new_label", "卫生厕所")
		if rec := do(t, f.cnty, "POST", "/admin/visit-settings", items); rec.Code != 303 {
			t.Fatalf("save items: %d %s", rec.Code, rec.Body)
		}
		form := get(t, f.vill, "/households/6203210001/visits/new").Body.String()
		if !strings.Contains(form, "卫生厕所") || strings.Contains(form, `name="ans.family"`) {
			t.Error("the visit form does not follow the county's checklist")
		}
		if rec := do(t, f.cnty, "POST", "/admin/visit-settings", url.Values{"op": {"nope"}}); rec.Code != 400 {
			t.Errorf("unknown op: %d", rec.Code)
		}
		if n := f.count(t, "audit_log WHERE action LIKE 'settings.visit_%'"); n != 2 {
			t.Errorf("%d audit entries, want 2", n)
		}
	})
}
