package stats

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// The sectors scenario, first imported on 2026-01-05:
//
//	A: H1 脱贫户 (1 head, 2, 3, 11–17 children), H2 一般农户 monitored since
//	   202601 (4 head, 5), H3 一般农户 (6 head, 7, 8)
//	B: H4 一般农户 (9 head, 10)
//
// and again on 2026-03-01: 3 has left H1, 10 has moved from H4 to H3.
var (
	sectorsFirst = []hhRow{
		{villageA, "S1", "脱贫户", members(1, 2, 3, 11, 12, 13, 14, 15, 16, 17), [6]string{}},
		{villageA, "S2", "一般农户", members(4, 5), [6]string{"边缘易致贫户", "202601", "否"}},
		{villageA, "S3", "一般农户", members(6, 7, 8), [6]string{}},
		{villageB, "S4", "一般农户", members(9, 10), [6]string{}},
	}
	sectorsSecond = []hhRow{
		{villageA, "S1", "脱贫户", members(1, 2, 11, 12, 13, 14, 15, 16, 17), [6]string{}},
		{villageA, "S3", "一般农户", members(6, 7, 8, 10), [6]string{}},
		{villageB, "S4", "一般农户", members(9), [6]string{}},
	}
)

func members(ns ...int) []member {
	out := make([]member, len(ns))
	for i, n := range ns {
		out[i] = member{n: n}
	}
	return out
}

