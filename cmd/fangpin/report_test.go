package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/testkit"
)

func TestReportTables(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return fangpin(t, append([]string{"--data", data}, args...)...)
	}
	if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatal(errs)
	}
	good := write(t, "good.csv", householdsCSV(
		"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,长期慢性病,8000,脱贫不稳定户,202603",
		"620321100201,H2,一般农户,丙,"+testkit.ID(3)+",户主,初中,健康,,,"))
	if code, _, errs := cli("import", "households", good); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "t.xlsx")
	code, stdout, errs := cli("report", "tables", "--region", "620300000000", "--as-of", "2026-11-28", "--out", out)
	if code != 0 || !strings.Contains(stdout, "农户名单 2 户") {
		t.Fatalf("report tables: %d %s %s", code, stdout, errs)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Fatalf("workbook: %v", err)
	}
	if code, _, _ := cli("report", "tables", "--out", "x.csv"); code != 2 {
		t.Errorf("--out x.csv gave %d", code)
	}
	if code, _, _ := cli("report", "tables", "--region", "629900000000", "--out", out); code != 1 {
		t.Errorf("unknown region gave %d", code)
	}
	if code, stdout, _ := cli("audit", "verify"); code != 0 || !strings.Contains(stdout, "3 条") {
		t.Errorf("audit verify: %s", stdout)
	}
}
