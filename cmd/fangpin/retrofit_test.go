package main

import (
	"strings"
	"testing"

	"fangpin/internal/testkit"
)

// TestRetrofitCommand: a retrofit file rejected with its row and column
// (exit 3), then loaded; the overview counts the completed retrofit and
// its subsidy; a missing subcommand is a usage error.
func TestRetrofitCommand(t *testing.T) {
	t.Parallel()
	cli, _ := cliIn(t, "脱贫户")
	head := "户主身份证号,改造类型,危房等级,中央补助,省级补助,开工日期,竣工日期\n"
	code, _, errs := cli("retrofit", "import", write(t, "bad.csv", head+testkit.ID(1)+",危房改造,E,1,,2026-03-01,\n"))
	if code != 3 || !strings.Contains(errs, "bad.csv 第2行 C列「危房等级」") {
		t.Fatalf("bad file: %d %s", code, errs)
	}
	code, out, errs := cli("retrofit", "import", write(t, "good.csv", head+testkit.ID(1)+",危房改造,D,10000,1042,2026-03-01,2026-06-30\n"))
	if code != 0 || !strings.Contains(out, "导入完成：1 行") {
		t.Fatalf("good file: %d %s %s", code, out, errs)
	}
	code, out, _ = cli("stats", "--region", "620321100201", "--as-of", "2026-11-28", "--json")
	if code != 0 || !strings.Contains(out, `"retrofits_completed": 1`) || !strings.Contains(out, `"retrofit_subsidy": 1104200`) {
		t.Fatalf("stats: %d %s", code, out)
	}
	if code, _, _ := cli("retrofit"); code != 2 {
		t.Errorf("no subcommand: exit %d", code)
	}
}
