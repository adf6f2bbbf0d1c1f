package stats

import (
	"context"
	"fmt"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// coverFixture adds to the sectors scenario (sectorFixture) the rows of the
// insurance, family-doctor, retrofit and priority-group figures.
func coverFixture(t *testing.T, db *store.DB) {
	t.Helper()
	sectorFixture(t, db)
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Writer().ExecContext(ctx, q, args...); err != nil {
			t.Fatal(q, err)
		}
	}
	id := func(q string, arg any) int64 {
		t.Helper()
		var id int64
		if err := db.Reader().QueryRowContext(ctx, q, arg).Scan(&id); err != nil {
			t.Fatal(q, arg, err)
		}
		return id
	}
	pid := func(n int) int64 { return id("SELECT id FROM persons WHERE name = ?", fmt.Sprintf("人%d", n)) }
	hid := func(code string) int64 { return id("SELECT id FROM households WHERE code = ?", code) }
	row := 1000
	ins := func(n, year, day int, subsidy int64) {
		row++
		exec(`INSERT INTO feed_insurance (file_id, row_no, person_id, id_idx, id_masked, year, category, contrib_fen, subsidy_fen, day)
			VALUES (10, ?, ?, '', '', ?, '城乡居民基本医保', 40000, ?, ?)`, row, pid(n), year, subsidy, day)
	}
	ins(1, 2026, 20251020, 100) // replaced by the later row of the year
	ins(1, 2026, 20251101, 150)
	ins(2, 2025, 20241001, 999) // last year's insurance only
	ins(3, 2026, 20251201, 30)  // 3 left H1 on 2026-03-01
	ins(4, 2026, 20260630, 280) // enrolled on as_of
	ins(5, 2026, 20260701, 500) // after as_of
	ins(6, 2026, 20251201, 50)  // not low-income
	ins(7, 2026, 20260101, 400) // 低保 ending on as_of
	ins(9, 2026, 20251201, 70)  // village B, 特困 分散供养
	doc := func(n, signed int, end any) {
		row++
		exec(`INSERT INTO feed_doctor (file_id, row_no, person_id, id_idx, id_masked, signed, team, end_day)
			VALUES (11, ?, ?, '', '', ?, '一团队', ?)`, row, pid(n), signed, end)
	}
	doc(2, 20260105, 20260630) // H1: ends on as_of, counts
	doc(5, 20250101, 20260629) // H2: ended the day before
	doc(4, 20260701, nil)      // H2: signed after as_of
	doc(6, 20260101, nil)      // H3 is neither 脱贫户 nor monitored
	civ := func(n int, typ string, start int, end any, mode string) {
		row++
		exec(`INSERT INTO feed_civil (file_id, row_no, person_id, id_idx, id_masked, aid_type, amount_fen, start_day, end_day, support)
			VALUES (12, ?, ?, '', '', ?, 100, ?, ?, ?)`, row, pid(n), typ, start, end, mode)
	}
	civ(5, "低保", 20250101, nil, "")          // H2 is monitored first
	civ(9, "特困", 20250101, 20260228, "集中供养") // H4: 特困 before 分散供养特困 while both cover the day
	civ(9, "特困", 20260201, nil, "分散供养")
	house := func(n, day int, grade string) {
		row++
		exec(`INSERT INTO feed_housing (file_id, row_no, person_id, id_idx, id_masked, grade, assessed) VALUES (13, ?, ?, '', '', ?, ?)`,
			row, pid(n), grade, day)
	}
	house(4, 20260115, "C") // H2
	house(9, 20260201, "B") // H4
	rec := func(code, started string, completed any, central, other int64) {
		exec(`INSERT INTO retrofits (household_id, county, region_code, kind, level, central_fen, other_fen, started, completed,
			created_by, created_at, updated_by, updated_at) VALUES (?, (SELECT county FROM households WHERE id = ?), '', '危房改造', 'D', ?, ?, ?, ?, 't', 't', 't', 't')`,
			hid(code), hid(code), central, other, started, completed)
	}
	rec("S3", "2025-06-01", "2026-01-01", 100, 200) // 1 January: counts
	rec("S3", "2025-03-01", "2025-12-31", 5000, 0)  // last year
	rec("S1", "2026-03-01", "2026-06-30", 1000, 0)  // on as_of: counts
	rec("S2", "2026-02-01", "2026-03-01", 10, 0)    // after H2's C rating: H2 safe from then on
	rec("S2", "2026-05-01", nil, 7777, 0)           // not completed
	rec("S4", "2026-05-01", "2026-07-01", 1, 0)     // after as_of
}

