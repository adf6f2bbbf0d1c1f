package feed

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"fangpin/internal/store/storetest"
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
	res, err := importFile(t, db, Death, writeFile(t, "bomb.xlsx", b.String()))
	if !errors.Is(err, ErrRejected) || res.IssueCount != 1 || !strings.Contains(res.Issues[0].Message, "32767") {
		t.Fatalf("bomb: %v %+v", err, res)
	}
	if n := count(t, db, "feed_files"); n != 0 {
		t.Fatalf("%d files recorded", n)
	}
}
