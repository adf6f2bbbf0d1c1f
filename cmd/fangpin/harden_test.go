package main

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// bombXLSX is a workbook of 8 KB whose one cell decompresses to 8 MB.
func bombXLSX(t *testing.T) string {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` +
			strings.Repeat("户", 3<<20) + `</t></is></c></row></sheetData></worksheet>`,
	}
	for name, text := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(text))
	}
	zw.Close()
	return write(t, "bomb.xlsx", b.String())
}

// TestImportHouseholdsBounded: a crafted workbook and a file of many bad
// rows are refused with exit code 3 and a bounded list of problems (issue
// 15, item 2); so are files that are no table (item 9).
func TestImportHouseholdsBounded(t *testing.T) {
	db, data := storetest.URL(t, "sqlite"), t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return fangpin(t, append([]string{"--db", db, "--data", data}, args...)...)
	}
	if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatalf("import regions: %d %s", code, errs)
	}
	rows := make([]string, 3000)
	for i := range rows {
		rows[i] = "620321100201,H1,脱贫户,甲,123,户主,博士,健康,-1,,"
	}
	code, _, errs := cli("import", "households", write(t, "bad.csv", householdsCSV(rows...)))
	if lines := strings.Count(errs, "\n"); code != 3 || lines > 1003 || !strings.Contains(errs, "另有") {
		t.Fatalf("many bad rows: exit %d, %d lines", code, lines)
	}
	for name, file := range map[string]string{
		"bomb":  bombXLSX(t),
		"empty": write(t, "empty.csv", ""),
		"cut":   write(t, "cut.xlsx", "PK\x03\x04\x14\x00\x00\x00\x08\x00"),
	} {
		if code, _, errs := cli("import", "households", file); code != 3 {
			t.Errorf("%s: exit %d %s", name, code, errs)
		}
	}
}