// sectorFixture imports the scenario and stores its feed rows (dates
// YYYYMMDD; money in fen).
func sectorFixture(t *testing.T, db *store.DB) {
	t.Helper()
	historyRegionsFixture(t, db)
	importOn(t, db, "2026-01-05", sectorsFirst)
	importOn(t, db, "2026-03-01", sectorsSecond)
	ctx := context.Background()
	w := db.Writer()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := w.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(q, err)
		}
	}
	pid := func(n int) int64 {
		var id int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM persons WHERE name = ?", fmt.Sprintf("人%d", n)).Scan(&id); err != nil {
			t.Fatal(n, err)
		}
		return id
	}
	for n, birth := range map[int]string{11: "2020-06-30", 12: "2020-07-01", 13: "2010-07-01", 14: "2010-06-30",
		15: "2016-01-01", 16: "2016-01-01", 17: "2016-01-01"} {
		exec("UPDATE persons SET birth_date = ? WHERE id = ?", birth, pid(n))
	}
	row := 0
	edu := func(n, day int, status string, aid int64) {
		row++
		exec(`INSERT INTO feed_education (file_id, row_no, person_id, id_idx, id_masked, stage, status, aid_item, aid_fen, day)
			VALUES (1, ?, ?, '', '', '小学', ?, '', ?, ?)`, row, pid(n), status, aid, day)
	}
	edu(2, 20260101, "在校", 10000) // 1 January: counts
	edu(2, 20260630, "在校", 5000)  // as_of: counts
	edu(2, 20251231, "在校", 70000) // the previous year
	edu(2, 20260701, "在校", 90000) // after as_of
	edu(3, 20260201, "在校", 800)   // 3 left H1 on 2026-03-01
	edu(6, 20260301, "在校", 0)     // no aid: no person-time
	edu(10, 20260401, "在校", 2000) // 10 moved to H3 (village A)
	edu(11, 20260601, "辍学", 0)    // 6 years old: counts
	edu(12, 20260601, "辍学", 0)    // 5
	edu(13, 20260601, "辍学", 0)    // 15: counts
	edu(14, 20260601, "辍学", 0)    // 16
	edu(15, 20260501, "辍学", 0)    // back at school later
	edu(15, 20260601, "在校", 0)
	edu(16, 20260601, "在校", 0) // drops out after as_of
	edu(16, 20260701, "辍学", 0)
	edu(17, 20250901, "辍学", 0) // latest row last year: counts
	med := func(n, day int, basic, serious, assist int64) {
		row++
		exec(`INSERT INTO feed_medical (file_id, row_no, person_id, id_idx, id_masked, settled, total_fen, basic_fen,
			serious_fen, assist_fen, oop_fen) VALUES (2, ?, ?, '', '', ?, ?, ?, ?, ?, 0)`,
			row, pid(n), day, basic+serious+assist, basic, serious, assist)
	}
	med(1, 20260101, 100, 10, 1) // 脱贫户
	med(1, 20260630, 200, 20, 2)
	med(1, 20251231, 9000, 0, 0)
	med(1, 20260701, 9000, 0, 0)
	med(4, 20260201, 1000, 0, 0) // monitored household
	med(6, 20260201, 5000, 0, 0) // not low-income (临时救助 only)
	med(7, 20260201, 300, 0, 30) // 低保 ending on as_of
	med(8, 20260201, 400, 0, 0)  // 特困 ending the day before
	med(9, 20260201, 700, 0, 0)  // village B, not low-income
	civ := func(n int, typ string, start int, end any) {
		row++
		exec(`INSERT INTO feed_civil (file_id, row_no, person_id, id_idx, id_masked, aid_type, amount_fen, start_day, end_day)
			VALUES (3, ?, ?, '', '', ?, 100, ?, ?)`, row, pid(n), typ, start, end)
	}
	civ(6, "临时救助", 20260101, nil)
	civ(7, "低保", 20250101, 20260630)
	civ(8, "特困", 20250101, 20260629)
	house := func(n, day int, grade string) {
		row++
		exec(`INSERT INTO feed_housing (file_id, row_no, person_id, id_idx, id_masked, grade, assessed) VALUES (4, ?, ?, '', '', ?, ?)`,
			row, pid(n), grade, day)
	}
	house(1, 20260201, "D") // retrofitted on 2026-04-01
	house(4, 20251101, "C") // retrofitted before the rating: unsafe, not checked this year
	house(6, 20260101, "D") // rated B since
	house(6, 20260630, "B")
	house(9, 20251231, "A") // B: last year
	house(9, 20260701, "C") // after as_of
	retrofit := func(code, on string) {
		var hh int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM households WHERE code = ?", code).Scan(&hh); err != nil {
			t.Fatal(err)
		}
		exec(`INSERT INTO measures (household_id, county, region_code, type, subtype, owner, start_on, due_on, status, created_by, created_at, updated_at)
			VALUES (?, (SELECT county FROM households WHERE id = ?), ?, '住房安全', '危房改造', '住建', '2025-01-01', '2026-12-31', 'done', 't', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`,
			hh, hh, villageA)
		var m int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT max(id) FROM measures").Scan(&m); err != nil {
			t.Fatal(err)
		}
		exec(`INSERT INTO measure_updates (measure_id, county, region_code, on_date, status_after, by_name, at)
			VALUES (?, (SELECT county FROM measures WHERE id = ?), ?, ?, 'done', 't', '2025-01-01T00:00:00Z')`, m, m, villageA, on)
	}
	retrofit("S1", "2026-04-01")
	retrofit("S2", "2025-10-01")
	emp := func(n, day int, status string) {
		row++
		exec(`INSERT INTO feed_employment (file_id, row_no, person_id, id_idx, id_masked, status, place, months, day)
			VALUES (5, ?, ?, '', '', ?, '', 3, ?)`, row, pid(n), status, day)
	}
	emp(1, 20260301, "务工")
	emp(1, 20260401, "务工") // the same person
	emp(2, 20251231, "务工") // last year
	emp(11, 20260301, "失业")
	emp(4, 20260301, "务工") // not of a 脱贫户
	emp(13, 20260630, "务工")
}

// sectorFigures flattens the block for comparison.
func sectorFigures(s *Sectors) [11]int64 {
	return [11]int64{s.Education.AidAmount, int64(s.Education.AidPersonTimes), int64(s.Education.AidFormerlyPoorPersonTimes),
		int64(s.Education.DropoutsCompulsory), int64(s.Medical.LowIncomePersonsReimbursed), s.Medical.Basic,
		s.Medical.SeriousIllness, s.Medical.Assistance, int64(s.Housing.HouseholdsChecked), int64(s.Housing.Unsafe),
		int64(s.Employment.FormerlyPoorTransferred)}
}

// TestSectors checks each definition of the sectors block at its edges.
func TestSectors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		for _, c := range []struct {
			code, day string
			want      [11]int64
		}{
			// aid, times, formerly poor, dropouts; reimbursed, basic, serious, assistance; checked, unsafe; transferred
			{villageA, "2026-06-30", [11]int64{17000, 3, 2, 3, 3, 1600, 30, 33, 2, 1, 2}},
			{city, "2026-06-30", [11]int64{17000, 3, 2, 3, 3, 1600, 30, 33, 2, 1, 2}},
			{villageB, "2026-06-30", [11]int64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
			// before 3 left: 3's aid counts; 低保 and 特困 both cover the day; H1 not retrofitted yet
			{villageA, "2026-02-28", [11]int64{10800, 2, 2, 1, 4, 1800, 10, 31, 2, 3, 0}},
		} {
			o := overviewOn(t, db, c.code, c.day)
			if got := sectorFigures(&o.Sectors); got != c.want {
				t.Errorf("%s as of %s: sectors = %v, want %v", c.code, c.day, got, c.want)
			}
		}
	})
}

