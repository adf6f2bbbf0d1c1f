package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/idcard"
	"fangpin/internal/labour"
	"fangpin/internal/store"
)

// TestLabourPage: the persons due shown masked with their amount, a batch
// made (not by a viewer), its workbook masked, complete only with
// export_full; afterwards nobody is due.
func TestLabourPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	ctx := context.Background()
	if _, err := db.Writer().ExecContext(ctx, "UPDATE persons SET labour_skill = '普通劳动力'"); err != nil {
		t.Fatal(err)
	}
	var sunID int64
	if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM persons WHERE name = '孙七'").Scan(&sunID); err != nil {
		t.Fatal(err)
	}
	year := civil.Today().Year()
	if err := labour.Record(ctx, db, store.ScopeAll(), sunID, labour.Transfer{Year: year, Destination: labour.OutProv,
		Province: "陕西", Months: 12}, "t"); err != nil {
		t.Fatal(err)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, villageB)
	if rec := post(t, viewer, "/labour/batch", url.Values{}); rec.Code != http.StatusForbidden {
		t.Fatalf("viewer makes a batch: %d", rec.Code)
	}
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	page := get(t, h, "/labour?region="+villageB).Body.String()
	if !strings.Contains(page, "孙七") || !strings.Contains(page, idcard.Mask(idSun)) || strings.Contains(page, idSun) ||
		!strings.Contains(page, "400.00") {
		t.Fatalf("page: %s", page)
	}
	if rec := post(t, h, "/labour/batch?region="+villageB, url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("batch: %d %s", rec.Code, rec.Body)
	}
	if page := get(t, h, "/labour?region="+villageB).Body.String(); strings.Contains(page, idcard.Mask(idSun)) {
		t.Error("still due after the batch")
	}
	// the household page shows the member's transfer and the subsidy paid
	var code string
	if err := db.Reader().QueryRowContext(ctx, "SELECT h.code FROM households h JOIN persons p ON p.household_id = h.id WHERE p.id = ?", sunID).Scan(&code); err != nil {
		t.Fatal(err)
	}
	if page := get(t, h, "/households/"+code).Body.String(); !strings.Contains(page, "转移就业与交通补助") ||
		!strings.Contains(page, "省外（陕西）") || !strings.Contains(page, "400.00") {
		t.Errorf("the household page lacks the transfer and its subsidy")
	}
	cell := func(rec *httptest.ResponseRecorder) string {
		if rec.Code != http.StatusOK {
			t.Fatalf("workbook: %d %s", rec.Code, rec.Body)
		}
		wb, err := excelize.OpenReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		v, _ := wb.GetCellValue("发放名单", "C3")
		return v
	}
	if got := cell(get(t, h, "/labour/batch.xlsx?id=1")); got != idcard.Mask(idSun) {
		t.Errorf("masked workbook: %q", got)
	}
	if got := cell(post(t, h, "/labour/batch.xlsx?id=1", url.Values{"full": {"1"}})); got != idSun {
		t.Errorf("full workbook: %q", got)
	}
	_, village := asUser(t, Config{DB: db, Keys: keys}, "cun", auth.RoleVillage, villageB)
	if rec := post(t, village, "/labour/batch.xlsx?id=1", url.Values{"full": {"1"}}); rec.Code != http.StatusForbidden {
		t.Errorf("full workbook without export_full: %d", rec.Code)
	}
}
