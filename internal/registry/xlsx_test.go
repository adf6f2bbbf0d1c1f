package registry

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// xlsxFile writes rows to the first sheet of a new workbook; ID numbers are
// written as text, as the national export does.
func xlsxFile(t *testing.T, header []string, rows []map[string]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(sheet, cell, h)
	}
	for r, row := range rows {
		for i, h := range header {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			f.SetCellStr(sheet, cell, row[h])
		}
	}
	p := filepath.Join(t.TempDir(), "households.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportXLSX(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		rows := append(family("62032100000001", 11), family("62032100000002", 21)...)
		// columns in another order than the template, and one unknown column
		header := append([]string{"备注"}, stdHeader...)
		header[1], header[5] = header[5], header[1]
		res, err := doImport(t, db, xlsxFile(t, header, rows), ImportOptions{})
		if err != nil {
			t.Fatalf("%v %v", err, res.Issues)
		}
		if res.Encoding != "XLSX" || res.PersonsInserted != 6 || len(res.Warnings) != 1 {
			t.Fatalf("result %+v", res)
		}
		// the same file again changes nothing
		res, err = doImport(t, db, xlsxFile(t, header, rows), ImportOptions{})
		if err != nil || res.PersonsUnchanged != 6 || res.HouseholdsUnchanged != 2 {
			t.Fatalf("re-import %+v %v", res, err)
		}
	})
}

func TestImportXLSXRowNumbers(t *testing.T) {
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	rows := family("62032100000001", 11)
	rows[2] = with(rows[2], ColHealth, "很好")
	res, err := doImport(t, db, xlsxFile(t, stdHeader, rows), ImportOptions{})
	if err == nil || len(res.Issues) != 1 || res.Issues[0].Row != 4 || res.Issues[0].Column != ColHealth {
		t.Fatalf("issues %v (%v)", res.Issues, err)
	}
	if got := res.Issues[0].String(); got != `第4行 K列「健康状况」："很好"不是有效的健康状况（健康、长期慢性病、患有大病、残疾）` {
		t.Fatalf("message %s", got)
	}
}
