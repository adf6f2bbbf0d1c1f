package main

import (
	"encoding/json"
	"strings"
	"testing"

	"fangpin/internal/testkit"
)

// TestRegionHistoryCommands: import regions --effective keeps the old name
// for the days before it, and region merge --on moves a village's
// households from that day, audited; stats --as-of shows both.
func TestRegionHistoryCommands(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return fangpin(t, append([]string{"--data", data}, args...)...)
	}
	regions := testkit.RegionsCSV
	if code, _, errs := cli("import", "regions", write(t, "r.csv", regions)); code != 0 {
		t.Fatal(errs)
	}
	hh := write(t, "h.csv", householdsCSV(
		"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,健康,8000,,",
		"620321100202,H2,一般农户,乙,"+testkit.ID(2)+",户主,初中,健康,,,"))
	if code, _, errs := cli("import", "households", hh); code != 0 {
		t.Fatal(errs)
	}
	renamed := strings.Replace(regions, "北海子村", "北海子新村", 1)
	code, out, errs := cli("import", "regions", write(t, "r2.csv", renamed), "--effective", "2026-04-01")
	if code != 0 || !strings.Contains(out, "更名 1") {
		t.Fatalf("rename: %d %s %s", code, out, errs)
	}
	if code, _, errs := cli("import", "regions", write(t, "r3.csv", regions), "--effective", "2026-13-01"); code != 2 {
		t.Fatalf("bad --effective: %d %s", code, errs)
	}
	if code, out, errs := cli("region", "merge", "620321100202", "620321100201", "--on", "2026-05-01"); code != 0 ||
		!strings.Contains(out, "迁移 1 户 1 人") {
		t.Fatalf("merge: %d %s %s", code, out, errs)
	}
	if code, _, errs := cli("region", "merge", "620321100202", "620321100201"); code != 1 || !strings.Contains(errs, "已于2026-05-01并入") {
		t.Fatalf("second merge: %d %s", code, errs)
	}
	if code, _, _ := cli("region", "merge", "620321100202"); code != 2 {
		t.Fatalf("merge without NEW: %d", code)
	}
	overview := func(region, day string) (name string, households int) {
		code, out, errs := cli("stats", "--region", region, "--as-of", day, "--json")
		if code != 0 {
			t.Fatalf("stats %s %s: %d %s", region, day, code, errs)
		}
		var o struct {
			Region     struct{ Name string }
			Households struct{ Total int }
		}
		if err := json.Unmarshal([]byte(out), &o); err != nil {
			t.Fatal(err)
		}
		return o.Region.Name, o.Households.Total
	}
	for _, c := range []struct {
		region, day, name string
		households        int
	}{
		{"620321100201", "2026-03-31", "北海子村", 1},
		{"620321100201", "2026-04-30", "北海子新村", 1},
		{"620321100201", "2026-05-01", "北海子新村", 2},
		{"620321100202", "2026-04-30", "金川西村", 1},
		{"620321100202", "2026-05-01", "金川西村", 0},
	} {
		if name, n := overview(c.region, c.day); name != c.name || n != c.households {
			t.Errorf("%s as of %s: %s %d, want %s %d", c.region, c.day, name, n, c.name, c.households)
		}
	}
	if code, out, _ := cli("audit", "verify"); code != 0 || !strings.Contains(out, "4 条") {
		t.Errorf("audit: %d %s", code, out)
	}
}
