package visit_test

import (
	"context"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/demo/demotest"
	"fangpin/internal/demo/lifecycle"
	"fangpin/internal/incomeline"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
	"fangpin/internal/visit"
)

// asOf is the demo's today: 28 November 2026, China.
var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, civil.Zone)

// workedCity imports the demo city (金昌市) and works it with
// lifecycle.Run the way `fangpin demo` does: department feeds, warnings,
// plans and visits.
func workedCity(tb testing.TB, db *store.DB) {
	tb.Helper()
	ctx := context.Background()
	cfg := demo.Config{Seed: 1, Scale: 1, Year: 2026, AsOf: asOf}
	keys := testkit.Keys(tb)
	demotest.City(tb, db, keys, cfg)
	if _, err := lifecycle.RunWork(ctx, db, keys, cfg, tb.TempDir()); err != nil {
		tb.Fatal(err)
	}
}

// largestVillage is the village of the most households, and their number.
func largestVillage(tb testing.TB, db *store.DB) (string, int) {
	tb.Helper()
	var code string
	var n int
	err := db.Reader().QueryRowContext(context.Background(), `SELECT region_code, count(*) FROM households
		GROUP BY region_code ORDER BY count(*) DESC, region_code LIMIT 1`).Scan(&code, &n)
	if err != nil {
		tb.Fatal(err)
	}
	return code, n
}

// TestMustVisitMatchesReference computes the whole list of the worked demo
// city (feeds, warnings and visits loaded) and of regions in it with
// MustVisit and with the reference (one SQL statement per group and
// setting, as first written): first with the default settings, then with
// settings that differ by county, township and village, some windows
// wider and some narrower than the default, a group turned off, the
// monitored group on, a village asking for no pupil at all, and a
// township's own income line.
func TestMustVisitMatchesReference(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and works the whole demo city")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		workedCity(t, db)
		village, _ := largestVillage(t, db)
		township, county := village[:9]+"000", village[:6]+"000000"
		var other string // a village of another county
		err := db.Reader().QueryRowContext(ctx, `SELECT min(region_code) FROM households WHERE region_code < ? OR region_code >= ?`,
			village[:6], village[:6]+"~").Scan(&other)
		if err != nil {
			t.Fatal(err)
		}
		scopes := []store.Scope{store.ScopeAll(), store.MustScope(demo.CityCode), store.MustScope(county),
			store.MustScope(other[:6] + "000000"), store.MustScope(township), store.MustScope(village), store.MustScope(other)}
		compare := func(stage string) {
			t.Helper()
			for _, s := range scopes {
				n, diff, err := visit.CompareWithReference(ctx, db.Reader(), s, asOf)
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 || diff != "" {
					t.Errorf("%s, %v: %d entries\n%s", stage, s, n, diff)
				}
			}
		}
		compare("defaults")
		set := func(region, code string, enabled bool, interval int, params map[string]int) {
			t.Helper()
			g := visit.Group{Code: code, Label: "设置" + code, Enabled: enabled, IntervalDays: interval, Params: params}
			if err := visit.SetGroup(ctx, db.Writer(), region, g, "test"); err != nil {
				t.Fatal(err)
			}
		}
		set(county, visit.GroupMigrant, true, 60, map[string]int{"min_months": 2, "max_months": 8, "recent_months": 3})
		set(county, visit.GroupEvent, true, 90, map[string]int{"recent_months": 30})
		set(county, visit.GroupDisability, true, 90, map[string]int{"max_grade": 1, "recent_months": 36})
		set(township, visit.GroupLowIncome, true, 45, map[string]int{"line_pct": 150, "drop_pct": 30})
		set(township, visit.GroupDibao, false, 90, nil)
		set(township, visit.GroupDisability, true, 90, map[string]int{"max_grade": 3})
		set(village, visit.GroupSchooling, true, 30, map[string]int{"min_children": 0})
		set(village, visit.GroupMonitored, true, 20, nil)
		set(other, visit.GroupMigrant, true, 90, map[string]int{"min_months": 0, "max_months": 12, "recent_months": 1})
		set(other, visit.GroupLowIncome, true, 90, map[string]int{"line_pct": 100, "drop_pct": 0})
		if err := incomeline.Set(ctx, db.Writer(), township, 2025, 900000, "test"); err != nil {
			t.Fatal(err)
		}
		compare("settings by region")
	})
}
