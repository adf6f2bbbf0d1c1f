package casework

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestForEachNotice: the cases whose notice began in the period (both days
// included), by village and day, with the household's size and category
// and the step proposed; a region outside the scope is not found.
func TestForEachNotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		elim := addHousehold(t, db, "6203211002020001", testkit.VillageB, true)
		plain := addHousehold(t, db, "6203211002010001", testkit.VillageA, false)
		starts := map[int64]string{}
		for _, c := range []struct {
			village string
			hh      int64
			start   string
		}{{testkit.VillageB, elim, "2026-11-01"}, {testkit.VillageA, plain, "2026-11-30"}, {testkit.VillageA, 0, "2026-10-31"}, {testkit.VillageA, 0, ""}} {
			cs := open(t, db, NewCase{Region: c.village, HouseholdID: c.hh}, t0)
			if _, err := db.Writer().ExecContext(ctx, "UPDATE cases SET notice_start = ? WHERE id = ?", c.start, cs.ID); err != nil {
				t.Fatal(err)
			}
			starts[cs.ID] = c.start
		}
		var got [][]any
		err := ForEachNotice(ctx, db.Reader(), store.MustScope(testkit.County), testkit.Township, "2026-11-01", "2026-11-30",
			func(e NoticeEntry) error {
				got = append(got, []any{e.Region, e.NoticeStart, e.HouseholdCode, e.Members, e.HouseholdCategory, e.Proposal()})
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		want := [][]any{
			{testkit.VillageA, "2026-11-30", "6203211002010001", 3, "", "拟纳入监测"},
			{testkit.VillageB, "2026-11-01", "6203211002020001", 3, "边缘易致贫户", "拟纳入监测"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("notice list\n got %v\nwant %v", got, want)
		}
		if err := ForEachNotice(ctx, db.Reader(), store.MustScope(testkit.Township2), testkit.Township, "2026-11-01", "2026-11-30",
			func(NoticeEntry) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another township: %v", err)
		}
		if e := (NoticeEntry{Case: Case{Purpose: PurposeElimination}}); e.Proposal() != "拟消除风险" {
			t.Errorf("elimination proposal %q", e.Proposal())
		}
	})
}
