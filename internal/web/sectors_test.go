package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/idcard"
	"fangpin/internal/store"
)

// TestSectorsPage: the figures by sector, a figure's list (masked) as the
// figure counts it, its export masked and in full, both audited. 务工 rows
// of 张三 (脱贫户, village A) and 孙七 (脱贫户, village B) count; 王五's
// (一般农户) does not.
func TestSectorsPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	ctx := context.Background()
	for i, name := range []string{"张三", "孙七", "王五"} {
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO feed_employment (file_id, row_no, person_id, id_idx, id_masked,
			status, place, months, day) SELECT 1, ?, id, '', '', '务工', '', 3, 20260301 FROM persons WHERE name = ?`, i+1, name); err != nil {
			t.Fatal(err)
		}
	}
	_, h := asUser(t, Config{DB: db, Keys: keys}, "city", auth.RoleCity, city)
	page := get(t, h, "/sectors?region="+city).Body.String()
	bodyHas(t, "sector page", page, "脱贫人口务工人数", "教育", "医疗", "住房", "就业", "饮水安全", "figure=employment.formerly_poor_transferred",
		"figure=medical.doctor_households", "figure=housing.priority_groups.other", "figure=water.schemes")
	dash := get(t, h, "/dashboard?region="+city).Body.String()
	bodyHas(t, "dashboard", dash, `id="h-dash-sectors"`, `id="chart-sectors"`, "/sectors?figure=employment.formerly_poor_transferred&amp;region="+city)
	rec := get(t, h, "/sectors?region="+city+"&figure=employment.formerly_poor_transferred")
	page = rec.Body.String()
	if rec.Code != 200 || !strings.Contains(page, "共 2 条") || !strings.Contains(page, "张三") || !strings.Contains(page, "孙七") ||
		strings.Contains(page, "王五") || !strings.Contains(page, idcard.Mask(idZhang)) || strings.Contains(page, idZhang) {
		t.Errorf("employment list: %d\n%s", rec.Code, page)
	}
	rec = get(t, h, "/sectors?region="+villageB+"&figure=employment.formerly_poor_transferred")
	if page := rec.Body.String(); !strings.Contains(page, "共 1 条") || strings.Contains(page, "张三") {
		t.Errorf("village B's list: %d\n%s", rec.Code, page)
	}
	// water counts schemes: its figures have no list, and no export
	if page := get(t, h, "/sectors?region="+city+"&figure=water.schemes").Body.String(); !strings.Contains(page, "按供水工程") {
		t.Errorf("water figure's list:\n%s", page)
	}
	if c := get(t, h, "/sectors.xlsx?region="+city+"&figure=water.schemes").Code; c == 200 {
		t.Errorf("water figure's export: %d", c)
	}
	q := "?region=" + city + "&figure=employment.formerly_poor_transferred&as_of=2026-11-26"
	_, text := workbookText(t, get(t, h, "/sectors.xlsx"+q).Body.Bytes())
	if !strings.Contains(text, idcard.Mask(idSun)) || strings.Contains(text, idSun) || !strings.Contains(text, "孙七") {
		t.Errorf("masked workbook:\n%s", text)
	}
	if _, text = workbookText(t, do(t, h, "POST", "/sectors.xlsx"+q, url.Values{"full": {"1"}}).Body.Bytes()); !strings.Contains(text, idSun) {
		t.Errorf("full workbook lacks the ID number:\n%s", text)
	}
	if c := get(t, h, "/sectors.xlsx?region="+city).Code; c != 400 {
		t.Errorf("export without a figure: %d, want 400", c)
	}
	es, _, err := audit.Find(ctx, db.Reader(), store.ScopeAll(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		if e.EntityID == "sectors" {
			got = append(got, e.Action)
		}
	}
	if strings.Join(got, " ") != "export.full export.list" && strings.Join(got, " ") != "export.list export.full" {
		t.Errorf("audit %v, want a masked and a full export", got)
	}
}