// TestSectorsRetrofitRecordedElsewhere: a retrofit measure recorded under
// another village than its household's (the household moved since) still
// counts for the household: computed for the household's village alone,
// for the city and for its county (remembered or not), H1 is not unsafe.
func TestSectorsRetrofitRecordedElsewhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		if _, err := db.Writer().ExecContext(context.Background(), `UPDATE measures SET region_code = ?`, villageB); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{villageA, city} {
			o := overviewOn(t, db, code, "2026-06-30")
			if o.Sectors.Housing.Unsafe != 1 {
				t.Errorf("%s: %d unsafe, want 1 (H1 retrofitted, recorded under village B)", code, o.Sectors.Housing.Unsafe)
			}
		}
	})
}

// TestScopeSectors: a village's sectors count nothing of another village's
// feed rows and retrofits (the store's mutant test drops each scope filter
// and wants a TestScope* test to fail). Village B has no rows of its own
// on the day, village A has them all.
func TestScopeSectors(t *testing.T) {
	db := storetest.SQLite(t)
	sectorFixture(t, db)
	o := overviewOn(t, db, villageB, "2026-06-30")
	if got := sectorFigures(&o.Sectors); got != [11]int64{} {
		t.Errorf("village B's sectors %v, want nothing of village A's", got)
	}
	// the retrofits are read ahead per household and looked up only for the
	// scope's ratings, so they are checked on their own: A's two, none in B
	ctx := context.Background()
	for _, c := range []struct {
		code string
		want int
	}{{villageA, 2}, {villageB, 0}} {
		r := &sectorRun{ctx: ctx, q: db.Reader(), s: store.MustScope(c.code), jan: 20260101, day: 20261231}
		got, err := r.retrofits()
		if err != nil || len(got) != c.want {
			t.Errorf("retrofits read in %s's scope: %v, want %d households (%v)", c.code, got, c.want, err)
		}
	}
}

