package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
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
	t.Parallel()
	db, data := storetest.MigratedURL(t, "sqlite"), t.TempDir()
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

// TestDataFolderPrivate: the data folder becomes 0700 and the key and the
// database 0600, also when they were made world-readable (issue 15, item 9).
func TestDataFolderPrivate(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	if code, _, errs := fangpin(t, "--data", data, "audit", "verify"); code != 0 {
		t.Fatalf("first run: %d %s", code, errs)
	}
	os.Chmod(data, 0o755)
	os.Chmod(filepath.Join(data, "fangpin.key"), 0o644)
	os.Chmod(filepath.Join(data, "fangpin.db"), 0o644)
	if code, _, errs := fangpin(t, "--data", data, "audit", "verify"); code != 0 {
		t.Fatalf("second run: %d %s", code, errs)
	}
	for name, want := range map[string]os.FileMode{"": 0o700, "fangpin.key": 0o600, "fangpin.db": 0o600} {
		st, err := os.Stat(filepath.Join(data, name))
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%q: %v %v, want %v", name, st.Mode().Perm(), err, want)
		}
	}
}
