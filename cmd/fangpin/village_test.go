package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/village"
)

// TestVillageCommands: a file rejected with its row and column, then
// loaded; the list as text and as a workbook (audited); bad flags.
func TestVillageCommands(t *testing.T) {
	t.Parallel()
	cli, data := cliIn(t, "脱贫户", "一般农户")
	head := strings.Join(village.Header(), ",") + "\n"
	code, _, errs := cli("village", "import", write(t, "bad.csv", head+"620321100201,2026,是,国家级,,1,1,1,1,1,是,是,是,是,\n"))
	if code != 3 || !strings.Contains(errs, "第2行 D列「示范村级别」") {
		t.Fatalf("bad file: %d %s", code, errs)
	}
	if code, out, errs := cli("village", "import", write(t, "v.csv", head+"620321100201,2026,是,省级,2025,3,3,1,2,1,是,是,是,是,文明村\n"+
		"620321100202,2026,否,,,0,0,0,0,0,否,否,否,否,\n")); code != 0 || !strings.Contains(out, "2 行") {
		t.Fatal(out, errs)
	}
	code, out, errs := cli("village", "list", "--region", "620321000000", "--year", "2026")
	if code != 0 || !strings.Contains(out, "620321100201\t北海子村\t规划是\t省级\t改厕3/3\t卫生厕所1/2") ||
		!strings.Contains(out, "2个村，完成村庄规划1个，省级示范村1个") {
		t.Fatalf("list: %d %s %s", code, out, errs)
	}
	xlsx := filepath.Join(t.TempDir(), "v.xlsx")
	if code, _, errs := cli("village", "list", "--year", "2026", "--out", xlsx); code != 0 {
		t.Fatal(errs)
	}
	wb, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if v, _ := wb.GetCellValue("2026年度", "C3"); v != "北海子村" {
		t.Errorf("C3 = %q", v)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "fangpin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM audit_log WHERE action IN ('village.import', 'export.list')
		AND entity = 'village_indicators'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("audit entries %d %v", n, err)
	}
	for _, args := range [][]string{{"village"}, {"village", "x"}, {"village", "import"}, {"village", "list", "--out", "a.csv"}} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
