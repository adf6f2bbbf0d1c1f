package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/idcard"
	"fangpin/internal/testkit"
)

// TestLabourCommands: rates listed and set, a transfer file rejected with
// its row and column then loaded, a batch written masked and again in full
// (audited), a second batch of the year refused, bad flags usage errors.
func TestLabourCommands(t *testing.T) {
	t.Parallel()
	cli, data := cliIn(t, "脱贫户", "一般农户")
	code, out, errs := cli("labour", "rates", "--set", "省外:陕西省", "--from", "2026-06-01", "--amount", "450")
	if code != 0 || !strings.Contains(out, "2026-06-01\t省外\t陕西\t450") || !strings.Contains(out, "2024-01-01\t市内县外\t\t200") {
		t.Fatalf("rates: %d %s %s", code, out, errs)
	}
	head := "证件号码,年度,去向,省份,务工月数,务工收入（元）\n"
	code, _, errs = cli("labour", "import", write(t, "bad.csv", head+testkit.ID(1)+",2026,省外,,5,100\n"))
	if code != 3 || !strings.Contains(errs, "第2行 D列「省份」") {
		t.Fatalf("bad transfers: %d %s", code, errs)
	}
	if code, _, errs := cli("labour", "import", write(t, "t.csv", head+testkit.ID(1)+",2026,省外,陕西,5,100\n"+
		testkit.ID(3)+",2026,省外,陕西,5,100\n")); code != 0 {
		t.Fatal(errs)
	}
	xlsx := filepath.Join(t.TempDir(), "b.xlsx")
	code, out, errs = cli("labour", "batch", "--region", "620321100201", "--year", "2026", "--on", "2026-06-01", "--out", xlsx)
	if code != 0 || !strings.Contains(out, "批次 1：1 人，450 元") {
		t.Fatalf("batch: %d %s %s", code, out, errs)
	}
	cell := func(axis string) string {
		wb, err := excelize.OpenFile(xlsx)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		v, _ := wb.GetCellValue("发放名单", axis)
		return v
	}
	if got := cell("C3"); got != idcard.Mask(testkit.ID(1)) {
		t.Errorf("masked ID %q", got)
	}
	if code, _, errs := cli("labour", "batch", "--id", "1", "--full", "--out", xlsx); code != 0 || cell("C3") != testkit.ID(1) {
		t.Fatalf("full: %d %s", code, errs)
	}
	if code, _, _ := cli("labour", "batch", "--region", "620321100201", "--year", "2026", "--out", xlsx); code != 1 {
		t.Errorf("second batch: exit %d, want 1", code)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "fangpin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM audit_log WHERE action IN ('labour.rate', 'labour.import', 'labour.batch', 'export.list', 'export.full')
		AND (entity LIKE 'labour%')`).Scan(&n); err != nil || n != 5 {
		t.Errorf("audit entries %d %v", n, err)
	}
	for _, args := range [][]string{
		{"labour"}, {"labour", "nothing"}, {"labour", "import"},
		{"labour", "batch", "--region", "620321100201", "--out", xlsx},
		{"labour", "batch", "--region", "620321100201", "--year", "2026", "--out", "b.csv"},
		{"labour", "rates", "--from", "2026-01-01"},
	} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