// coverFigures flattens the new figures for comparison: low-income persons,
// insured, subsidy; doctor households, of; retrofits completed, subsidy,
// unsafe; groups 脱贫户, 监测, 低保, 特困, 分散供养特困, 其他.
func coverFigures(s *Sectors) [14]int64 {
	m, h, g := s.Medical, s.Housing, s.Housing.PriorityGroups
	return [14]int64{int64(m.LowIncomePersons), int64(m.LowIncomeInsured), m.PremiumSubsidy,
		int64(m.DoctorHouseholds), int64(m.DoctorHouseholdsTotal), int64(h.RetrofitsCompleted), h.RetrofitSubsidy, int64(h.Unsafe),
		int64(g.FormerlyPoor), int64(g.Monitored), int64(g.Dibao), int64(g.Tekun), int64(g.TekunDispersed), int64(g.Other)}
}

var coverCases = []struct {
	code, day string
	want      [14]int64
}{
	// low, insured, subsidy; doctor, of; retrofits, subsidy, unsafe; groups
	{villageA, "2026-06-30", [14]int64{12, 3, 830, 1, 2, 3, 1310, 0, 1, 1, 1, 0, 0, 0}},
	// 3 still in H1, 8's 特困 and H2's contract cover the day, 4's
	// enrolment lies ahead; H3's retrofit completed on its rating's day
	// does not make it safe
	{villageA, "2026-02-28", [14]int64{14, 3, 580, 2, 2, 1, 300, 3, 1, 1, 1, 0, 0, 0}},
	// every support of H3 ended on 2026-06-30: 其他困难户; 5's enrolment
	// and 4's contract of the day count, H1's contract ended the day before
	{villageA, "2026-07-01", [14]int64{11, 3, 930, 1, 2, 3, 1310, 0, 1, 1, 0, 0, 0, 1}},
	{villageB, "2026-06-30", [14]int64{1, 1, 70, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}},
	{villageB, "2026-02-28", [14]int64{1, 1, 70, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}},
	{city, "2026-06-30", [14]int64{13, 4, 900, 1, 2, 3, 1310, 0, 1, 1, 1, 0, 1, 0}},
}

// TestSectorsCover checks the insurance, family-doctor, retrofit and
// priority-group definitions at their edges.
func TestSectorsCover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		coverFixture(t, db)
		for _, c := range coverCases {
			o := overviewOn(t, db, c.code, c.day)
			if got := coverFigures(&o.Sectors); got != c.want {
				t.Errorf("%s as of %s: %v, want %v", c.code, c.day, got, c.want)
			}
			if g := o.Sectors.Housing.PriorityGroups; g.Total() != o.Sectors.Housing.HouseholdsChecked {
				t.Errorf("%s as of %s: groups %+v do not add up to %d checked", c.code, c.day, g, o.Sectors.Housing.HouseholdsChecked)
			}
		}
	})
}

// TestScopeSectorsCover: village B's figures hold nothing of village A's
// rows (the mutant test drops each scope filter in turn).
func TestScopeSectorsCover(t *testing.T) {
	db := storetest.SQLite(t)
	coverFixture(t, db)
	for _, c := range coverCases {
		if c.code != villageB {
			continue
		}
		if got := coverFigures(&overviewOn(t, db, c.code, c.day).Sectors); got != c.want {
			t.Errorf("village B as of %s: %v, want %v", c.day, got, c.want)
		}
	}
}
