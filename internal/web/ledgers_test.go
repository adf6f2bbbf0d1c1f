package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/idcard"
	"fangpin/internal/store"
)

// workbookText reads every sheet of a workbook: the sheet names in order
// and all cells as text, one row a line.
func workbookText(t *testing.T, body []byte) ([]string, string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return f.GetSheetList(), b.String()
}

// TestLedgersWorkbook: the page, the workbook's sheets and its monitored
// households by the period's months, masking, full numbers for export_full
// only, and the audit entry with the rows.
func TestLedgersWorkbook(t *testing.T) {
	t.Parallel()
	_, h, db := listWorld(t)
	if rec := get(t, h, "/ledgers?region="+township); rec.Code != 200 || !strings.Contains(rec.Body.String(), "自主申报台账") {
		t.Fatalf("page: %d", rec.Code)
	}
	if rec := get(t, h, "/ledgers?lang=en"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Ledgers") {
		t.Fatalf("page in English: %d", rec.Code)
	}
	// 6203210002 was eliminated in 202406: in a period from June, not in one from July
	for _, c := range []struct {
		from string
		want []string
	}{{"2024-06-01", []string{"6203210001", "6203210002"}}, {"2024-07-01", []string{"6203210001"}}} {
		rec := get(t, h, "/ledgers.xlsx?region="+township+"&from="+c.from+"&to=2024-12-31")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != xlsxType {
			t.Fatalf("%s: %d %.200s", c.from, rec.Code, rec.Body.String())
		}
		names, _ := workbookText(t, rec.Body.Bytes())
		if !reflect.DeepEqual(names, []string{"监测对象台账", "帮扶措施台账", "走访台账", "预警处置台账", "自主申报台账"}) {
			t.Fatalf("sheets %v", names)
		}
		rows := xlsxRows(t, rec.Body.Bytes())
		if got := column(rows[2:], 0); !reflect.DeepEqual(got, c.want) {
			t.Errorf("from %s: households %v, want %v", c.from, got, c.want)
		}
		if !strings.HasPrefix(rows[0][0], "城关镇 监测对象台账（2024年") {
			t.Errorf("title %q", rows[0][0])
		}
	}
	// the self-reports (received at the clock's time): masked, then in full
	period := "?from=2026-01-01&to=2027-12-31"
	rec := get(t, h, "/ledgers.xlsx"+period)
	_, text := workbookText(t, rec.Body.Bytes())
	for _, id := range fullIDs {
		if strings.Contains(text, id) {
			t.Errorf("masked workbook shows %s", id)
		}
	}
	if !strings.Contains(text, idcard.Mask(idLi)) || !strings.Contains(text, "报告乙") {
		t.Errorf("self-report missing from the workbook")
	}
	rec = do(t, h, "POST", "/ledgers.xlsx"+period, url.Values{"full": {"1"}})
	if _, text = workbookText(t, rec.Body.Bytes()); !strings.Contains(text, idLi) || !strings.Contains(text, phoneZhang) {
		t.Errorf("full workbook lacks the numbers")
	}
	entries, _, err := audit.Find(context.Background(), db.Reader(), store.ScopeAll(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Entity == "ledger" {
			var d struct {
				Rows   int
				Full   bool
				Sheets []struct{ Rows int }
			}
			if err := json.Unmarshal([]byte(e.Detail), &d); err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, s := range d.Sheets {
				sum += s.Rows
			}
			if sum != d.Rows || len(d.Sheets) != 5 {
				t.Errorf("audit rows %d, sheets %v", d.Rows, d.Sheets)
			}
			got = append(got, e.Action+" "+e.Region)
		}
	}
	want := []string{"export.full " + township, "export.list " + township, "export.list " + township, "export.list " + township}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
}

// TestLedgersAccess: a township user cannot ask for another township (404),
// a viewer may not ask for full numbers (403), a department sees no ledger.
func TestLedgersAccess(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	ensureRegion(t, db, "620321101000")
	_, town := asUser(t, Config{DB: db, Keys: keys}, "xiang", auth.RoleTownship, township)
	for _, p := range []string{"/ledgers?region=620321101000", "/ledgers.xlsx?region=620321101000", "/ledgers.xlsx?region=" + county} {
		if rec := get(t, town, p); rec.Code != 404 {
			t.Errorf("township %s: %d", p, rec.Code)
		}
	}
	if rec := get(t, town, "/ledgers.xlsx?from=2026-02-01&to=2026-01-01"); rec.Code != 422 {
		t.Errorf("backwards period: %d", rec.Code)
	}
	_, viewer := asUser(t, Config{DB: db, Keys: keys}, "kan", auth.RoleViewer, township)
	if rec := do(t, viewer, "POST", "/ledgers.xlsx", url.Values{"full": {"1"}}); rec.Code != 403 {
		t.Errorf("viewer full: %d", rec.Code)
	}
	_, dept := asUser(t, Config{DB: db, Keys: keys}, "dept", auth.RoleDepartment, city)
	for _, p := range []string{"/ledgers", "/ledgers.xlsx"} {
		if rec := get(t, dept, p); rec.Code != 403 {
			t.Errorf("department %s: %d", p, rec.Code)
		}
	}
}
