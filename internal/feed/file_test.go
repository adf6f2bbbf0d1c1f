package feed

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestReimportStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		addPerson(t, db, testkit.Keys(t), id(1), village)
		text := csvOf(medicalHeader, id(1)+",2026-01-01,100,50,0,0,50,", id(2)+",2026-01-02,100,50,0,0,50,")
		first, err := importFile(t, db, Medical, testkit.File(t, "a.csv", text))
		if err != nil {
			t.Fatal(err)
		}
		before := dump(t, db)
		again, err := importFile(t, db, Medical, testkit.File(t, "renamed.csv", text))
		if err != nil || !again.Duplicate || again.FileID != first.FileID || again.ImportedAt != first.ImportedAt ||
			again.Rows != 2 || again.Matched != 1 || again.Unmatched != 1 {
			t.Fatalf("again %+v %v", again, err)
		}
		if after := dump(t, db); after != before {
			t.Errorf("tables changed:\n%s\nafter:\n%s", before, after)
		}
		// the same bytes as another kind are another file
		if _, err := importFile(t, db, Death, testkit.File(t, "d.csv", csvOf("身份证号,死亡日期", id(1)+",2026-01-01"))); err != nil {
			t.Fatal(err)
		}
		if got := testkit.Strings(t, db, "SELECT action FROM audit_log ORDER BY id"); strings.Join(got, ",") != "feed.import,feed.import_duplicate,feed.import" {
			t.Errorf("audit %v", got)
		}
	})
}

func TestImportGB18030(t *testing.T) {
	db := storetest.SQLite(t)
	addPerson(t, db, testkit.Keys(t), id(1), village)
	text := csvOf(medicalHeader, id(1)+",2026-01-01,100,50,0,0,50,肺结核")
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := importFile(t, db, Medical, testkit.File(t, "gb.csv", gb))
	if err != nil || res.Encoding != "GB18030" || res.Matched != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := testkit.Strings(t, db, "SELECT disease FROM feed_medical"); got[0] != "肺结核" {
		t.Errorf("disease %v", got)
	}
	bom, err := importFile(t, db, Medical, testkit.File(t, "bom.csv", "\uFEFF"+strings.Replace(text, "肺结核", "尘肺", 1)))
	if err != nil || bom.Encoding != "UTF-8 BOM" || bom.Rows != 1 {
		t.Fatalf("%+v %v", bom, err)
	}
}

// TestImportXLSX: dates as Excel date cells (shown with Excel's built-in
// format or as serial numbers), amounts as numbers with and without a
// thousands format, ID numbers as text, columns in another order.
func TestImportXLSX(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		addPerson(t, db, testkit.Keys(t), id(1), village)
		f := excelize.NewFile()
		s := f.GetSheetName(0)
		header := []string{"个人自付", "身份证号", "结算日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助"}
		for i, h := range header {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellStr(s, cell, h)
		}
		thousands, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
		yearFirst := "yyyy/m/d"
		ymdStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &yearFirst})
		cn, _ := f.NewStyle(&excelize.Style{NumFmt: 31}) // yyyy"年"m"月"d"日": the reader gives the serial
		f.SetSheetRow(s, "A2", &[]any{1234.5, id(1), time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), 2469, 1234.5, 0, 0})
		f.SetSheetRow(s, "A3", &[]any{0.1 + 0.2, id(2), 46086, 1000.3, 1000, 0, 0})
		f.SetCellStyle(s, "D3", "D3", thousands)
		f.SetCellStyle(s, "C3", "C3", ymdStyle)
		f.SetSheetRow(s, "A4", &[]any{"12", id(2), 46086, "12", "", "", ""})
		f.SetCellStyle(s, "C4", "C4", cn)
		path := filepath.Join(t.TempDir(), "claims.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		res, err := importFile(t, db, Medical, path)
		if err != nil || res.Encoding != "XLSX" || res.Rows != 3 || res.Matched != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		got := testkit.Strings(t, db, "SELECT row_no, settled, total_fen, basic_fen, oop_fen FROM feed_medical ORDER BY row_no")
		want := "2 20260305 246900 123450 123450|3 20260305 100030 100000 30|4 20260305 1200 0 1200"
		if strings.Join(got, "|") != want {
			t.Errorf("rows %v, want %s", got, want)
		}
	})
}