// TestSectorLists: every figure is the sum of the list behind it, a count
// is its list's length, and the villages' blocks add up to the region's;
// on the sectors scenario with the rows of the cover, follow-up and water
// figures. The water figures (Whole) have no list and are not summed.
func TestSectorLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		coverFixture(t, db)
		followupFixture(t, db)
		waterFixture(t, db)
		for _, c := range []struct{ code, day string }{
			{city, "2026-06-30"}, {villageA, "2026-06-30"}, {villageA, "2026-02-28"}, {villageA, "2026-07-01"},
			{villageB, "2026-06-30"}, {villageB, "2026-02-28"},
		} {
			d, err := ComputeSectorDetail(context.Background(), db, store.ScopeAll(), c.code, date(c.day))
			if err != nil {
				t.Fatal(err)
			}
			o, _, od, err := ComputeWith(context.Background(), db, store.ScopeAll(), c.code, date(c.day))
			if err != nil || !reflect.DeepEqual(o.Sectors, d.Sectors) || !reflect.DeepEqual(od.Sectors, d.Sectors) {
				t.Errorf("%s as of %s: the overview's block %+v, the detail's %+v (%v)", c.code, c.day, o.Sectors, d.Sectors, err)
			}
			var ab Sectors
			for _, f := range SectorFigures {
				list := d.List(f.Key)
				if !sort.SliceIsSorted(list, func(i, j int) bool {
					a, b := list[i], list[j]
					return a.Village < b.Village || (a.Village == b.Village && (a.Household < b.Household ||
						(a.Household == b.Household && a.Person < b.Person)))
				}) {
					t.Errorf("%s as of %s: %s's list is not ordered by village, household and person", c.code, c.day, f.Key)
				}
				if f.Whole() {
					if len(list) > 0 || (f.Of(&d.Sectors) > 0 && d.Listed(f)) {
						t.Errorf("%s as of %s: %s is the region's whole, listed %d", c.code, c.day, f.Key, len(list))
					}
					continue
				}
				var sum int64
				for _, e := range list {
					sum += e.Value
					if f.Unit == UnitPersons || f.Unit == UnitHouseholds {
						if e.Value != 1 {
							t.Errorf("%s %s: entry %+v counts %d, want 1", c.code, f.Key, e, e.Value)
						}
					}
					if e.Person == 0 || e.Household == 0 || e.Village == "" {
						t.Errorf("%s %s: entry %+v names no person, household or village", c.code, f.Key, e)
					}
				}
				if f.Unit == UnitPersons || f.Unit == UnitHouseholds {
					if int64(len(list)) != f.Of(&d.Sectors) {
						t.Errorf("%s as of %s: %s lists %d, the figure is %d", c.code, c.day, f.Key, len(list), f.Of(&d.Sectors))
					}
				}
				if !d.Listed(f) {
					t.Errorf("%s as of %s: %s is not listed", c.code, c.day, f.Key)
				}
				if sum != f.Of(&d.Sectors) {
					t.Errorf("%s as of %s: %s's list sums to %d, the figure is %d", c.code, c.day, f.Key, sum, f.Of(&d.Sectors))
				}
				for _, v := range []string{villageA, villageB} {
					p := v // a village's code is its own prefix
					s := d.Within(p)
					f.add(&ab, f.Of(&s))
				}
				if f.Of(&ab) != f.Of(&d.Sectors) {
					t.Errorf("%s as of %s: villages A and B add up to %s %d, the region has %d", c.code, c.day, f.Key,
						f.Of(&ab), f.Of(&d.Sectors))
				}
			}
			// the cover, follow-up and water figures are those their own tests check
			for _, cc := range coverCases {
				if cc.code == c.code && cc.day == c.day && coverFigures(&d.Sectors) != cc.want {
					t.Errorf("%s as of %s: cover figures %v, want %v", c.code, c.day, coverFigures(&d.Sectors), cc.want)
				}
			}
			if m := d.Sectors.Medical; m.LowIncomeInsuredShare != share(m.LowIncomeInsured, m.LowIncomePersons) {
				t.Errorf("%s as of %s: insured share %v of %d/%d", c.code, c.day, m.LowIncomeInsuredShare, m.LowIncomeInsured, m.LowIncomePersons)
			}
		}
		// the figures this test saw are not all 0 (the fixture reaches every list)
		d, err := ComputeSectorDetail(context.Background(), db, store.ScopeAll(), city, date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"education.dropouts_followed", "education.dropouts_returned", "medical.low_income_persons",
			"medical.low_income_insured", "medical.premium_subsidy", "medical.doctor_households_total", "medical.doctor_households",
			"housing.retrofits_completed", "housing.retrofit_subsidy", groupFormerlyPoor, groupMonitored, groupDibao,
			groupTekunDispersed, "water.schemes", "water.households_affected"} {
			if f, _ := FindSectorFigure(key); f.Of(&d.Sectors) == 0 {
				t.Errorf("city as of 2026-06-30: %s is 0", key)
			}
		}
	})
}

