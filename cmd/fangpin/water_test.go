package main

import (
	"strings"
	"testing"
)

// TestWaterCommands: a scheme file rejected with its row and column (exit
// 3), then schemes, samples and problems loaded and listed; usage errors.
func TestWaterCommands(t *testing.T) {
	t.Parallel()
	cli, _ := cliIn(t)
	head := "工程编号,工程名称,供水方式,行政区划代码,受益户数\n"
	code, _, errs := cli("water", "import", "--kind", "schemes", write(t, "bad.csv", head+"W1,水厂,管网,620321100201,30\n"))
	if code != 3 || !strings.Contains(errs, "第2行 C列「供水方式」") {
		t.Fatalf("bad schemes: %d %s", code, errs)
	}
	steps := [][]string{
		{"schemes", head + "W1,水厂,集中供水,620321100201,30\nW1,水厂,集中供水,620321100202,12\n"},
		{"samples", "工程编号,检测日期,检测结果\nW1,2026-01-01,合格\n"},
		{"problems", "工程编号,来源,问题描述,发现日期\nW1,走访,停水,2026-02-01\n"},
	}
	for _, s := range steps {
		if code, out, errs := cli("water", "import", "--kind", s[0], write(t, s[0]+".csv", s[1])); code != 0 || !strings.Contains(out, "导入完成：") {
			t.Fatalf("%s: %d %s %s", s[0], code, out, errs)
		}
	}
	code, out, errs := cli("water", "list", "--region", "620321100201", "--as-of", "2026-03-01")
	if code != 0 || !strings.Contains(out, "供水工程 1 处，本年抽检水样 1 份（合格 1 份），未解决问题 1 个，涉及 30 户") ||
		!strings.Contains(out, "W1\t水厂\t集中供水\t620321100201:30户\t未解决问题 1\t最近抽检 2026-01-01 合格") ||
		!strings.Contains(out, "停水") {
		t.Fatalf("list: %d %s %s", code, out, errs)
	}
	for _, args := range [][]string{{"water"}, {"water", "import", "x.csv"}, {"water", "pipes"}, {"water", "list", "x"}} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
