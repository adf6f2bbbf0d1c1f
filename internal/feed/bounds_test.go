package feed

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestFeedFileBounds: a workbook with a cell that decompresses to
// megabytes is refused before it is read, and nothing is recorded (issue
// 15, item 2).
func TestFeedFileBounds(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("A", 4<<20) +
		`</t></is></c></row></sheetData></worksheet>`))
	zw.Close()
	res, err := importFile(t, db, Death, testkit.File(t, "bomb.xlsx", b.String()))
	if !errors.Is(err, ErrRejected) || res.IssueCount != 1 || !strings.Contains(res.Issues[0].Message, "32767") {
		t.Fatalf("bomb: %v %+v", err, res)
	}
	if n := count(t, db, "feed_files"); n != 0 {
		t.Fatalf("%d files recorded", n)
	}
}

// TestFeedLineEndsAndNoRows: a file with CR-only line ends is read row by
// row; a file without data rows is refused and not recorded, so the real
// file is not taken for a duplicate later (issue 15, item 6).
func TestFeedLineEndsAndNoRows(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	for _, text := range []string{"身份证号,死亡日期\r", "身份证号,死亡日期\r\n\r\n", "\uFEFF身份证号,死亡日期"} {
		res, err := importFile(t, db, Death, testkit.File(t, "empty.csv", text))
		if !errors.Is(err, ErrRejected) || res.IssueCount != 1 || res.Issues[0].Message != "文件中没有数据行" {
			t.Fatalf("%q: %v %+v", text, err, res)
		}
	}
	if n := count(t, db, "feed_files"); n != 0 {
		t.Fatalf("%d files recorded", n)
	}
	res, err := importFile(t, db, Death, testkit.File(t, "cr.csv", "身份证号,死亡日期\r"+id(1)+",2026-01-01\r"+id(2)+",2026-01-02\r"))
	if err != nil || res.Rows != 2 {
		t.Fatalf("CR-only: %v %+v", err, res)
	}
}