func TestImportReader(t *testing.T) {
	db := storetest.SQLite(t)
	text := csvOf("身份证号,死亡日期", id(1)+",2026-01-01")
	res, err := ImportReader(context.Background(), db, testkit.Keys(t), Death, strings.NewReader(text),
		Options{Now: now, FileName: "死亡.csv"})
	if err != nil || res.Rows != 1 || res.Unmatched != 1 || res.FileName != "死亡.csv" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestRematchAndUnmatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys := testkit.Keys(t)
		addPerson(t, db, keys, id(1), village)
		res, err := importFile(t, db, Medical, testkit.File(t, "m.csv", csvOf(medicalHeader,
			id(1)+",2026-01-01,100,50,0,0,50,", id(2)+",2026-01-01,100,50,0,0,50,", id(3)+",2026-01-01,100,50,0,0,50,",
			id(2)+",2026-01-02,10,5,0,0,5,")))
		if err != nil || res.Unmatched != 3 {
			t.Fatalf("%+v %v", res, err)
		}
		if _, err := importFile(t, db, Death, testkit.File(t, "d.csv", csvOf("身份证号,死亡日期", id(2)+",2026-01-01"))); err != nil {
			t.Fatal(err)
		}
		if n, err := Unmatched(ctx, db.Reader()); err != nil || n != 4 {
			t.Fatalf("unmatched %d %v", n, err)
		}
		if n, err := Rematch(ctx, db.Writer()); err != nil || n != 0 {
			t.Fatalf("rematch with nobody new: %d %v", n, err)
		}
		p2 := addPerson(t, db, keys, id(2), village)
		var n int64
		err = db.Transact(ctx, func(tx *store.Tx) error {
			n, err = Rematch(ctx, tx)
			return err
		})
		if err != nil || n != 3 {
			t.Fatalf("rematch %d %v", n, err)
		}
		if got := testkit.Strings(t, db, "SELECT row_no, id_idx FROM feed_medical WHERE person_id = ? ORDER BY row_no", p2); strings.Join(got, ",") != "3 ,5 " {
			t.Errorf("rematched rows %v", got)
		}
		// the import and the rematch stamp a matched row with its person's
		// household; a row matching nobody has none
		stamps := testkit.Strings(t, db, `SELECT f.row_no, f.household_id = p.household_id FROM feed_medical f
			LEFT JOIN persons p ON p.id = f.person_id ORDER BY f.row_no`)
		if strings.Join(stamps, ",") != "2 true,3 true,4 <nil>,5 true" && strings.Join(stamps, ",") != "2 1,3 1,4 <nil>,5 1" {
			t.Errorf("households stamped %v", stamps)
		}
		files := testkit.Strings(t, db, "SELECT kind, rows, matched, unmatched FROM feed_files ORDER BY id")
		if strings.Join(files, "|") != "medical 4 3 1|death 1 1 0" {
			t.Errorf("files %v", files)
		}
		if n, err := Unmatched(ctx, db.Reader()); err != nil || n != 1 {
			t.Errorf("unmatched after %d %v", n, err)
		}
		list, total, err := UnmatchedRows(ctx, db.Reader(), res.FileID, 1, 10)
		if err != nil || total != 1 || len(list) != 1 || list[0].RowNo != 4 || list[0].IDMasked != "620321********"+id(3)[14:] {
			t.Errorf("unmatched rows %v %d %v", list, total, err)
		}
	})
}

func TestUnmatchedRowsPagesAndCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var rows []string
		for i := 1; i <= 7; i++ {
			rows = append(rows, id(i)+",2026-01-01")
		}
		res, err := importFile(t, db, Death, testkit.File(t, "d.csv", csvOf("身份证号,死亡日期", rows...)))
		if err != nil {
			t.Fatal(err)
		}
		page, total, err := UnmatchedRows(ctx, db.Reader(), res.FileID, 2, 3)
		if err != nil || total != 7 || len(page) != 3 || page[0].RowNo != 5 || page[2].RowNo != 7 {
			t.Fatalf("page 2: %v %d %v", page, total, err)
		}
		var b bytes.Buffer
		if err := WriteUnmatchedCSV(ctx, db.Reader(), res.FileID, &b); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if len(lines) != 8 || lines[0] != "\uFEFF行号,证件号码,原因" || lines[1] != fmt.Sprintf("2,620321********%s,%s", id(1)[14:], UnmatchedReason) {
			t.Errorf("csv:\n%s", b.String())
		}
		if _, _, err := UnmatchedRows(ctx, db.Reader(), 999, 1, 10); err == nil {
			t.Error("unknown file listed")
		}
	})
}