// TestSectorsStamped: rows stamped with their person's household (as the
// import and the rematch do) give the figures of TestSectors; so do the
// rows of person 10, stamped with H4 before 10 moved to H3, as the move is
// listed in person_moves by the trigger of migration 00030.
func TestSectorsStamped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		ctx := context.Background()
		for _, tbl := range []string{"feed_education", "feed_medical", "feed_housing", "feed_employment", "feed_civil"} {
			if _, err := db.Writer().ExecContext(ctx, "UPDATE "+tbl+" SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = "+
				tbl+".person_id), county = COALESCE((SELECT h.county FROM persons p JOIN households h ON h.id = p.household_id "+
				"WHERE p.id = "+tbl+".person_id), '')"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Writer().ExecContext(ctx, `UPDATE feed_education SET household_id = (SELECT id FROM households WHERE code = 'S4'),
			county = (SELECT county FROM households WHERE code = 'S4') WHERE person_id = (SELECT id FROM persons WHERE name = '人10')`); err != nil {
			t.Fatal(err)
		}
		var moved int
		if err := db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM person_moves m JOIN persons p ON p.id = m.person_id
			WHERE p.name = '人10'`).Scan(&moved); err != nil || moved != 1 {
			t.Fatalf("person 10's move listed %d times (%v), want once", moved, err)
		}
		for _, c := range []struct {
			code, day string
			want      [11]int64
		}{
			{villageA, "2026-06-30", [11]int64{17000, 3, 2, 3, 3, 1600, 30, 33, 2, 1, 2}},
			{villageB, "2026-06-30", [11]int64{}},
			{villageA, "2026-02-28", [11]int64{10800, 2, 2, 1, 4, 1800, 10, 31, 2, 3, 0}},
		} {
			if got := sectorFigures(&overviewOn(t, db, c.code, c.day).Sectors); got != c.want {
				t.Errorf("%s as of %s: sectors = %v, want %v", c.code, c.day, got, c.want)
			}
		}
	})
}

// TestSectorUnlisted: a figure its step writes without entries has no
// list (the sector page says so rather than list nobody).
func TestSectorUnlisted(t *testing.T) {
	d := newSectorDetail(Sectors{}, map[string][]SectorEntry{"medical.basic": {{Household: 1, Person: 2, Value: 500}}})
	f, _ := FindSectorFigure("medical.basic")
	g, _ := FindSectorFigure("housing.unsafe")
	if !d.Listed(f) || !d.Listed(g) {
		t.Errorf("figures summed from their entries (or zero with none) are listed")
	}
	d.Sectors.Housing.Unsafe = 3 // written directly by a step
	if d.Listed(g) {
		t.Errorf("a figure without its entries is listed")
	}
}

// TestSectorsTypeChanged: the medical and employment figures count the
// persons of a 脱贫户 on as_of by its type then, not now (the queries'
// pre-filter by the type now must keep the households changed since).
func TestSectorsTypeChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		historyRegionsFixture(t, db)
		importOn(t, db, "2026-01-05", []hhRow{
			{villageA, "T1", "一般农户", members(1, 2), [6]string{}},
			{villageA, "T2", "脱贫户", members(3), [6]string{}},
		})
		importOn(t, db, "2026-05-01", []hhRow{
			{villageA, "T1", "脱贫户", members(1, 2), [6]string{}},
			{villageA, "T2", "一般农户", members(3), [6]string{}},
		})
		ctx := context.Background()
		for i, n := range []int{1, 3} {
			var pid int64
			if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM persons WHERE name = ?", fmt.Sprintf("人%d", n)).Scan(&pid); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Writer().ExecContext(ctx, `INSERT INTO feed_medical (file_id, row_no, person_id, id_idx, id_masked,
				settled, total_fen, basic_fen, serious_fen, assist_fen, oop_fen) VALUES (1, ?, ?, '', '', 20260201, ?, ?, 0, 0, 0)`,
				i, pid, 100*n, 100*n); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Writer().ExecContext(ctx, `INSERT INTO feed_employment (file_id, row_no, person_id, id_idx, id_masked,
				status, place, months, day) VALUES (2, ?, ?, '', '', '务工', '', 3, 20260301)`, i, pid); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			day                    string
			reimbursed, basic, fpw int64
		}{
			{"2026-04-30", 1, 300, 1}, // T2 was the 脱贫户
			{"2026-06-30", 1, 100, 1}, // T1 is
		} {
			s := overviewOn(t, db, villageA, c.day).Sectors
			if got := [3]int64{int64(s.Medical.LowIncomePersonsReimbursed), s.Medical.Basic, int64(s.Employment.FormerlyPoorTransferred)}; got != [3]int64{c.reimbursed, c.basic, c.fpw} {
				t.Errorf("as of %s: reimbursed, basic, formerly poor at work = %v, want %v", c.day, got, [3]int64{c.reimbursed, c.basic, c.fpw})
			}
		}
	})
}

// TestSectorsLowIncomeOnce: a person with 低保 or 特困 support who is also
// a member of a 脱贫户 or a monitored household is one low-income person.
func TestSectorsLowIncomeOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		ctx := context.Background()
		before := overviewOn(t, db, villageA, "2026-06-30").Sectors.Medical
		for i, n := range []int{2, 4} { // of the 脱贫户 S1, of the monitored S2
			if _, err := db.Writer().ExecContext(ctx, `INSERT INTO feed_civil (file_id, row_no, person_id, id_idx, id_masked,
				aid_type, amount_fen, start_day, end_day) VALUES (9, ?, (SELECT id FROM persons WHERE name = ?), '', '', ?, 100, 20250101, NULL)`,
				i, fmt.Sprintf("人%d", n), []string{"低保", "特困"}[i]); err != nil {
				t.Fatal(err)
			}
		}
		after := overviewOn(t, db, villageA, "2026-06-30").Sectors.Medical
		if after.LowIncomePersons != before.LowIncomePersons || after.LowIncomePersons == 0 {
			t.Errorf("low-income persons %d with the support rows, %d without", after.LowIncomePersons, before.LowIncomePersons)
		}
	})
}
