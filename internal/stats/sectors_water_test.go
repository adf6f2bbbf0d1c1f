package stats

import (
	"context"
	"fmt"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// followupFixture adds 控辍保学 follow-ups to the sectors scenario: 11 (a
// dropout) opened on 2026-06-30, 13 (a dropout from 2026-06-01) opened
// after, 15 (back at school) returned on 2026-06-30, 17 (a dropout) opened
// in January and returned after, 9 (village B) returned in March.
func followupFixture(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, f := range []struct {
		n               int
		opened, outcome string
		on              any
	}{
		{11, "2026-06-30", "", nil},
		{13, "2026-07-01", "", nil},
		{15, "2026-05-02", "返校", "2026-06-30"},
		{17, "2026-01-10", "返校", "2026-07-01"},
		{9, "2026-02-01", "返校", "2026-03-01"},
	} {
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO dropout_followups (person_id, household_id, county, region_code,
			responsible, opened_on, outcome, outcome_on, created_by, created_at, updated_by, updated_at)
			SELECT p.id, p.household_id, p.county, p.region_code, '王老师', ?, ?, ?, 't', '2026-01-01T00:00:00Z', 't', '2026-01-01T00:00:00Z'
			FROM persons p WHERE p.name = ?`, f.opened, f.outcome, f.on, fmt.Sprintf("人%d", f.n)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScopeSectorsFollowups checks dropouts_followed and dropouts_returned at
// their edges: opened on as_of counts, returned on as_of counts, a day later
// does not; each region counts its own members only.
func TestScopeSectorsFollowups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		followupFixture(t, db)
		for _, c := range []struct {
			code, day string
			want      [3]int
		}{
			// dropouts, followed, returned
			{villageA, "2026-06-30", [3]int{3, 2, 1}},
			{villageA, "2026-06-29", [3]int{3, 1, 0}},
			// 12 turns 6 and 16 drops out, 13 turns 16 the day their follow-up opens; 17 returned
			// though its feed row still says 辍学
			{villageA, "2026-07-01", [3]int{4, 2, 2}},
			{villageB, "2026-06-30", [3]int{0, 0, 1}},
			{villageB, "2026-02-28", [3]int{0, 0, 0}},
			{city, "2026-06-30", [3]int{3, 2, 2}},
		} {
			e := overviewOn(t, db, c.code, c.day).Sectors.Education
			if got := [3]int{e.DropoutsCompulsory, e.DropoutsFollowed, e.DropoutsReturned}; got != c.want {
				t.Errorf("%s as of %s: dropouts, followed, returned = %v, want %v", c.code, c.day, got, c.want)
			}
		}
	})
}

// waterFixture adds to the sectors scenario a scheme serving village A (30
// households) with a sample and a problem open on 2026-06-30.
func waterFixture(t *testing.T, db *store.DB) {
	t.Helper()
	for _, q := range []string{
		`INSERT INTO water_schemes (id, code, name, kind, created_by, created_at, updated_at) VALUES (1, 'W1', '水厂', '集中供水', 't', '', '')`,
		`INSERT INTO water_scheme_villages (scheme_id, region_code, households) VALUES (1, '` + villageA + `', 30)`,
		`INSERT INTO water_samples (scheme_id, day, result, item, created_at) VALUES (1, '2026-01-01', '合格', '', '')`,
		`INSERT INTO water_problems (scheme_id, source, description, reported_on, reported_by, created_at)
			VALUES (1, '走访', '停水', '2026-06-30', 't', '')`,
	} {
		if _, err := db.Writer().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScopeSectorsWater: the water part of the block is the region's
// (package water tests the definitions at their edges).
func TestScopeSectorsWater(t *testing.T) {
	db := storetest.SQLite(t)
	sectorFixture(t, db)
	waterFixture(t, db)
	for code, want := range map[string][5]int{villageA: {1, 1, 1, 1, 30}, villageB: {}} {
		w := overviewOn(t, db, code, "2026-06-30").Sectors.Water
		if got := [5]int{w.Schemes, w.Samples, w.SamplesQualified, w.OpenProblems, w.HouseholdsAffected}; got != want {
			t.Errorf("%s: water %v, want %v", code, got, want)
		}
	}
}
