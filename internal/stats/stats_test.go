package stats

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEliminatedAt(t *testing.T) {
	cases := []struct {
		r    Row
		asOf int
		want bool
	}{
		{Row{Eliminated: true, EliminatedMonth: 202405}, 202404, false},
		{Row{Eliminated: true, EliminatedMonth: 202405}, 202405, true},
		{Row{Eliminated: false, EliminatedMonth: 202405}, 202612, false},                       // month kept but not eliminated
		{Row{Eliminated: false, EliminatedMonth: 202405, RemarkedMonth: 202603}, 202602, true}, // eliminated, later re-marked
		{Row{Eliminated: false, EliminatedMonth: 202405, RemarkedMonth: 202603}, 202603, false},
		{Row{Eliminated: true, EliminatedMonth: 202609, RemarkedMonth: 202603}, 202610, true},
	}
	for i, c := range cases {
		if got := EliminatedAt(c.r, c.asOf); got != c.want {
			t.Errorf("case %d: EliminatedAt = %v, want %v", i, got, c.want)
		}
	}
}

func TestTally(t *testing.T) {
	rows := []Row{
		{Category: "脱贫不稳定户", IdentifiedMonth: 202602, Members: 3},
		{Category: "边缘易致贫户", IdentifiedMonth: 202601, Members: 2},
		{Category: "边缘易致贫户", IdentifiedMonth: 202512, Members: 4},
		{Category: "突发严重困难户", IdentifiedMonth: 202212, Eliminated: true, EliminatedMonth: 202306, Members: 5},
		{Category: "脱贫不稳定户", IdentifiedMonth: 202101, EliminatedMonth: 202201, RemarkedMonth: 202611, Members: 1},
		{Category: "脱贫不稳定户", IdentifiedMonth: 202612, Members: 7}, // after as_of
	}
	m := Tally(rows, date("2026-11-28"))
	check := func(name string, got Count, h, p int) {
		if got.Households != h || got.Persons != p {
			t.Errorf("%s = %+v, want %d/%d", name, got, h, p)
		}
	}
	check("identified_this_year", m.IdentifiedThisYear, 2, 5)
	check("remarked_this_year", m.RemarkedThisYear, 1, 1)
	check("cumulative", m.Cumulative, 5, 15)
	check("eliminated", m.Eliminated, 1, 5)
	check("脱贫不稳定户", m.ByCategory["脱贫不稳定户"], 2, 4)
	check("边缘易致贫户", m.ByCategory["边缘易致贫户"], 2, 6)
	check("突发严重困难户", m.ByCategory["突发严重困难户"], 1, 5)
	// as of October the re-marked household still counts as eliminated
	m = Tally(rows, date("2026-10-31"))
	check("eliminated in October", m.Eliminated, 2, 6)
	check("remarked in October", m.RemarkedThisYear, 0, 0)
	// January boundary of identified_this_year
	m = Tally(rows, date("2026-01-01"))
	check("identified on Jan 1", m.IdentifiedThisYear, 1, 2)
}

// fixture imports households: (village, code, type, health of members,
// monitoring columns).
func fixture(t *testing.T, db *store.DB) {
	t.Helper()
	testkit.Regions(t, db)
	lines := []string{registrytest.Head + ",监测对象类别,识别监测时间,风险是否已消除,风险消除方式,消除监测时间"}
	seq := 0
	add := func(village, code, typ string, health []string, mon string) {
		for i, h := range health {
			seq++
			lines = append(lines, fmt.Sprintf("%s,%s,%s,人%d,%s,%s,初中,\"%s\",%s", village, code, typ, seq,
				testkit.ID(seq), registrytest.Relation(i), h, mon))
		}
	}
	add("620321100201", "H1", "脱贫户", []string{"健康", "长期慢性病", "患有大病,长期慢性病"}, "脱贫不稳定户,202603,否,,")
	add("620321100201", "H2", "脱贫户", []string{"健康", "健康"}, ",,,,")
	add("620321100201", "H3", "一般农户", []string{"长期慢性病", "健康", "健康", "健康"}, "边缘易致贫户,202406,是,帮扶消除,202512")
	add("620302100201", "H4", "脱贫户", []string{"残疾"}, "突发严重困难户,202611,否,,")
	add("620302100201", "H5", "一般农户", []string{"健康"}, ",,,,")
	registrytest.Import(t, db, testkit.Keys(t), date("2026-11-28"), lines...)
}

func TestCompute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fixture(t, db)
		ctx := context.Background()
		o, err := Compute(ctx, db, store.ScopeAll(), "620300000000", date("2026-11-28"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Region.Name != "金昌市" || o.AsOf != "2026-11-28" {
			t.Fatalf("region %+v as_of %s", o.Region, o.AsOf)
		}
		if o.Households.Total != 5 || o.Households.FormerlyPoor != 3 || o.Households.Ordinary != 2 {
			t.Fatalf("households %+v", o.Households)
		}
		if o.Persons.Total != 11 || o.Persons.FormerlyPoor != 6 {
			t.Fatalf("persons %+v", o.Persons)
		}
		want := Illness{PersonsIll: 2, Chronic: 1, Major: 1, Households: 1, HouseholdShare: 1.0 / 3}
		if o.Illness != want {
			t.Fatalf("illness %+v, want %+v", o.Illness, want)
		}
		m := o.Monitoring
		if m.Cumulative != (Count{3, 8}) || m.IdentifiedThisYear != (Count{2, 4}) || m.Eliminated != (Count{1, 4}) {
			t.Fatalf("monitoring %+v", m)
		}
		// a county sees only its own households
		o, err = Compute(ctx, db, store.ScopeAll(), "620302000000", date("2026-11-28"))
		if err != nil || o.Households.Total != 2 || o.Persons.Total != 2 || o.Monitoring.Cumulative != (Count{1, 1}) {
			t.Fatalf("county figures %+v %v", o, err)
		}
		// as of an earlier date
		o, _ = Compute(ctx, db, store.ScopeAll(), "620300000000", date("2025-06-30"))
		if o.Monitoring.Cumulative != (Count{1, 4}) || o.Monitoring.Eliminated != (Count{}) || o.Monitoring.IdentifiedThisYear != (Count{}) {
			t.Fatalf("2025 figures %+v", o.Monitoring)
		}
		// a caller scoped to one county cannot read the other
		if _, err := Compute(ctx, db, store.MustScope("620321000000"), "620302000000", date("2026-11-28")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("foreign county readable: %v", err)
		}
		if code, err := DefaultRegion(ctx, db.Reader(), store.ScopeAll()); err != nil || code != "620300000000" {
			t.Fatalf("DefaultRegion = %s, %v", code, err)
		}
		if code, err := DefaultRegion(ctx, db.Reader(), store.MustScope("620321000000")); err != nil || code != "620321100201" {
			t.Fatalf("DefaultRegion of a county = %s, %v", code, err)
		}
	})
}
