package report

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/incomeline"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/stats"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The fixture's regions (testkit): villages A and A2 in 永昌县, B in 金川区.
// fixtureHousehold is one household of an import: village, code, type,
// members' health, monitoring columns and risk type.
type fixtureHousehold struct {
	village, code, typ string
	health             []string
	mon                [6]string // category, identified, eliminated, mode, eliminated month, re-marked month
	risk               string
}

func importOn(t *testing.T, db *store.DB, day string, hhs []fixtureHousehold) {
	t.Helper()
	lines := []string{registrytest.Head + ",劳动技能,监测对象类别,识别监测时间,风险是否已消除,风险消除方式,消除监测时间,重新标注风险时间," + registry.ColRisk(1)}
	n := 0
	for _, h := range hhs {
		for i, health := range h.health {
			n++
			lines = append(lines, fmt.Sprintf("%s,%s,%s,人%s%d,%s,%s,初中,%s,普通劳动力,%s,%s", h.village, h.code, h.typ, h.code, i,
				testkit.ID(n), registrytest.Relation(i), health, strings.Join(h.mon[:], ","), h.risk))
		}
	}
	d, _ := civil.ParseISO(day)
	registrytest.Import(t, db, testkit.Keys(t), d.Time().Add(10*time.Hour), lines...)
}

