package monitoring

import (
	"context"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// planFixture: village A's households at 2026-11-28, each commented with
// its checks, and one flagged household of village B.
func planFixture(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	seed(t, db)
	ids := map[string]int64{}
	add := func(code, village string, m mon, members ...member) int64 {
		ids[code] = addHousehold(t, db, code, village, m, members...)
		return ids[code]
	}
	// fits, development in time: not flagged
	h := add("H1", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202603, identifiedOn: "2026-03-10", risks: "因病"}, worker, elderly)
	addMeasure(t, db, h, TypeHealth, "医疗救助", "2026-03-15")
	addMeasure(t, db, h, TypeEmployment, "务工就业", "2026-04-01")
	// industry only for illness and schooling: two risks mismatched
	h = add("H2", testkit.VillageA, mon{category: "脱贫不稳定户", identified: 202605, risks: "因病,因学"}, worker)
	addMeasure(t, db, h, TypeIndustry, "养殖业", "2026-05-20")
	// nothing at all, labour: mismatch and development overdue
	add("H3", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202609, risks: "因务工就业不稳"}, worker, worker)
	// no labour, no 兜底: mismatch and safety net missing
	add("H4", testkit.VillageA, mon{category: "突发严重困难户", identified: 202610, risks: "因缺劳动力"}, elderly, elderly,
		member{labour: "普通劳动力", left: true})
	// identified eight days ago: development pending, not flagged
	h = add("H5", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202611, identifiedOn: "2026-11-20", risks: "因病"}, worker)
	addMeasure(t, db, h, TypeHealth, "家庭医生签约", "2026-11-21")
	// eliminated: not monitored
	add("H6", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202201, eliminated: true, elimMonth: 202406, risks: "因病"}, worker)
	// re-marked, its old insurance measure still counts (started late)
	h = add("H7", testkit.VillageA, mon{category: "脱贫不稳定户", identified: 202201, elimMonth: 202306, remarked: 202609, risks: "因意外事故"}, worker)
	addMeasure(t, db, h, TypeFinance, "防贫保险", "2022-03-01")
	// identified after as_of
	add("H8", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202612, risks: "因病"}, worker)
	add("HB", testkit.VillageB, mon{category: "边缘易致贫户", identified: 202603, risks: "因病"}, worker)
	return ids
}

func codes(rows []Row) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Code)
	}
	return strings.Join(out, ",")
}

func TestMismatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		planFixture(t, db)
		asOf := day("2026-11-28")
		cases := []struct {
			scope store.Scope
			f     Filter
			want  string
			total int
		}{
			{cadreA.Scope(), Filter{}, "H2,H3,H4", 3},
			{cadreA.Scope(), Filter{Kind: KindRisk}, "H2,H3,H4", 3},
			{cadreA.Scope(), Filter{Kind: KindDevelopment}, "H3", 1},
			{cadreA.Scope(), Filter{Kind: KindSafetyNet}, "H4", 1},
			{townU.Scope(), Filter{}, "H2,H3,H4,HB", 4},
			{townU.Scope(), Filter{Region: testkit.VillageB}, "HB", 1},
			{cadreA.Scope(), Filter{PerPage: 2, Page: 2}, "H4", 3},
			{cadreA.Scope(), Filter{AsOf: day("2026-09-30")}, "H2,H3", 2}, // H3 mismatched (its development still pending), H4 not yet identified
		}
		for i, c := range cases {
			if c.f.AsOf.IsZero() {
				c.f.AsOf = asOf
			}
			rows, total, err := Mismatches(ctx, db.Reader(), c.scope, c.f)
			if err != nil || codes(rows) != c.want || total != c.total {
				t.Errorf("case %d: %s of %d, %v; want %s of %d", i, codes(rows), total, err, c.want, c.total)
			}
			if c.f.Page == 0 {
				if all := forEachMismatch(t, db, c.scope, c.f); codes(all) != c.want {
					t.Errorf("case %d: ForEachMismatch %s, want %s", i, codes(all), c.want)
				}
			}
		}
		rows, _, _ := Mismatches(ctx, db.Reader(), cadreA.Scope(), Filter{AsOf: asOf})
		h2, h3, h4 := rows[0], rows[1], rows[2]
		if strings.Join(h2.Mismatched, ",") != "因病,因学" || h2.DevelopmentOverdue || h2.HeadName != "H2成员0" || len(h2.Failures) != 2 {
			t.Errorf("H2 %+v", h2)
		}
		if !h3.DevelopmentOverdue || h3.DevelopmentDeadline != "2026-10-01" || h3.Members != 2 {
			t.Errorf("H3 %+v", h3)
		}
		if !h4.SafetyNetMissing || h4.Members != 2 || h4.Failures[0].Basis == "" || !hasHan(h4.Failures[1].Explanation) {
			t.Errorf("H4 %+v", h4)
		}
		if _, _, err := Mismatches(ctx, db.Reader(), cadreA.Scope(), Filter{Kind: "all"}); !isInvalid(err, "kind") {
			t.Errorf("unknown kind: %v", err)
		}
		if _, _, err := Mismatches(ctx, db.Reader(), cadreA.Scope(), Filter{Region: testkit.VillageB}); !isNotFound(err) {
			t.Errorf("region outside the scope: %v", err)
		}
	})
}

