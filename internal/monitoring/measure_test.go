package monitoring

import (
	"context"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestMeasureLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202603}, worker)
		loan := addMeasure(t, db, hh, TypeFinance, "小额信贷", "2026-04-01")
		if loan.Status != StatusPlanned || !loan.ContinuesAfterExit || loan.Region != testkit.VillageA {
			t.Errorf("new measure %+v", loan)
		}
		no := false
		var edited Measure
		err := tx(t, db, func(q store.Querier) error {
			var err error
			edited, err = UpdateMeasure(ctx, q, cadreA.Scope(), cadreA, loan.ID, MeasureInput{Type: TypeFinance,
				Subtype: "小额信贷", Owner: "县农商行", StartOn: "2026-04-02", DueOn: "2029-04-01", AmountFen: 5_000_000,
				ContinuesAfterExit: &no}, now)
			return err
		})
		if err != nil || edited.Owner != "县农商行" || edited.ContinuesAfterExit || edited.Status != StatusPlanned {
			t.Fatalf("UpdateMeasure %+v %v", edited, err)
		}
		progress := func(p ProgressInput) (Measure, error) {
			var m Measure
			err := tx(t, db, func(q store.Querier) error {
				var err error
				m, err = AddProgress(ctx, q, cadreA.Scope(), cadreA, loan.ID, p, now)
				return err
			})
			return m, err
		}
		if _, err := progress(ProgressInput{On: "2026-04-02", Status: StatusInProgress, Note: "贷款已发放"}); err != nil {
			t.Fatal(err)
		}
		if _, err := progress(ProgressInput{On: "2026-06-30", Note: "按期付息"}); err != nil {
			t.Fatal(err)
		}
		for field, p := range map[string]ProgressInput{
			"on":     {On: "2026-12-01", Note: "未来"},
			"status": {On: "2026-07-01", Status: "paused"},
			"note":   {On: "2026-07-01"},
		} {
			if _, err := progress(p); !isInvalid(err, field) {
				t.Errorf("progress %s: %v", field, err)
			}
		}
		got, err := FindMeasure(ctx, db.Reader(), cadreA.Scope(), loan.ID)
		if err != nil || got.Status != StatusInProgress || len(got.Updates) != 2 || got.Updates[1].StatusAfter != StatusInProgress ||
			got.Updates[0].Note != "贷款已发放" || got.AmountFen != 5_000_000 {
			t.Fatalf("FindMeasure %+v %v", got, err)
		}
		err = tx(t, db, func(q store.Querier) error {
			_, err := UpdateMeasure(ctx, q, cadreA.Scope(), cadreA, loan.ID, MeasureInput{Type: TypeFinance,
				Subtype: "小额信贷", Owner: "x", StartOn: "2026-04-02", DueOn: "2029-04-01", Status: StatusDone}, now)
			return err
		})
		if !isInvalid(err, "status") {
			t.Errorf("status changed without a dated entry: %v", err)
		}
		addMeasure(t, db, hh, TypeHealth, "医疗救助", "2026-03-20")
		list, err := Measures(ctx, db.Reader(), cadreA.Scope(), hh)
		if err != nil || len(list) != 2 || list[0].Type != TypeHealth || len(list[1].Updates) != 2 {
			t.Fatalf("Measures %+v %v", list, err)
		}
		if _, n, _ := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "monitoring.measure.progress"}); n != 2 {
			t.Errorf("%d progress entries", n)
		}
	})
}

func TestMeasureInputRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{}, worker)
		good := MeasureInput{Type: TypeHealth, Subtype: "医疗救助", Owner: "镇卫生院", StartOn: "2026-04-01", DueOn: "2026-05-01"}
		cases := map[string]func(m *MeasureInput){
			"type":     func(m *MeasureInput) { m.Type = "扶志" },
			"subtype":  func(m *MeasureInput) { m.Subtype = "养殖业" },
			"owner":    func(m *MeasureInput) { m.Owner = " " },
			"start_on": func(m *MeasureInput) { m.StartOn = "" },
			"due_on":   func(m *MeasureInput) { m.DueOn = "2026-03-31" },
			"amount":   func(m *MeasureInput) { m.AmountFen = -1 },
			"status":   func(m *MeasureInput) { m.Status = "paused" },
		}
		for field, change := range cases {
			in := good
			change(&in)
			err := tx(t, db, func(q store.Querier) error {
				_, err := AddMeasure(context.Background(), q, cadreA.Scope(), cadreA, hh, in, now)
				return err
			})
			if !isInvalid(err, field) {
				t.Errorf("%s: %v", field, err)
			}
		}
		err := tx(t, db, func(q store.Querier) error {
			_, err := AddMeasure(context.Background(), q, viewerA.Scope(), viewerA, hh, good, now)
			return err
		})
		if !isForbidden(err) {
			t.Errorf("viewer: %v", err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM measures"); n != 0 {
			t.Errorf("%d measures stored", n)
		}
	})
}

