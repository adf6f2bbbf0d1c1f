package report

import (
	"context"
	"maps"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The TestScope* tests are what the store's mutant test runs with one scope
// filter dropped at a time: each scoped function's filter must be caught by
// one of them.

// TestScopeDashboardOfOneCounty: 永昌县's dashboard counts its own
// self-report case and open warning and none of 金川区's, which has one of
// each on the same days.
func TestScopeDashboardOfOneCounty(t *testing.T) {
	db := storetest.SQLite(t)
	fixture(t, db)
	id3 := householdID(t, db, "H3") // village B, 金川区
	execSQL(t, db, `INSERT INTO cases (id, region_code, household_id, county, head_name, source, state, opened_at, updated_at)
		VALUES (901, ?, ?, (SELECT county FROM households WHERE id = ?), '人H30', 'self_report', 'verified', ?, ?)`, testkit.VillageLJ, id3, id3, stamp("2026-02-01"), store.Now())
	for _, e := range [][2]string{{"2026-02-01", "reported"}, {"2026-02-03", "accepted"}, {"2026-02-10", "verified"}} {
		execSQL(t, db, `INSERT INTO case_events (case_id, county, region_code, at, action, to_state)
			VALUES (901, (SELECT county FROM cases WHERE id = 901), ?, ?, 'x', ?)`,
			testkit.VillageLJ, stamp(e[0]), e[1])
	}
	execSQL(t, db, `INSERT INTO warnings (household_id, county, region_code, rule, period, status, as_of, threshold, figures,
		evidence, created_at) VALUES (?, (SELECT county FROM households WHERE id = ?), ?, 'income_below_range', '2026', 'open', '2026-02-01', '', '', '', ?)`,
		id3, id3, testkit.VillageLJ, stamp("2026-02-01"))

	ctx := context.Background()
	day, _ := civil.ParseISO("2026-03-01")
	f, err := Dashboard(ctx, db, store.MustScope(testkit.County), testkit.County, day)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Funnel{Reported: 1, Accepted: 1, Verified: 1}); f.SelfReports != want {
		t.Errorf("funnel %+v, want %+v (village A2's case only)", f.SelfReports, want)
	}
	for _, w := range f.OpenWarnings {
		if want := map[string]int{"income_below_range": 1}[w.Name]; w.Households != want {
			t.Errorf("open warnings %s: %d, want %d (village A's only)", w.Name, w.Households, want)
		}
	}
	// The dashboard keeps only its children's villages, so the count by
	// village is checked on its own.
	byVillage, err := selfReportsByVillage(ctx, db.Reader(), store.MustScope(testkit.County), day)
	if want := map[string]int{testkit.VillageB: 1}; err != nil || !maps.Equal(byVillage, want) {
		t.Errorf("self-reports by village %v, want %v, %v", byVillage, want, err)
	}
	// The incomes read ahead for the bands: the county's monitored
	// households (H4 with its income), never 金川区's H3 (monitored, no
	// income). The bands only look up their own households, so this too is
	// checked on its own.
	in, err := readIncomes(ctx, db.Reader(), store.MustScope(testkit.County), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if id4 := householdID(t, db, "H4"); !in.seen[id4] || in.latest[id4].fen == 0 {
		t.Errorf("the county's H4 not read: %+v", in)
	}
	if in.seen[id3] {
		t.Errorf("金川区's H3 read in 永昌县's scope: %+v", in)
	}
}
