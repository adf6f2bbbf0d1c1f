package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/idcard"
	"fangpin/internal/testkit"
)

// TestReportLedger: the command writes the five ledgers' workbook, masked
// unless --full, audited with its rows; bad flags are usage errors.
func TestReportLedger(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return fangpin(t, append([]string{"--data", data}, args...)...)
	}
	if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatal(errs)
	}
	// H1 under monitoring from March 2026, H2 never
	if code, _, errs := cli("import", "households", write(t, "h.csv", householdsCSV(
		"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,健康,8000,边缘易致贫户,202603",
		"620321100201,H2,脱贫户,乙,"+testkit.ID(3)+",户主,初中,健康,8000,,"))); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "l.xlsx")
	code, stdout, errs := cli("report", "ledger", "--region", "620321000000", "--from", "2026-01-01", "--to", "2026-06-30", "--out", out)
	if code != 0 || !strings.Contains(stdout, "走访台账\t0") || !strings.Contains(stdout, "已写入") {
		t.Fatalf("report ledger: %d %s %s", code, stdout, errs)
	}
	wb, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := strings.Join(wb.GetSheetList(), ","); got != "监测对象台账,帮扶措施台账,走访台账,预警处置台账,自主申报台账" {
		t.Errorf("sheets %s", got)
	}
	rows, _ := wb.GetRows("监测对象台账")
	if len(rows) != 3 || rows[2][0] != "H1" || rows[2][12] != idcard.Mask(testkit.ID(1)) {
		t.Errorf("households %q", rows)
	}
	if title, _ := wb.GetCellValue("走访台账", "A1"); title != "永昌县 走访台账（2026年1月1日至2026年6月30日）" {
		t.Errorf("title %q", title)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "fangpin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var action, detail string
	if err := db.QueryRow("SELECT action, detail FROM audit_log WHERE entity = 'ledger'").Scan(&action, &detail); err != nil ||
		action != "export.list" || !strings.Contains(detail, `"rows":0`) {
		t.Errorf("audit %s %s %v", action, detail, err)
	}
	for _, args := range [][]string{
		{"report", "ledger", "--region", "620321000000", "--from", "2026-01-01", "--to", "2026-06-30"},
		{"report", "ledger", "--region", "620321000000", "--from", "2026-1-1x", "--to", "2026-06-30", "--out", out},
		{"report", "ledger", "--region", "620321000000", "--from", "2026-01-01", "--to", "2026-06-30", "--out", "l.csv"},
		{"report", "nothing"},
	} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := cli("report", "ledger", "--region", "620321100201", "--from", "2026-06-01", "--to", "2026-06-30", "--out", out, "--full"); code != 0 {
		t.Fatal(errs)
	}
	full, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	if id, _ := full.GetCellValue("监测对象台账", "M3"); id != testkit.ID(1) {
		t.Errorf("--full: %q", id)
	}
	if code, _, _ := cli("report", "ledger", "--region", "620321000000", "--from", "2026-07-01", "--to", "2026-06-30", "--out", out); code == 0 {
		t.Errorf("backwards period accepted")
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("the earlier workbook is gone: %v", err)
	}
}
