package screening

import (
	"context"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// setRule stores a version recorded at createdAt and fails on error.
func setRule(t *testing.T, db *store.DB, v RuleVersion, createdAt string) RuleVersion {
	t.Helper()
	if v.CreatedBy == "" {
		v.CreatedBy = "xian"
	}
	v.CreatedAt = createdAt
	out, err := SetRule(context.Background(), db.Writer(), v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVersionInForce: a screen applies the version in force at its as_of;
// a version taking effect later does not change an earlier as_of's result.
func TestVersionInForce(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		hh, head := w.family(villageA, 2)
		w.claim(head, 20260301, 1_500_000)
		v := setRule(t, w.db, RuleVersion{Rule: MedicalOOP, EffectiveFrom: "2026-06-01", Enabled: true, AmountFen: 1_000_000,
			Percent: 50, WindowMonths: 12}, "2026-05-20T02:00:00Z")
		if res := w.screen("2026-05-31"); res.Rules[MedicalOOP].Households != 0 {
			t.Errorf("before the version: %+v", res.Rules[MedicalOOP])
		}
		if res := w.screen("2026-06-01"); res.Rules[MedicalOOP].NewWarnings != 1 {
			t.Errorf("from the version: %+v", res.Rules[MedicalOOP])
		}
		x := w.warning(hh, MedicalOOP)
		if x.Threshold.ID != v.ID || x.Threshold.AmountFen != 1_000_000 || x.Threshold.EffectiveFrom != "2026-06-01" ||
			x.Threshold.CreatedBy != "xian" {
			t.Errorf("threshold %+v", x.Threshold)
		}
		setRule(t, w.db, RuleVersion{Rule: MedicalOOP, EffectiveFrom: "2026-09-01", Enabled: true, AmountFen: 3_000_000,
			Percent: 50, WindowMonths: 12}, "2026-08-20T02:00:00Z")
		if res := w.screen("2026-08-31"); res.Rules[MedicalOOP].Households != 1 {
			t.Errorf("a later version changed an earlier as_of: %+v", res.Rules[MedicalOOP])
		}
		if res := w.screen("2026-09-01"); res.Rules[MedicalOOP].Households != 0 {
			t.Errorf("the later version is not applied: %+v", res.Rules[MedicalOOP])
		}
	})
}

// TestRegionOverride: the most specific region's version wins, whatever
// the effective dates; a village may switch a rule off.
func TestRegionOverride(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		created := "2025-12-01T00:00:00Z"
		setRule(t, w.db, RuleVersion{Rule: MedicalOOP, Region: county, EffectiveFrom: "2026-01-01", Enabled: true,
			AmountFen: 1_000_000, Percent: 50, WindowMonths: 12}, created)
		setRule(t, w.db, RuleVersion{Rule: MedicalOOP, EffectiveFrom: "2026-02-01", Enabled: true,
			AmountFen: 5_000_000, Percent: 50, WindowMonths: 12}, created)
		setRule(t, w.db, RuleVersion{Rule: MedicalOOP, Region: villageB, EffectiveFrom: "2026-01-01", Enabled: false}, created)
		inCounty, h1 := w.family(villageA, 2)
		offVillage, h2 := w.family(villageB, 2)
		elsewhere, h3 := w.family(villageX, 2)
		for _, h := range []int64{h1, h2, h3} {
			w.claim(h, 20260301, 1_500_000)
		}
		big, h4 := w.family(villageX, 2)
		w.claim(h4, 20260301, 5_000_001)
		check(t, w, MedicalOOP, []int64{inCounty, big})
		_, _ = offVillage, elsewhere
		if x := w.warning(inCounty, MedicalOOP); x.Threshold.Region != county || x.Threshold.AmountFen != 1_000_000 {
			t.Errorf("threshold %+v", x.Threshold)
		}
		vs, err := Rules(context.Background(), w.db.Reader(), villageB, day(asOf))
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 9 || vs[0].Rule != MedicalOOP || vs[0].Enabled || vs[0].Region != villageB || vs[1].ID != 0 ||
			vs[1] != Default(IncomeBelowRange) {
			t.Errorf("rules of village B: %+v", vs)
		}
		vs, _ = Rules(context.Background(), w.db.Reader(), "", day(asOf))
		if vs[0].AmountFen != 5_000_000 || vs[0].Region != "" {
			t.Errorf("national rules: %+v", vs[0])
		}
	})
}

// TestSetRuleRefuses: settings are checked and never rewrite the past.
func TestSetRuleRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const now = "2026-11-28T02:00:00Z" // 10:00 in China
		good := RuleVersion{Rule: DisasterLoss, EffectiveFrom: "2026-12-01", Enabled: true, AmountFen: 800_000, Percent: 30,
			WindowMonths: 12, CreatedBy: "xian", CreatedAt: now}
		stored := setRule(t, db, good, now)
		if stored.ID == 0 {
			t.Fatal("no id")
		}
		mod := func(f func(*RuleVersion)) RuleVersion { v := good; f(&v); return v }
		cases := []struct {
			name  string
			v     RuleVersion
			field string
		}{
			{"unknown rule", mod(func(v *RuleVersion) { v.Rule = "nope" }), "rule"},
			{"bad region", mod(func(v *RuleVersion) { v.Region = "6203" }), "region"},
			{"bad date", mod(func(v *RuleVersion) { v.EffectiveFrom = "2026-13-01" }), "effective_from"},
			{"before the day recorded", mod(func(v *RuleVersion) { v.EffectiveFrom = "2026-11-27" }), "effective_from"},
			{"not after the latest version", mod(func(v *RuleVersion) { v.EffectiveFrom = "2026-11-30" }), "effective_from"},
			{"same day as the latest", mod(func(v *RuleVersion) { v.EffectiveFrom = "2026-12-01" }), "effective_from"},
			{"no amount", mod(func(v *RuleVersion) { v.EffectiveFrom, v.AmountFen = "2027-01-01", 0 }), "amount_fen"},
			{"percent over 100", mod(func(v *RuleVersion) { v.EffectiveFrom, v.Percent = "2027-01-01", 101 }), "percent"},
			{"no window", mod(func(v *RuleVersion) { v.EffectiveFrom, v.WindowMonths = "2027-01-01", 0 }), "window_months"},
			{"nobody", mod(func(v *RuleVersion) { v.EffectiveFrom, v.CreatedBy = "2027-01-01", " " }), "created_by"},
		}
		for _, c := range cases {
			_, err := SetRule(context.Background(), db.Writer(), c.v)
			if !fault.InvalidOn(err, c.field) || err.Error() == "" {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		ages := RuleVersion{Rule: Dropout, EffectiveFrom: "2026-11-28", Enabled: true, MinAge: 16, MaxAge: 6,
			WindowMonths: 12, CreatedBy: "xian", CreatedAt: now}
		if _, err := SetRule(context.Background(), db.Writer(), ages); err == nil {
			t.Error("ages upside down accepted")
		}
		unused := RuleVersion{Rule: UnsafeHouse, Region: villageA, EffectiveFrom: "2026-11-28", Enabled: true,
			AmountFen: 5, Percent: 5, CreatedBy: "xian", CreatedAt: now}
		if v, err := SetRule(context.Background(), db.Writer(), unused); err != nil || v.AmountFen != 0 || v.Percent != 0 {
			t.Errorf("unused fields: %+v %v", v, err)
		}
	})
}