func TestDueMeasures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{}, worker)
		add := func(due string, status Status) {
			in := MeasureInput{Type: TypeHousing, Subtype: "危房改造", Owner: "住建", StartOn: "2026-01-01", DueOn: due, Status: status}
			if err := tx(t, db, func(q store.Querier) error {
				_, err := AddMeasure(ctx, q, cadreA.Scope(), cadreA, hh, in, now)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		add("2026-11-20", StatusInProgress) // overdue
		add("2026-11-28", StatusPlanned)    // due today
		add("2026-12-05", StatusPlanned)    // in 7 days
		add("2026-12-06", StatusPlanned)    // in 8 days
		add("2026-11-01", StatusDone)
		add("2026-11-01", StatusCancelled)
		due, err := DueMeasures(ctx, db.Reader(), cadreA.Scope(), day("2026-11-28"), 7)
		if err != nil || len(due) != 3 || !due[0].Overdue || due[1].Overdue || due[2].DueOn != "2026-12-05" || due[0].HouseholdCode != "H1" || due[0].HeadName != "H1成员0" {
			t.Fatalf("DueMeasures %+v %v", due, err)
		}
		if due, _ := DueMeasures(ctx, db.Reader(), cadreA.Scope(), day("2026-11-28"), 0); len(due) != 2 {
			t.Errorf("due today or overdue: %d", len(due))
		}
		if _, err := DueMeasures(ctx, db.Reader(), cadreA.Scope(), day("2026-11-28"), -1); !isInvalid(err, "within") {
			t.Errorf("negative days: %v", err)
		}
	})
}

func TestFitRulesTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed(t, db)
		seed(t, db) // idempotent
		rules, err := FitRules(ctx, db.Reader())
		if err != nil || len(rules) != len(defaultRows) || rules[0].RiskType != "因病" || rules[len(rules)-1].RiskType != "因缺劳动力" {
			t.Fatalf("FitRules %d %v", len(rules), err)
		}
		set := func(r FitRule) (FitRule, error) {
			var out FitRule
			err := tx(t, db, func(q store.Querier) error {
				var err error
				out, err = SetFitRule(ctx, q, adminU, r, now)
				return err
			})
			return out, err
		}
		added, err := set(FitRule{RiskType: "因病", MeasureType: TypeSocial, Basis: "社会帮扶可缓解因病困难。"})
		if err != nil {
			t.Fatal(err)
		}
		first := rules[0]
		if err := tx(t, db, func(q store.Querier) error { return DeleteFitRule(ctx, q, adminU, first.ID, now) }); err != nil {
			t.Fatal(err)
		}
		seed(t, db) // does not bring the deleted row back
		rules, _ = FitRules(ctx, db.Reader())
		if len(rules) != len(defaultRows) {
			t.Errorf("%d rules after add and delete", len(rules))
		}
		for _, r := range rules {
			if r.ID == first.ID {
				t.Error("the seed restored a deleted row")
			}
		}
		if r, err := set(FitRule{RiskType: first.RiskType, MeasureType: first.MeasureType, MeasureSubtype: first.MeasureSubtype,
			Basis: "恢复。"}); err != nil || r.ID != first.ID || r.Source != "admin" {
			t.Errorf("revive %+v %v", r, err)
		}
		for field, r := range map[string]FitRule{
			"risk_type":       {RiskType: "其他", MeasureType: TypeSocial, Basis: "x"},
			"measure_type":    {RiskType: "因病", MeasureType: "扶志", Basis: "x"},
			"measure_subtype": {RiskType: "因病", MeasureType: TypeSocial, MeasureSubtype: "养殖业", Basis: "x"},
			"basis":           {RiskType: "因病", MeasureType: TypeSocial},
		} {
			if _, err := set(r); !isInvalid(err, field) {
				t.Errorf("%s: %v", field, err)
			}
		}
		err = tx(t, db, func(q store.Querier) error {
			_, err := SetFitRule(ctx, q, townU, FitRule{RiskType: "因病", MeasureType: TypeSocial, Basis: "x"}, now)
			return err
		})
		if !isForbidden(err) {
			t.Errorf("a township user changed the table: %v", err)
		}
		if err := tx(t, db, func(q store.Querier) error { return DeleteFitRule(ctx, q, adminU, added.ID+999, now) }); !isNotFound(err) {
			t.Errorf("delete unknown: %v", err)
		}
		if _, n, _ := audit.Find(ctx, db.Reader(), store.ScopeAll(), audit.Filter{Action: "monitoring.fit_rule.set"}); n != 2 {
			t.Errorf("%d audit entries", n)
		}
	})
}