func execSQL(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Writer().ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func householdID(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	var id int64
	if err := db.Reader().QueryRowContext(context.Background(), "SELECT id FROM households WHERE code = ?", code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// stamp is 10:00 Beijing on day.
func stamp(day string) string {
	d, _ := civil.ParseISO(day)
	return store.Stamp(d.Time().Add(10 * time.Hour))
}

// fixture: four households imported on 2026-01-10; on 2026-06-15 a
// re-import identifies H3 and eliminates H1. H4 has a fitting measure from
// February and a non-fitting one from May; H1 and H4 have incomes; a
// self-report case runs from February to May (late); a warning is open
// from February to April.
func fixture(t *testing.T, db *store.DB) (line int64) {
	testkit.Regions(t, db)
	h1 := fixtureHousehold{testkit.VillageA, "H1", registry.TypeFormerlyPoor, []string{"长期慢性病", "健康"},
		[6]string{"脱贫不稳定户", "202501", "否", "", "", ""}, "因病"}
	h2 := fixtureHousehold{testkit.VillageA, "H2", registry.TypeOrdinary, []string{"健康", "健康", "健康"},
		[6]string{"边缘易致贫户", "202506", "是", "帮扶消除", "202512", ""}, "因学"}
	h3 := fixtureHousehold{testkit.VillageLJ, "H3", registry.TypeOrdinary, []string{"健康"}, [6]string{}, ""}
	h4 := fixtureHousehold{testkit.VillageB, "H4", registry.TypeFormerlyPoor, []string{"患有大病", "健康"},
		[6]string{"突发严重困难户", "202601", "否", "", "", ""}, "因病"}
	importOn(t, db, "2026-01-10", []fixtureHousehold{h1, h2, h3, h4})
	h1.mon = [6]string{"脱贫不稳定户", "202501", "是", "帮扶消除", "202606", ""}
	h3.mon, h3.risk = [6]string{"边缘易致贫户", "202606", "否", "", "", ""}, "因学"
	importOn(t, db, "2026-06-15", []fixtureHousehold{h1, h2, h3, h4})

	ctx := context.Background()
	if err := monitoring.Seed(ctx, db.Writer()); err != nil {
		t.Fatal(err)
	}
	l, err := incomeline.Lookup(ctx, db.Reader(), testkit.VillageA, 2025)
	if err != nil {
		t.Fatal(err)
	}
	id1, id4 := householdID(t, db, "H1"), householdID(t, db, "H4")
	now := store.Now()
	execSQL(t, db, `INSERT INTO household_incomes (household_id, county, year, region_code, per_capita_fen, source, updated_at)
		VALUES (?, (SELECT county FROM households WHERE id = ?), 2025, ?, ?, 'test', ?), (?, (SELECT county FROM households WHERE id = ?), 2025, ?, ?, 'test', ?)`,
		id1, id1, testkit.VillageA, l.Fen-100, now, id4, id4, testkit.VillageB, l.Fen*115/100, now)
	for _, m := range [][3]string{{"健康帮扶", "医疗救助", "2026-02-01"}, {"住房安全", "危房改造", "2026-05-01"}} {
		execSQL(t, db, `INSERT INTO measures (household_id, county, region_code, type, subtype, owner, start_on, due_on, status,
			created_by, created_at, updated_at) VALUES (?, (SELECT county FROM households WHERE id = ?), ?, ?, ?, '乡政府', ?, '2026-12-31', 'in_progress', 'test', ?, ?)`,
			id4, id4, testkit.VillageB, m[0], m[1], m[2], now, now)
	}
	execSQL(t, db, `INSERT INTO cases (id, region_code, household_id, county, head_name, source, state, outcome, opened_at,
		total_due, decided_at, updated_at) VALUES (900, ?, ?, (SELECT county FROM households WHERE id = ?), '人H40', 'self_report', 'enrolled', 'enrolled', ?,
		'2026-03-15', ?, ?)`, testkit.VillageB, id4, id4, stamp("2026-02-01"), stamp("2026-05-01"), now)
	for _, e := range [][2]string{{"2026-02-01", "reported"}, {"2026-02-03", "accepted"}, {"2026-02-10", "verified"},
		{"2026-05-01", "enrolled"}} {
		execSQL(t, db, `INSERT INTO case_events (case_id, county, region_code, at, action, to_state)
			VALUES (900, (SELECT county FROM cases WHERE id = 900), ?, ?, 'x', ?)`,
			testkit.VillageB, stamp(e[0]), e[1])
	}
	execSQL(t, db, `INSERT INTO warnings (household_id, county, region_code, rule, period, status, as_of, threshold, figures,
		evidence, decided_at, created_at) VALUES (?, (SELECT county FROM households WHERE id = ?), ?, 'income_below_range', '2026', 'handled', '2026-02-01', '', '',
		'', ?, ?)`, id1, id1, testkit.VillageA, stamp("2026-04-01"), stamp("2026-02-01"))
	return l.Fen
}

func dashboard(t *testing.T, db *store.DB, code, day string) *Figures {
	t.Helper()
	d, _ := civil.ParseISO(day)
	f, err := Dashboard(context.Background(), db, store.ScopeAll(), code, d)
	if err != nil {
		t.Fatalf("dashboard %s %s: %v", code, day, err)
	}
	return f
}

func TestDashboardFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fixture(t, db)
		c := func(h, p int) stats.Count { return stats.Count{Households: h, Persons: p} }
		type want struct {
			monitored             stats.Count
			categories            map[string][2]stats.Count // monitored, eliminated
			risks                 map[string]int
			identified, eliminate map[string]stats.Count
			funnel                Funnel
			overdue, warnings     int
			bands                 map[string]int
			measures              map[string][3]int
		}
		for day, w := range map[string]want{
			// before the re-import: H1 and H4 monitored, H2 eliminated
			"2026-03-01": {monitored: c(2, 4),
				categories: map[string][2]stats.Count{"脱贫不稳定户": {c(1, 2), c(0, 0)}, "边缘易致贫户": {c(0, 0), c(1, 3)},
					"突发严重困难户": {c(1, 2), c(0, 0)}},
				risks:      map[string]int{"因病": 2, "因学": 0},
				identified: map[string]stats.Count{"202501": c(1, 2), "202506": c(1, 3), "202601": c(1, 2), "202406": {}},
				eliminate:  map[string]stats.Count{"202512": c(1, 3), "202606": {}},
				funnel:     Funnel{Reported: 1, Accepted: 1, Verified: 1},
				warnings:   1,
				bands:      map[string]int{BandAtOrBelow: 1, BandAbove20: 1, BandNone: 0},
				measures:   map[string][3]int{"健康帮扶": {1, 1, 0}, "住房安全": {0, 0, 0}},
			},
			// after it: H3 and H4 monitored, H1 and H2 eliminated
			"2026-07-01": {monitored: c(2, 3),
				categories: map[string][2]stats.Count{"脱贫不稳定户": {c(0, 0), c(1, 2)}, "边缘易致贫户": {c(1, 1), c(1, 3)},
					"突发严重困难户": {c(1, 2), c(0, 0)}},
				risks:      map[string]int{"因病": 1, "因学": 1},
				identified: map[string]stats.Count{"202501": c(1, 2), "202506": c(1, 3), "202606": c(1, 1), "202601": c(1, 2)},
				eliminate:  map[string]stats.Count{"202512": c(1, 3), "202606": c(1, 2)},
				funnel:     Funnel{Reported: 1, Accepted: 1, Verified: 1, Decided: 1, Enrolled: 1, Late: 1},
				bands:      map[string]int{BandAbove20: 1, BandNone: 1},
				measures:   map[string][3]int{"健康帮扶": {1, 1, 0}, "住房安全": {1, 0, 1}},
			},
		} {
			f := dashboard(t, db, testkit.City, day)
			if f.Monitored != w.monitored {
				t.Errorf("%s: monitored %+v, want %+v", day, f.Monitored, w.monitored)
			}
			for _, cc := range f.ByCategory {
				if got := [2]stats.Count{cc.Monitored, cc.Eliminated}; got != w.categories[cc.Name] {
					t.Errorf("%s: category %s %+v, want %+v", day, cc.Name, got, w.categories[cc.Name])
				}
				if sum := c(cc.Monitored.Households+cc.Eliminated.Households, cc.Monitored.Persons+cc.Eliminated.Persons); sum != f.Overview.Monitoring.ByCategory[cc.Name] {
					t.Errorf("%s: category %s sums to %+v, overview %+v", day, cc.Name, sum, f.Overview.Monitoring.ByCategory[cc.Name])
				}
			}
			for _, r := range f.ByRiskType {
				if r.Households != w.risks[r.Name] {
					t.Errorf("%s: risk %s %d, want %d", day, r.Name, r.Households, w.risks[r.Name])
				}
			}
			if len(f.ByMonth) != Months || f.ByMonth[Months-1].Month != day[:4]+day[5:7] {
				t.Errorf("%s: months %d ending %s", day, len(f.ByMonth), f.ByMonth[len(f.ByMonth)-1].Month)
			}
			for _, m := range f.ByMonth {
				if m.Identified != w.identified[m.Month] || m.Eliminated != w.eliminate[m.Month] {
					t.Errorf("%s: month %s identified %+v eliminated %+v, want %+v %+v", day, m.Month, m.Identified,
						m.Eliminated, w.identified[m.Month], w.eliminate[m.Month])
				}
			}
			if f.SelfReports != w.funnel {
				t.Errorf("%s: funnel %+v, want %+v", day, f.SelfReports, w.funnel)
			}
			if f.OverdueCases != w.overdue {
				t.Errorf("%s: overdue cases %d, want %d", day, f.OverdueCases, w.overdue)
			}
			if f.OpenWarnings[1].Name != "income_below_range" || f.OpenWarnings[1].Households != w.warnings {
				t.Errorf("%s: open warnings %+v, want %d income_below_range", day, f.OpenWarnings, w.warnings)
			}
			for _, b := range f.Income {
				if b.Households != w.bands[b.Key] {
					t.Errorf("%s: income band %s %d, want %d", day, b.Key, b.Households, w.bands[b.Key])
				}
			}
			for _, m := range f.Measures {
				if got := [3]int{m.Total, m.Fit, m.NotFit}; got != w.measures[m.Type] {
					t.Errorf("%s: measures %s %v, want %v", day, m.Type, got, w.measures[m.Type])
				}
			}
			// the children add up to the region, and the county's own
			// dashboard agrees with its row
			var sum Child
			for _, k := range f.Children {
				sum.Households += k.Households
				sum.Persons += k.Persons
				sum.Cumulative.Households += k.Cumulative.Households
				sum.Monitored.Persons += k.Monitored.Persons
				sum.SelfReports += k.SelfReports
			}
			o := f.Overview
			if len(f.Children) != 2 || sum.Households != o.Households.Total || sum.Persons != o.Persons.Total ||
				sum.Cumulative.Households != o.Monitoring.Cumulative.Households || sum.Monitored.Persons != f.Monitored.Persons ||
				sum.SelfReports != o.SelfReports.Total {
				t.Errorf("%s: children %+v do not add up to %+v", day, f.Children, o)
			}
			co := dashboard(t, db, testkit.County, day)
			for _, k := range f.Children {
				if k.Code == testkit.County && (k.Monitored != co.Monitored || k.Households != co.Overview.Households.Total ||
					k.IllShare != co.Overview.Illness.HouseholdShare) {
					t.Errorf("%s: county row %+v, its dashboard %+v", day, k, co.Overview)
				}
			}
			if len(f.Past) == 0 {
				t.Errorf("%s: a past day lists no figure as not reconstructed", day)
			}
		}
	})
}

