package stats

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/village"
)

// villageFixture: A has S1–S3, B has S4 and S6, A2 no household; S4
// moves from B to A on 2026-03-01 (a household imported counts on every
// day before, in the village it had then). Indicator rows: A 2025 (recorded
// 2025-12-01), A and A2 2026 (recorded 2026-01-10), B 2026 (recorded
// 2026-07-10).
func villageFixture(t *testing.T, db *store.DB) {
	t.Helper()
	historyRegionsFixture(t, db)
	importOn(t, db, "2026-01-05", append(sectorsFirst[:len(sectorsFirst):len(sectorsFirst)],
		hhRow{villageB, "S6", "一般农户", members(21), [6]string{}}))
	importOn(t, db, "2026-03-01", []hhRow{{villageA, "S4", "一般农户", members(9, 10), [6]string{}}})
	ctx := context.Background()
	for _, r := range []struct {
		code      string
		year, san int
		at        string
	}{
		{villageA, 2025, 2, "2025-12-01T02:00:00Z"},
		{villageA, 2026, 3, "2026-01-10T02:00:00Z"},
		{villageA2, 2026, 5, "2026-01-10T02:00:00Z"},
		{villageB, 2026, 1, "2026-07-10T02:00:00Z"},
	} {
		i := village.Indicator{Region: r.code, Year: r.year, SanitaryHouseholds: r.san, Cleaners: 1, SewageTreated: r.code == villageA}
		if err := village.Save(ctx, db.Writer(), i, "t", r.at); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVillageSectors: the year of as_of only, rows recorded by as_of, and
// the rate's denominator the villages' registry households on as_of (A2
// has none and adds to neither side).
func TestVillageSectors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		villageFixture(t, db)
		for _, c := range []struct {
			code, day                      string
			villages, sanitary, registered int
			sewage                         int
		}{
			{city, "2025-12-31", 1, 2, 3, 1},     // the 2025 row
			{city, "2026-01-01", 0, 0, 0, 0},     // a new year: the 2025 row no longer counts
			{city, "2026-02-28", 2, 3, 3, 1},     // before S4 moved (a change after as_of)
			{city, "2026-06-30", 2, 3, 4, 1},     // B's row recorded later
			{city, "2026-12-31", 3, 4, 5, 1},     // every row
			{township, "2026-12-31", 2, 3, 4, 1}, // A and A2
		} {
			f := overviewOn(t, db, c.code, c.day).Sectors.Village
			if f.Villages != c.villages || f.SanitaryHouseholds != c.sanitary || f.RegisteredHouseholds != c.registered ||
				f.SewageTreated != c.sewage || f.WithCleaners != c.villages {
				t.Errorf("%s as of %s: %+v", c.code, c.day, f)
			}
			if c.registered > 0 && f.SanitaryRate != float64(c.sanitary)/float64(c.registered) {
				t.Errorf("%s as of %s: rate %v", c.code, c.day, f.SanitaryRate)
			}
			// the table of the page and the command line counts as the overview does
			_, _, tf, err := VillageTable(context.Background(), db.Reader(), store.MustScope(c.code), date(c.day))
			if err != nil || (c.villages > 0 && tf != f) {
				t.Errorf("%s as of %s: table %+v, overview %+v (%v)", c.code, c.day, tf, f, err)
			}
		}
	})
}

// TestScopeVillageSectors: a village's figures count no other village's
// rows or households.
func TestScopeVillageSectors(t *testing.T) {
	db := storetest.SQLite(t)
	villageFixture(t, db)
	f := overviewOn(t, db, villageB, "2026-12-31").Sectors.Village
	if f.Villages != 1 || f.SanitaryHouseholds != 1 || f.RegisteredHouseholds != 1 || f.SewageTreated != 0 {
		t.Errorf("village B: %+v", f)
	}
}
