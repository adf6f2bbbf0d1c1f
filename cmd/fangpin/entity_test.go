package main

import (
	"strings"
	"testing"
)

// TestEntityCommands: an entity file rejected with its row and column, the
// files loaded in order, the list, bad flags usage errors.
func TestEntityCommands(t *testing.T) {
	t.Parallel()
	cli, _ := cliIn(t, "脱贫户")
	head := "主体名称,主体类型,所在县区代码,联农带农方式\n"
	code, _, errs := cli("entity", "import", "--kind", "entities", write(t, "bad.csv", head+"某社,合作社,620321000000,土地流转\n"))
	if code != 3 || !strings.Contains(errs, "bad.csv 第2行 B列「主体类型」") {
		t.Fatalf("bad file: %d %s", code, errs)
	}
	for _, f := range [][2]string{
		{"entities", head + "某社,农民合作社,620321000000,土地流转\n"},
		{"links", "主体名称,户编号,联结方式\n某社,H1,雇工\n"},
	} {
		if code, _, errs := cli("entity", "import", "--kind", f[0], write(t, f[0]+".csv", f[1])); code != 0 {
			t.Fatal(f[0], errs)
		}
	}
	code, out, errs := cli("entity", "list", "--region", "620321100201", "--weak")
	if code != 0 || !strings.Contains(out, "某社\t农民合作社\t\t620321000000\t土地流转\t1\t0\t0\t0") {
		t.Fatalf("list: %d %q %s", code, out, errs)
	}
	for _, args := range [][]string{{"entity"}, {"entity", "nothing"}, {"entity", "import", "x.csv"},
		{"entity", "list", "--kind", "公司"}, {"entity", "list", "--as-of", "2026"}} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}
