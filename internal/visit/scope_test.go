package visit

import (
	"context"
	"errors"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeMustVisitEveryFact: neither a village's nor a county's list
// holds a household outside it, whichever fact would put it on the list:
// another village and another county each have a household for every
// fact. The village's list is read from its households, the county's from
// the department tables (see wide): both ways are checked.
func TestScopeMustVisitEveryFact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		monitored := Group{Code: GroupMonitored, Label: "监测对象", Enabled: true, IntervalDays: 30, Position: 10}
		if err := SetGroup(ctx, db.Writer(), "", monitored, "test"); err != nil {
			t.Fatal(err)
		}
		for _, village := range []string{testkit.VillageB, testkit.OtherVillage} {
			everyFact(t, db, village)
		}
		hh{code: "mine", persons: []p{{dibao: true}}}.add(t, db)
		for _, scope := range []store.Scope{store.MustScope(testkit.VillageA), store.MustScope(testkit.County)} {
			got := list(t, db, scope, Filter{})
			for code, e := range got {
				if !scope.Contains(e.Region) {
					t.Errorf("%v lists %s of %s: %s", scope, code, e.Region, e.Labels())
				}
			}
			if got["mine"].Code == "" {
				t.Errorf("%v does not list its own household", scope)
			}
		}
		if got := list(t, db, store.MustScope(testkit.County), Filter{}); len(got) != 11 {
			t.Errorf("the county lists %d households, want its own 1 and village B's 10", len(got))
		}
	})
}

// everyFact adds to a village one household per fact that puts a
// household on the must-visit list: 10 households.
func everyFact(t *testing.T, db *store.DB, village string) {
	t.Helper()
	add := func(code string, h hh) (int64, []int64) {
		h.code, h.village = village+"-"+code, village
		return h.add(t, db)
	}
	add("dibao", hh{persons: []p{{dibao: true}}})
	add("disabled", hh{persons: []p{{disabled: true}}})
	_, ps := add("certificate", hh{})
	feed(t, db, "disability", ps[0], "肢体", 1, ymd(2015, 3, 1))
	add("low", hh{incomes: map[int]int64{2025: 1000}})
	add("tekun", hh{persons: []p{{tekun: true}}})
	_, ps = add("jobless", hh{})
	feed(t, db, "employment", ps[0], "失业", "省外", 0, ymd(2026, 9, 1))
	_, ps = add("flood", hh{})
	feed(t, db, "disaster", ps[0], "洪涝", 1500000, ymd(2026, 6, 1))
	_, ps = add("death", hh{persons: []p{{}, {left: true}}})
	feed(t, db, "death", ps[1], ymd(2026, 11, 1))
	add("monitored", hh{monitored: true})
	id, _ := add("warned", hh{})
	warning(t, db, id, village, "open")
}

// TestScopeForEachMustVisit: the whole list as an export reads it keeps to
// the scope and is MustVisit's, in its order, with heads filled in batch
// after batch.
func TestScopeForEachMustVisit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		everyFact(t, db, testkit.VillageB)
		everyFact(t, db, testkit.OtherVillage)
		hh{code: "mine", persons: []p{{dibao: true}}}.add(t, db)
		scope := store.MustScope(testkit.County)
		listed, total, err := MustVisit(ctx, db.Reader(), scope, Filter{PerPage: 500}, asOf)
		if err != nil || total != 10 {
			t.Fatalf("MustVisit: %d, %v", total, err)
		}
		defer func(n int) { detailBatch = n }(detailBatch)
		detailBatch = 3
		var got []Entry
		err = ForEachMustVisit(ctx, db.Reader(), scope, Filter{}, asOf, func(e Entry) error {
			got = append(got, e)
			return nil
		})
		if err != nil || len(got) != len(listed) {
			t.Fatalf("ForEachMustVisit: %d entries, %v", len(got), err)
		}
		for i, e := range got {
			if !scope.Contains(e.Region) || e.Code != listed[i].Code || e.HeadName != listed[i].HeadName || e.Labels() != listed[i].Labels() {
				t.Errorf("entry %d: %+v, MustVisit has %+v", i, e, listed[i])
			}
		}
		if err := ForEachMustVisit(ctx, db.Reader(), scope, Filter{Region: testkit.OtherVillage}, asOf, func(Entry) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("foreign region: %v", err)
		}
	})
}