// forEachMismatch gathers ForEachMismatch's rows, explained two at a time.
func forEachMismatch(t *testing.T, db *store.DB, scope store.Scope, f Filter) []Row {
	t.Helper()
	defer func(n int) { explainBatch = n }(explainBatch)
	explainBatch = 2
	var out []Row
	err := ForEachMismatch(context.Background(), db.Reader(), scope, f, func(r Row) error {
		if r.HeadName == "" || len(r.Failures) == 0 {
			t.Errorf("%s unexplained: %+v", r.Code, r)
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlanFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		planFixture(t, db)
		cases := []struct {
			scope           store.Scope
			asOf            string
			mismatch, nodev Count
		}{
			{cadreA.Scope(), "2026-11-28", Count{3, 5}, Count{1, 2}},
			{townU.Scope(), "2026-11-28", Count{4, 6}, Count{2, 3}},
			// before H3's deadline (2026-10-01) and before H4 was identified
			{cadreA.Scope(), "2026-09-30", Count{2, 3}, Count{0, 0}},
			// H6 monitored until its elimination in 2024-06; H7 eliminated in 2023-06, re-marked only in 2026-09
			{cadreA.Scope(), "2024-05-31", Count{1, 1}, Count{1, 1}},
		}
		for _, c := range cases {
			fig, err := PlanFigures(context.Background(), db.Reader(), c.scope, day(c.asOf))
			if err != nil || fig.PlanMismatch != c.mismatch || fig.NoDevelopmentMeasure != c.nodev {
				t.Errorf("%s %s: %+v %v, want %v %v", c.scope, c.asOf, fig, err, c.mismatch, c.nodev)
			}
		}
	})
}

func TestCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := planFixture(t, db)
		rep, err := Check(ctx, db.Reader(), cadreA.Scope(), ids["H7"], day("2026-11-28"))
		if err != nil || !rep.Monitored || rep.Flagged() || rep.Facts.HeadName != "H7成员0" {
			t.Fatalf("H7 %+v %v", rep, err)
		}
		if r := find(rep, RuleDevelopment, ""); r.Status != StatusOK || r.Note == "" || r.Deadline != "2022-02-01" {
			t.Errorf("H7 development %+v", r)
		}
		rep, err = Check(ctx, db.Reader(), cadreA.Scope(), ids["H8"], day("2026-11-28"))
		if err != nil || rep.Monitored || len(rep.Results) != 0 {
			t.Errorf("H8 not monitored yet: %+v %v", rep, err)
		}
		rep, _ = Check(ctx, db.Reader(), cadreA.Scope(), ids["H1"], day("2026-11-28"))
		if r := find(rep, RuleDevelopment, ""); r.Status != StatusOK || r.Deadline != "2026-04-10" || r.Note != "" {
			t.Errorf("H1 development %+v", r)
		}
		if _, err := Check(ctx, db.Reader(), cadreA.Scope(), 99999, day("2026-11-28")); !isNotFound(err) {
			t.Errorf("unknown household: %v", err)
		}
	})
}
