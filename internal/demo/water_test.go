package demo

import (
	"io"
	"strings"
	"testing"
)

// TestWaterCSV: one scheme row per village, the township's scheme shared,
// samples all 合格 up to AsOf (the last of the year before included),
// problems resolved by AsOf; the same bytes every run.
func TestWaterCSV(t *testing.T) {
	cfg := testConfig(1, 1)
	var vs []WaterVillage
	for i, c := range []string{"620321100201", "620321100202", "620321100203", "620321100204", "620321100205", "620321101201"} {
		vs = append(vs, WaterVillage{Code: c, Name: "村" + c[9:], Township: c[:9] + "000", TownshipName: "镇" + c[6:9], Households: 10 + i})
	}
	a, sum := csvFiles(t, func(out func(string) (io.Writer, error)) (WaterSummary, error) { return WaterCSV(cfg, vs, out) })
	if sum["schemes"] != 6 || sum["samples"] != 3*4 || sum["problems"] != len(waterProblems) {
		t.Errorf("summary %v", sum)
	}
	schemes := a["schemes"].String()
	for _, want := range []string{"JS620321100,镇100集中供水工程,集中供水,620321100201,10", "FS620321100205,村205分散供水工程,分散供水,620321100205,14",
		"JS620321101,镇101集中供水工程,集中供水,620321101201,15"} {
		if !strings.Contains(schemes, want) {
			t.Errorf("schemes lack %q:\n%s", want, schemes)
		}
	}
	samples := a["samples"].String()
	if strings.Contains(samples, "不合格") || !strings.Contains(samples, "2025-12-10") || strings.Contains(samples, "2026-12-10") {
		t.Errorf("samples:\n%s", samples)
	}
	for _, line := range strings.Split(strings.TrimSpace(a["problems"].String()), "\n")[1:] {
		f := strings.Split(line, ",")
		if f[4] < f[3] || f[4] > "2026-11-28" {
			t.Errorf("problem not resolved by AsOf: %s", line)
		}
	}
}
