package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/workday"
)

func TestCalendarAdmin(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	if err := workday.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	s, admin := asUser(t, Config{DB: db, Keys: keys}, "root", auth.RoleAdmin, "620000000000")
	s.now = func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, civil.Zone) }
	page := get(t, admin, "/admin/calendar").Body.String()
	if !strings.Contains(page, "尚未录入 2027 年") || !strings.Contains(page, `data-label="年份">2026</td>`) || !strings.Contains(page, "国务院办公厅通知（内置）") {
		t.Fatalf("calendar page:\n%s", page)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "2027.csv")
	fw.Write([]byte("date,kind,name\n2027-01-01,off,元旦\n2027-02-07,workday,春节\n"))
	mw.WriteField("complete_year", "2027")
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/calendar", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	admin.ServeHTTP(rec, req)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "尚未录入 2027 年") || !strings.Contains(rec.Body.String(), "已导入 2 天") {
		t.Fatalf("import: %d\n%s", rec.Code, rec.Body)
	}
	if rec := do(t, admin, "POST", "/admin/limits", url.Values{"accept": {"3"}, "verify": {"5"}, "total": {"15"}}); rec.Code != 303 {
		t.Fatalf("limits: %d %s", rec.Code, rec.Body)
	}
	if l, _ := workday.LoadLimits(context.Background(), db.Reader()); l.Accept != 3 {
		t.Fatalf("limits not saved: %+v", l)
	}
	if rec := do(t, admin, "POST", "/admin/limits", url.Values{"accept": {"30"}, "verify": {"5"}, "total": {"15"}}); rec.Code != 422 {
		t.Fatalf("limits over the total accepted: %d", rec.Code)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "look", auth.RoleCity, city)
	if rec := get(t, viewer, "/admin/calendar"); rec.Code != 403 {
		t.Fatalf("city user: %d", rec.Code)
	}
}
