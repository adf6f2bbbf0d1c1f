package main

import (
	"strings"
	"testing"
)

// TestProjectCommands: a project file rejected with its row and column, then
// loaded with its beneficiaries and output, listed by filter; bad flags are
// usage errors.
func TestProjectCommands(t *testing.T) {
	t.Parallel()
	cli, _ := cliIn(t, "脱贫户")
	head := "项目编号,项目名称,年度,县（区）代码,村代码,项目类型,产业链,中央衔接资金（元）,计划投资（元）,项目状态\n"
	code, _, errs := cli("project", "import", "--kind", "projects", write(t, "bad.csv", head+"P1,肉牛,2026,620321000000,620321100201,产业发展,茶,1,10,实施中\n"))
	if code != 3 || !strings.Contains(errs, "第2行 G列「产业链」") {
		t.Fatalf("bad file: %d %s", code, errs)
	}
	for _, f := range [][2]string{
		{"projects", head + "P1,肉牛,2026,620321000000,620321100201,产业发展,畜,1,10,实施中\nP2,道路,2026,620321000000,,基础设施,,5,5,已完工\n"},
		{"beneficiaries", "项目编号,户编号\nP1,H1\n"},
		{"output", "产业链,县（区）代码,年度,产值（元）\n畜,620321000000,2026,100\n"},
	} {
		kind, body := f[0], f[1]
		if code, _, errs := cli("project", "import", "--kind", kind, write(t, kind+".csv", body)); code != 0 {
			t.Fatal(kind, errs)
		}
	}
	code, out, errs := cli("project", "list", "--region", "620321100201", "--chain", "畜")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 ||
		lines[1] != "P1\t2026\t肉牛\t产业发展\t畜\t620321100201\t10\t0\t1\t实施中\t1" {
		t.Fatalf("list: %d %q %s", code, out, errs)
	}
	if code, out, errs := cli("project", "chains", "--set", "菜、畜,果"); code != 0 || out != "产业链：菜、畜、果（设置 project.chains）\n" {
		t.Fatalf("chains: %d %q %s", code, out, errs)
	}
	if code, _, errs := cli("project", "chains", "--set", "菜,菜"); code != 1 || !strings.Contains(errs, "产业链 菜 重复") {
		t.Errorf("a chain twice: %d %s", code, errs)
	}
	for _, args := range [][]string{{"project"}, {"project", "chains", "x"}, {"project", "nothing"}, {"project", "import", "x.csv"},
		{"project", "import", "--kind", "people", "x.csv"}, {"project", "list", "x"}} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
