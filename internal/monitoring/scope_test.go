package monitoring

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The TestScope* tests are what the store's mutant test runs with one scope
// filter dropped at a time: each scoped function's filter must be caught by
// one of them. Village B's plan must never be read, listed, counted or
// changed with village A's scope.

// bPlan gives village B a household with a worksheet, a cadre and a
// measure that does not fit its risk, written with the township's scope,
// and village A one household whose plan fits.
func bPlan(t *testing.T, db *store.DB) (hhA, hhB int64, measureB int64, cadreB Cadre, user int64) {
	t.Helper()
	seed(t, db)
	ctx := context.Background()
	user = addUser(t, db, "zhen", testkit.Township)
	hhA = addHousehold(t, db, "HA", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202603, risks: "因病"}, worker)
	hhB = addHousehold(t, db, "HB", testkit.VillageB, mon{category: "边缘易致贫户", identified: 202603, risks: "因病"}, worker)
	addMeasure(t, db, hhA, TypeHealth, "医疗救助", "2026-03-15")
	addMeasure(t, db, hhA, TypeEmployment, "务工就业", "2026-03-15")
	measureB = addMeasure(t, db, hhB, TypeIndustry, "养殖业", "2026-03-15").ID
	for _, hh := range []int64{hhA, hhB} {
		c, err := setCadre(t, db, hh, CadreInput{Name: "王芳", Phone: "13812345678", UserID: user, StartOn: "2026-03-10"})
		if err != nil {
			t.Fatal(err)
		}
		cadreB = c
	}
	err := tx(t, db, func(q store.Querier) error {
		_, err := SaveWorksheet(ctx, q, townU.Scope(), townU, hhB, 2025, map[string]int64{"wage.local": 1_000_000}, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hhA, hhB, measureB, cadreB, user
}

func TestScopeReadsOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r, a := db.Reader(), cadreA.Scope()
		hhA, hhB, measureB, cadreB, user := bPlan(t, db)
		if _, err := FindWorksheet(ctx, r, a, hhB, 2025); !isNotFound(err) {
			t.Errorf("FindWorksheet: %v", err)
		}
		if ws, err := Worksheets(ctx, r, a, hhB); err != nil || len(ws) != 0 {
			t.Errorf("Worksheets: %v %v", ws, err)
		}
		if cs, err := Cadres(ctx, r, a, hhB); err != nil || len(cs) != 0 {
			t.Errorf("Cadres: %v %v", cs, err)
		}
		if cs, _ := Cadres(ctx, r, a, hhA); len(cs) != 1 {
			t.Errorf("Cadres own: %v", cs)
		}
		if mine, err := MyHouseholds(ctx, r, a, user); err != nil || len(mine) != 1 || mine[0].ID != hhA {
			t.Errorf("MyHouseholds: %+v %v", mine, err)
		}
		if _, err := FindMeasure(ctx, r, a, measureB); !isNotFound(err) {
			t.Errorf("FindMeasure: %v", err)
		}
		if ms, err := Measures(ctx, r, a, hhB); err != nil || len(ms) != 0 {
			t.Errorf("Measures: %v %v", ms, err)
		}
		if due, err := DueMeasures(ctx, r, a, day("2027-06-30"), 0); err != nil || len(due) != 2 || due[0].HouseholdID != hhA {
			t.Errorf("DueMeasures: %+v %v", due, err)
		}
		if _, err := CadrePhone(ctx, db.Writer(), a, testkit.Keys(t), adminOf(testkit.VillageA), cadreB.ID); !isNotFound(err) {
			t.Errorf("CadrePhone: %v", err)
		}
	})
}

func TestScopeChecksOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r, a := db.Reader(), cadreA.Scope()
		_, hhB, _, _, _ := bPlan(t, db)
		asOf := day("2026-11-28")
		if _, err := Check(ctx, r, a, hhB, asOf); !isNotFound(err) {
			t.Errorf("Check: %v", err)
		}
		if rows, total, err := Mismatches(ctx, r, a, Filter{AsOf: asOf}); err != nil || total != 0 || len(rows) != 0 {
			t.Errorf("Mismatches: %+v %d %v", rows, total, err)
		}
		if rows := forEachMismatch(t, db, a, Filter{AsOf: asOf}); len(rows) != 0 {
			t.Errorf("ForEachMismatch: %+v", rows)
		}
		if fig, err := PlanFigures(ctx, r, a, asOf); err != nil || fig != (Figures{}) {
			t.Errorf("PlanFigures: %+v %v", fig, err)
		}
		if fig, _ := PlanFigures(ctx, r, townU.Scope(), asOf); fig.PlanMismatch != (Count{1, 1}) {
			t.Errorf("PlanFigures of the township: %+v", fig)
		}
	})
}

func TestScopeWritesToAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := cadreA.Scope()
		_, hhB, measureB, _, _ := bPlan(t, db)
		writes := map[string]func(q store.Querier) error{
			"SaveWorksheet": func(q store.Querier) error {
				_, err := SaveWorksheet(ctx, q, a, cadreA, hhB, 2025, nil, now)
				return err
			},
			"SetCadre": func(q store.Querier) error {
				_, err := SetCadre(ctx, q, a, testkit.Keys(t), cadreA, hhB, CadreInput{Name: "甲", StartOn: "2026-11-01"}, now)
				return err
			},
			"EndCadre": func(q store.Querier) error { return EndCadre(ctx, q, a, cadreA, hhB, "2026-11-01", now) },
			"AddMeasure": func(q store.Querier) error {
				_, err := AddMeasure(ctx, q, a, cadreA, hhB, MeasureInput{Type: TypeHealth, Subtype: "医疗救助", Owner: "x",
					StartOn: "2026-11-01", DueOn: "2026-12-01"}, now)
				return err
			},
			"UpdateMeasure": func(q store.Querier) error {
				_, err := UpdateMeasure(ctx, q, a, cadreA, measureB, MeasureInput{Type: TypeHealth, Subtype: "医疗救助",
					Owner: "x", StartOn: "2026-11-01", DueOn: "2026-12-01"}, now)
				return err
			},
			"AddProgress": func(q store.Querier) error {
				_, err := AddProgress(ctx, q, a, cadreA, measureB, ProgressInput{On: "2026-11-01", Note: "x"}, now)
				return err
			},
		}
		for name, w := range writes {
			if err := tx(t, db, w); !isNotFound(err) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM measures WHERE household_id = ? AND type = ?", hhB, TypeIndustry); n != 1 {
			t.Error("village B's measure changed")
		}
	})
}

func TestScopeRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var zero store.Scope
		r := db.Reader()
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{}, worker)
		calls := map[string]error{}
		_, calls["Worksheets"] = Worksheets(ctx, r, zero, hh)
		_, calls["Cadres"] = Cadres(ctx, r, zero, hh)
		_, calls["MyHouseholds"] = MyHouseholds(ctx, r, zero, 1)
		_, calls["Measures"] = Measures(ctx, r, zero, hh)
		_, calls["DueMeasures"] = DueMeasures(ctx, r, zero, now, 0)
		_, calls["Check"] = Check(ctx, r, zero, hh, now)
		_, _, calls["Mismatches"] = Mismatches(ctx, r, zero, Filter{})
		_, calls["PlanFigures"] = PlanFigures(ctx, r, zero, now)
		calls["SaveWorksheet"] = tx(t, db, func(q store.Querier) error {
			_, err := SaveWorksheet(ctx, q, zero, cadreA, hh, 2025, nil, now)
			return err
		})
		for name, err := range calls {
			if err == nil {
				t.Errorf("%s without a scope", name)
			}
		}
	})
}
