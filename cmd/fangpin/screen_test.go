package main

import (
	"encoding/json"
	"strings"
	"testing"

	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScreen: fangpin screen prints the result of docs/cli.md (screen) with --json
// and a table without it, and a second run creates no warning.
func TestScreen(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.MigratedURL(t, kind)
			data := t.TempDir()
			cli := func(args ...string) (int, string, string) {
				return fangpin(t, append([]string{"--db", db, "--data", data}, args...)...)
			}
			if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
				t.Fatalf("import regions: %d %s", code, errs)
			}
			households := write(t, "h.csv", householdsCSV(
				"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,健康,5000,,",
				"620321100201,H2,一般农户,丙,"+testkit.ID(3)+",户主,初中,健康,15000,,"))
			if code, out, errs := cli("import", "households", households, "--income-year", "2025"); code != 0 {
				t.Fatalf("import households: %d %s %s", code, out, errs)
			}
			for run, want := range []int{1, 0} {
				code, out, errs := cli("screen", "--as-of", "2026-11-28", "--json")
				if code != 0 {
					t.Fatalf("screen: %d %s", code, errs)
				}
				var res struct {
					AsOf  string `json:"as_of"`
					Rules map[string]struct {
						Households  *int `json:"households"`
						NewWarnings *int `json:"new_warnings"`
					} `json:"rules"`
					Unmatched *int `json:"unmatched_rows"`
				}
				if err := json.Unmarshal([]byte(out), &res); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out)
				}
				below := res.Rules["income_below_range"]
				if res.AsOf != "2026-11-28" || len(res.Rules) != 9 || res.Unmatched == nil || *res.Unmatched != 0 ||
					below.Households == nil || *below.Households != 1 || *below.NewWarnings != want {
					t.Fatalf("run %d: %s", run+1, out)
				}
			}
			code, out, _ := cli("screen", "--as-of", "2026-11-28")
			if code != 0 || !strings.Contains(out, "预警筛查（截至 2026-11-28）") || !strings.Contains(out, "income_below_range") ||
				!strings.Contains(out, "收入低于监测范围") {
				t.Fatalf("table: %d\n%s", code, out)
			}
			if code, _, _ := cli("screen", "--as-of", "2026-02-30"); code != 2 {
				t.Errorf("bad date gave %d", code)
			}
			if code, _, _ := cli("screen", "extra"); code != 2 {
				t.Errorf("positional argument gave %d", code)
			}
		})
	}
}
