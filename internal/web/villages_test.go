package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/auth"
	"fangpin/internal/testkit"
	"fangpin/internal/village"
)

// TestVillagesPage: figures and township sums over the registry's
// households, a village without a row offered for typing, a row typed
// (refused with its field when wrong, audited when saved; not by a
// viewer), the table as a workbook, audited.
func TestVillagesPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	ctx := context.Background()
	year := testNow.Year()
	if err := village.Save(ctx, db.Writer(), village.Indicator{Region: villageA, Year: year, DemoLevel: village.LevelProvince,
		DemoYear: 2025, SanitaryHouseholds: 1, Cleaners: 1, Vehicles: 1, SewageTreated: true, ListPower: true, ListAffairs: true,
		ListServices: true}, "t", "2026-01-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	page := get(t, h, "/villages?region="+county).Body.String()
	for _, want := range []string{"按乡镇汇总", "城关镇", "50.0%", "北海子村", "1 / 2"} {
		if !strings.Contains(page, want) {
			t.Errorf("county page lacks %q:\n%s", want, page)
		}
	}
	if page := get(t, h, "/villages?region="+township).Body.String(); !strings.Contains(page, "/villages/edit?region="+villageB) ||
		!strings.Contains(page, "/villages.xlsx?region="+township+"&amp;year=2026") {
		t.Errorf("village B is not offered for typing:\n%s", page)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, county)
	if rec := get(t, viewer, "/villages/edit?region="+villageB); rec.Code != http.StatusForbidden {
		t.Errorf("viewer opens the form: %d", rec.Code)
	}
	target := "/villages/edit?region=" + villageB + "&year=2026"
	if rec := post(t, h, target, url.Values{"toilets_done": {"x"}}); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "不能为负数") {
		t.Errorf("a bad count: %d", rec.Code)
	}
	rec := post(t, h, target, url.Values{"plan_done": {"1"}, "sanitary_households": {"2"}, "titles": {"文明村"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/villages?region="+township+"&year=2026" {
		t.Fatalf("save: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if page := get(t, h, target).Body.String(); !strings.Contains(page, "文明村") || !strings.Contains(page, `name="plan_done" value="1" checked`) {
		t.Errorf("the form does not show the saved row")
	}
	rec = get(t, h, "/villages.xlsx?year=2026")
	wb, err := excelize.OpenReader(rec.Body)
	if err != nil {
		t.Fatal(rec.Code, err)
	}
	defer wb.Close()
	if v, _ := wb.GetCellValue("2026年度", "C3"); v != "北海子村" {
		t.Errorf("workbook C3 = %q", v)
	}
	if n := testkit.Int(t, db, `SELECT count(*) FROM audit_log WHERE action = 'village.update'
		OR (action = 'export.list' AND entity_id = 'villages')`); n != 2 {
		t.Errorf("audit entries %d", n)
	}
}
