package stats

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/monitoring"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// planHousehold is a household of the plan figures' fixture.
type planHousehold struct {
	code, village, identifiedOn, risks string
	identified, elimMonth, remarked    int
	eliminated                         bool
	labour                             []string // one per current member
	measures                           [][3]string
}

// The fixture, as of 2026: P1 monitored throughout with a development
// measure started late; P2 enters in April and leaves (eliminated) in
// September; P3, eliminated in 2024-05, re-enters in October 2026 and gets
// its measure on 15 October; P4 has no labour and no 兜底; Q1, in the other
// county, has nothing.
var planHouseholds = []planHousehold{
	{code: "P1", village: "620321100201", identified: 202603, identifiedOn: "2026-03-05", risks: "因病",
		labour: []string{"普通劳动力", "无劳动力"}, measures: [][3]string{
			{monitoring.TypeHealth, "医疗救助", "2026-03-10"}, {monitoring.TypeEmployment, "务工就业", "2026-04-20"}}},
	{code: "P2", village: "620321100201", identified: 202604, eliminated: true, elimMonth: 202609, risks: "因学",
		labour: []string{"技能劳动力"}},
	{code: "P3", village: "620321100201", identified: 202301, elimMonth: 202405, remarked: 202610, risks: "因产业失败",
		labour: []string{"普通劳动力", "弱劳动力或半劳动力", "无劳动力"}, measures: [][3]string{
			{monitoring.TypeEmployment, "务工就业", "2026-10-15"}}},
	{code: "P4", village: "620321100201", identified: 202605, risks: "因缺劳动力", labour: []string{"丧失劳动力"}},
	{code: "Q1", village: "620302100201", identified: 202603, risks: "因病", labour: []string{"普通劳动力"}},
}

func planFixture(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	if err := monitoring.Seed(ctx, db.Writer()); err != nil {
		t.Fatal(err)
	}
	admin := auth.User{ID: 1, Username: "admin", Role: auth.RoleAdmin, Region: "620300000000"}
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for _, h := range planHouseholds {
		var id int64
		err := db.Writer().QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, category, identified_month,
			identified_on, eliminated, eliminated_month, remarked_month, risk_types, members, created_at, updated_at)
			VALUES (?, ?, ?, '一般农户', '边缘易致贫户', ?, ?, ?, ?, ?, ?, ?, 'x', 'x') RETURNING id`, h.code, h.village, region.County(h.village),
			h.identified, nullStr(h.identifiedOn), store.Bool01(h.eliminated), nullInt(h.elimMonth), nullInt(h.remarked), h.risks,
			len(h.labour)).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range h.labour {
			_, err := db.Writer().ExecContext(ctx, `INSERT INTO persons (household_id, county, region_code, id_idx, id_enc, id_masked,
				name, sex, birth_date, relation, labour_skill, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '某', '男',
				'1970-01-01', '配偶', ?, 'x', 'x')`, id, region.County(h.village), h.village, fmt.Sprintf("%s-%d", h.code, i), []byte("x"), l)
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range h.measures {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				_, err := monitoring.AddMeasure(ctx, tx, store.ScopeAll(), admin, id, monitoring.MeasureInput{Type: m[0],
					Subtype: m[1], Owner: "乡镇", StartOn: m[2], DueOn: "2027-12-31"}, now)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestPlanFigures checks plan_mismatch and no_development_measure, with the
// monitoring figures beside them, as households enter, leave and re-enter
// monitoring. Every expectation is worked out by hand in the comments.
func TestPlanFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		planFixture(t, db)
		cases := []struct {
			region, asOf            string
			mismatch, noDevelopment Count
			cumulative, eliminated  Count
		}{
			// P1 fits (development late but in place); P2 left in September; P3 re-entered with its measure
			// on 10-15; P4 mismatched (no 兜底 row fits 因缺劳动力); Q1 mismatched and overdue.
			{"620300000000", "2026-11-28", Count{2, 2}, Count{1, 1}, Count{5, 8}, Count{1, 1}},
			{"620321000000", "2026-11-28", Count{1, 1}, Count{0, 0}, Count{4, 7}, Count{1, 1}},
			// P3 back since October, its measure not started yet: mismatched and overdue (3 persons)
			{"620321000000", "2026-10-10", Count{2, 4}, Count{1, 3}, Count{4, 7}, Count{1, 1}},
			// P2 still monitored (overdue since 05-01), P3 still eliminated
			{"620321000000", "2026-08-31", Count{2, 2}, Count{1, 1}, Count{4, 7}, Count{1, 3}},
			// P1 past its deadline (04-05) with its employment measure only from 04-20; P2 pending until 05-01
			{"620321000000", "2026-04-10", Count{1, 1}, Count{1, 2}, Count{3, 6}, Count{1, 3}},
			// P1's measure started: no longer overdue
			{"620321000000", "2026-04-20", Count{1, 1}, Count{0, 0}, Count{3, 6}, Count{1, 3}},
			// P3 in its first monitoring period, with nothing yet
			{"620321000000", "2024-03-31", Count{1, 3}, Count{1, 3}, Count{1, 3}, Count{0, 0}},
		}
		for _, c := range cases {
			o, err := Compute(context.Background(), db, store.ScopeAll(), c.region, date(c.asOf))
			if err != nil {
				t.Fatal(err)
			}
			m := o.Monitoring
			if m.PlanMismatch != c.mismatch || m.NoDevelopmentMeasure != c.noDevelopment ||
				m.Cumulative != c.cumulative || m.Eliminated != c.eliminated {
				t.Errorf("%s %s: plan_mismatch %v no_development_measure %v cumulative %v eliminated %v; want %v %v %v %v",
					c.region, c.asOf, m.PlanMismatch, m.NoDevelopmentMeasure, m.Cumulative, m.Eliminated,
					c.mismatch, c.noDevelopment, c.cumulative, c.eliminated)
			}
		}
	})
}

// TestMonitoredAtAgrees: monitoring's "monitored at as_of" is identified by
// then and not EliminatedAt, on EliminatedAt's own cases.
func TestMonitoredAtAgrees(t *testing.T) {
	for _, r := range []Row{
		{Eliminated: true, EliminatedMonth: 202405},
		{EliminatedMonth: 202405},
		{EliminatedMonth: 202405, RemarkedMonth: 202603},
		{Eliminated: true, EliminatedMonth: 202609, RemarkedMonth: 202603},
		{},
	} {
		for _, m := range []int{202404, 202405, 202602, 202603, 202610} {
			f := monitoring.Facts{IdentifiedMonth: 202001, Eliminated: r.Eliminated, EliminatedMonth: r.EliminatedMonth,
				RemarkedMonth: r.RemarkedMonth}
			asOf := time.Date(m/100, time.Month(m%100), 15, 0, 0, 0, 0, time.UTC)
			if f.MonitoredAt(asOf) == EliminatedAt(r, m) {
				t.Errorf("%+v in %d: monitored %v, eliminated %v", r, m, f.MonitoredAt(asOf), EliminatedAt(r, m))
			}
		}
	}
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
