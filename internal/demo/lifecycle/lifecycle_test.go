package lifecycle

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/demo/demotest"
	"fangpin/internal/pii"
	"fangpin/internal/stats"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/survey"
	"fangpin/internal/visit"
	"fangpin/internal/water"
)

// TestRun brings the demo city to life and checks that every stage of the
// work shows, through the figures a new user would look at. The demo is
// deterministic (seed 1, as of 28 November 2026) and gives the same figures
// on both engines, so they are pinned: a change in any stage shows here.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and works the whole demo city")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, civil.Zone)
		cfg := demo.Config{Seed: 1, Scale: 1, Year: 2026, AsOf: asOf}
		keys, _ := pii.New(make([]byte, 32))
		demotest.City(t, db, keys, cfg)
		sum, err := Run(ctx, db, keys, cfg, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		// feed rows: 62,449 of the first eight kinds, and the insurance and
		// family-doctor rows (issue 13, item 2), which change no other figure
		want := Summary{FeedRows: 115998, Unmatched: 53, Warnings: 1291, WarningsDecided: 10, Cadres: 159, Worksheets: 159,
			Measures: 360, Visits: 4740, Eliminated: 5, EliminationOpen: 3, RolledBack: 1,
			SelfReports: 1674, Projects: 169, Beneficiaries: 596, Transfers: 2194, Subsidised: 1786,
			Water: [3]int{39, 156, 5}, Followups: 32, Villages: 139, Entities: 212}
		if sum != want {
			t.Errorf("summary %+v\nwant    %+v", sum, want)
		}
		st, err := stats.Compute(ctx, db, store.ScopeAll(), demo.CityCode, asOf)
		if err != nil {
			t.Fatal(err)
		}
		// 和美乡村 as the founding document has it: 12517 / 13999 is 89.41%
		if v := st.Sectors.Village; v.Villages != sum.Villages || v.DemoProvincial != 3 || v.DemoCity != 12 || v.ToiletsDone != 2126 ||
			v.WithCleanersVehicles != v.Villages || v.RegisteredHouseholds != st.Households.Total || v.SanitaryHouseholds != 12517 ||
			v.RegisteredHouseholds != 13999 || v.SewageTreated != 67 || v.AllLists != v.Villages {
			t.Errorf("village figures %+v", v)
		}
		m := st.Monitoring
		if m.PlanMismatch != (stats.Count{Households: 22, Persons: 75}) || m.NoDevelopmentMeasure != (stats.Count{Households: 7, Persons: 20}) {
			t.Errorf("plan figures: mismatch %+v, no development measure %+v", m.PlanMismatch, m.NoDevelopmentMeasure)
		}
		// 一键报贫 on the founding document's scale, in every state, some overdue
		if sr := st.SelfReports; sr.Total != 1674 || sr.Handled == 0 || sr.Overdue == 0 {
			t.Errorf("self-reports %+v", sr)
		}
		if m.Eliminated != (stats.Count{Households: 14, Persons: 45}) {
			t.Errorf("eliminated %+v", m.Eliminated)
		}
		// 饮水安全 shaped like the founding document: every sample of the year 合格, no problem left open;
		// every compulsory-age dropout followed up
		if w := st.Sectors.Water; w != (water.Figures{Schemes: 39, Samples: 117, SamplesQualified: 117}) {
			t.Errorf("water %+v", w)
		}
		if e := st.Sectors.Education; e.DropoutsCompulsory != 32 || e.DropoutsFollowed != 32 || e.DropoutsReturned != 6 {
			t.Errorf("dropouts %d, followed %d, returned %d", e.DropoutsCompulsory, e.DropoutsFollowed, e.DropoutsReturned)
		}
		// every case the demo opened told its village once; eliminations no one
		var opened, wrong int
		err = db.Reader().QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN c.purpose = 'identification' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN (SELECT count(*) FROM notifications n WHERE n.case_id = c.id AND n.kind = 'case_new') =
			CASE WHEN c.purpose = 'identification' THEN 1 ELSE 0 END THEN 0 ELSE 1 END), 0) FROM cases c`).Scan(&opened, &wrong)
		if err != nil || opened == 0 || wrong != 0 {
			t.Errorf("%d cases opened, %d cases notified other than once (or an elimination at all): %v", opened, wrong, err)
		}
		// the business entities of the founding document's part (三), scaled
		e := st.Sectors.Entities
		if e.Entities != 212 || e.Villages != e.VillagesAll || e.Townships != e.TownshipsAll || e.ShareEntities != 25 ||
			e.SharesFen != 1_374_400_000 || e.AgreementHouseholds != 511 || e.AgreementTownships != 10 ||
			e.PayoutsPaid != e.PayoutsDue || e.PayoutsDue != 511 || e.Overdue != 2 || e.OnlyWeak == 0 || e.HouseholdsLinked < 8000 {
			t.Errorf("entities %+v", e)
		}
		// the survey report of the demo city: its overview is the figures
		// above, and no part of it says the system holds no data
		rep, err := survey.Build(ctx, db, store.ScopeAll(), demo.CityCode, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rep.Figures.Overview.Sectors, st.Sectors) {
			t.Errorf("the report's sectors differ from the overview's:\n%+v\n%+v", rep.Figures.Overview.Sectors, st.Sectors)
		}
		for _, b := range rep.Blocks {
			for _, none := range []string{"尚未汇集", "暂不统计", "未作分析", "系统中没有"} {
				if strings.Contains(b.Text, none) {
					t.Errorf("the demo city's report says %q: %s", none, b.Text)
				}
			}
		}
		due, total, err := visit.MustVisit(ctx, db.Reader(), store.ScopeAll(), visit.Filter{DueOnly: true}, asOf)
		if err != nil || total != 6047 || len(due) == 0 {
			t.Errorf("must-visit: %d due, %v", total, err)
		}
	})
}