// TestDashboardMerge: a village merged into another is a child of its
// township before the merge day, with its households, and not after, when
// they count in the village it joined.
func TestDashboardMerge(t *testing.T) {
	db := storetest.SQLite(t)
	fixture(t, db)
	d, _ := civil.ParseISO("2026-08-01")
	if _, err := registry.MergeVillage(context.Background(), db, testkit.VillageB, testkit.VillageA, d); err != nil {
		t.Fatal(err)
	}
	const township = "620321100000"
	for day, want := range map[string]map[string][2]int{ // village: households, monitored
		"2026-07-01": {testkit.VillageA: {2, 0}, testkit.VillageB: {1, 1}},
		"2026-09-01": {testkit.VillageA: {3, 1}},
	} {
		f := dashboard(t, db, township, day)
		got := map[string][2]int{}
		for _, k := range f.Children {
			got[k.Code] = [2]int{k.Households, k.Monitored.Households}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: children %v, want %v", day, got, want)
		}
	}
}

// TestDashboardSectors: the children's sectors blocks add up to the
// region's, and a child's is its own dashboard's. 务工 rows of members of
// H1 (village A) and H4 (village A2), both 脱贫户, count for employment.
func TestDashboardSectors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fixture(t, db)
		for i, hh := range []string{"H1", "H4", "H3"} {
			execSQL(t, db, `INSERT INTO feed_employment (file_id, row_no, person_id, id_idx, id_masked, status, place, months, day)
				SELECT 1, ?, min(id), '', '', '务工', '', 3, 20260301 FROM persons WHERE household_id = ?`, i+1, householdID(t, db, hh))
		}
		f := dashboard(t, db, testkit.City, "2026-07-01")
		var sum int
		for _, k := range f.Children {
			sum += k.Sectors.Employment.FormerlyPoorTransferred
			if k.Code == testkit.County {
				co := dashboard(t, db, testkit.County, "2026-07-01")
				for _, sf := range stats.SectorFigures { // the listed figures: the cover ones are the region's only
					if sf.Of(&k.Sectors) != sf.Of(&co.Overview.Sectors) {
						t.Errorf("county row's %s %d, its dashboard's %d", sf.Key, sf.Of(&k.Sectors), sf.Of(&co.Overview.Sectors))
					}
				}
			}
		}
		if got := f.Overview.Sectors.Employment.FormerlyPoorTransferred; got != 2 || sum != got {
			t.Errorf("city: %d formerly poor at work, children add up to %d, want 2", got, sum)
		}
	})
}
