package casework

import (
	"context"
	"testing"

	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The TestScope* tests are what the store's mutant test runs with one
// scope filter dropped at a time: each store function's filter must be
// caught by one of them. A case of village B must never be found, listed,
// counted or acted on with village A's scope.

func TestScopeCaseOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := db.Reader()
		a, b := cadreA.Scope(), store.MustScope(testkit.VillageB)
		mine := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-a"}, t0)
		theirs := open(t, db, NewCase{Region: testkit.VillageB, IDIndex: "idx-b"}, t0)
		if _, _, err := Find(ctx, r, a, theirs.ID); !isNotFound(err) {
			t.Errorf("Find: %v", err)
		}
		if _, _, err := Find(ctx, r, a, mine.ID); err != nil {
			t.Errorf("Find own: %v", err)
		}
		if ev, err := Events(ctx, r, a, theirs.ID); err != nil || len(ev) != 0 {
			t.Errorf("Events: %v, %v", ev, err)
		}
		if ev, err := Events(ctx, r, b, theirs.ID); err != nil || len(ev) != 1 {
			t.Errorf("Events own: %v, %v", ev, err)
		}
		cs, total, err := List(ctx, r, a, Filter{})
		if err != nil || total != 1 || len(cs) != 1 || cs[0].ID != mine.ID {
			t.Errorf("List: %v of %d, %v", cs, total, err)
		}
		if _, ok, err := FindOpenByIDIndex(ctx, r, a, "idx-b"); ok || err != nil {
			t.Errorf("FindOpenByIDIndex: %v, %v", ok, err)
		}
		if _, ok, _ := FindOpenByIDIndex(ctx, r, b, "idx-b"); !ok {
			t.Error("FindOpenByIDIndex own: not found")
		}
		if n, err := CountSelfReports(ctx, r, a, days(5)); err != nil || n.Total != 1 || n.Overdue != 1 {
			t.Errorf("CountSelfReports: %+v, %v", n, err)
		}
	})
}

// TestScopeListOneVillage: a county's list narrowed to village A holds
// village A's cases only.
func TestScopeListOneVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mine := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-a"}, t0)
		open(t, db, NewCase{Region: testkit.VillageB, IDIndex: "idx-b"}, t0)
		cs, total, err := List(context.Background(), db.Reader(), countyU.Scope(), Filter{Region: testkit.VillageA})
		if err != nil || total != 1 || len(cs) != 1 || cs[0].ID != mine.ID {
			t.Errorf("List of village A: %v of %d, %v", cs, total, err)
		}
	})
}

func TestScopeActOnAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		theirs := open(t, db, NewCase{Region: testkit.VillageB}, t0)
		must(t, db, townUser, theirs.ID, ActAccept, nil, days(0), StateAccepted)
		if _, err := act(db, cadreA, theirs.ID, ActVerify, goodData[ActVerify], days(1)); !isNotFound(err) {
			t.Errorf("Act: %v", err)
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := AddNote(ctx, tx, cadreA.Scope(), theirs.ID, cadreA, "x", days(1))
			return err
		})
		if !isNotFound(err) {
			t.Errorf("AddNote: %v", err)
		}
		got, events := findCase(t, db, theirs.ID)
		if got.State != StateAccepted || len(events) != 2 {
			t.Errorf("case changed: %s, %d events", got.State, len(events))
		}
	})
}

// TestScopeHouseholdOfAnotherVillage: a household outside the scope is not
// found when a case is opened for it or linked to it.
func TestScopeHouseholdOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hhB := addHousehold(t, db, "6203211002020009", testkit.VillageB, false)
		a := cadreA.Scope()
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := Open(ctx, tx, a, NewCase{Region: testkit.VillageA, HouseholdID: hhB, HeadName: "张三", Source: SourceScreening}, t0, fixed)
			return err
		})
		if !isNotFound(err) {
			t.Errorf("Open: %v", err)
		}
		mine := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		err = db.Transact(ctx, func(tx *store.Tx) error {
			_, err := Link(ctx, tx, a, mine.ID, cadreA, hhB, days(1))
			return err
		})
		if !isNotFound(err) {
			t.Errorf("Link: %v", err)
		}
	})
}

// TestScopeEnrolHouseholdMovedAway: a household that moved out of the
// county after its case was opened is not enrolled by that county.
func TestScopeEnrolHouseholdMovedAway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "6203211002010010", testkit.VillageA, false)
		c := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: hh}, t0)
		walkToCountyApproved(t, db, c.ID)
		if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET region_code = ?, county = ? WHERE id = ?", testkit.OtherVillage,
			region.County(testkit.OtherVillage), hh); err != nil {
			t.Fatal(err)
		}
		if _, err := act(db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(11)); !isNotFound(err) {
			t.Errorf("enrolled a household of another county: %v", err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE id = ? AND category = ''", hh); n != 1 {
			t.Error("household of another county changed")
		}
	})
}

func TestScopeRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var zero store.Scope
		c := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		if _, _, err := Find(ctx, db.Reader(), zero, c.ID); err == nil {
			t.Error("Find without a scope")
		}
		if _, _, err := List(ctx, db.Reader(), zero, Filter{}); err == nil {
			t.Error("List without a scope")
		}
		if _, err := CountSelfReports(ctx, db.Reader(), zero, t0); err == nil {
			t.Error("CountSelfReports without a scope")
		}
	})
}

// TestScopeForEach: the whole-list walk of an export keeps to the scope and
// gives List's rows in List's order.
func TestScopeForEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := cadreA.Scope()
		first := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-1"}, t0)
		open(t, db, NewCase{Region: testkit.VillageB, IDIndex: "idx-b"}, t0)
		second := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-2"}, t0)
		var got []int64
		err := ForEach(ctx, db.Reader(), a, Filter{}, func(c Case) error { got = append(got, c.ID); return nil })
		if err != nil || len(got) != 2 {
			t.Fatalf("ForEach: %v, %v", got, err)
		}
		listed, _, err := List(ctx, db.Reader(), a, Filter{})
		if err != nil || len(listed) != 2 || listed[0].ID != got[0] || listed[1].ID != got[1] {
			t.Errorf("ForEach %v, List %v (%v)", got, listed, err)
		}
		if got[0] != first.ID && got[0] != second.ID {
			t.Errorf("foreign case %d", got[0])
		}
		if err := ForEach(ctx, db.Reader(), a, Filter{Region: testkit.VillageB}, func(Case) error { return nil }); !isNotFound(err) {
			t.Errorf("foreign region: %v", err)
		}
	})
}

// TestScopeNoticeList: village A's public-notice list holds village A's
// notices and none of village B's, though both began in the period.
func TestScopeNoticeList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mine := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		theirs := open(t, db, NewCase{Region: testkit.VillageB}, t0)
		for _, id := range []int64{mine.ID, theirs.ID} {
			if _, err := db.Writer().ExecContext(ctx, "UPDATE cases SET notice_start = '2026-11-10' WHERE id = ?", id); err != nil {
				t.Fatal(err)
			}
		}
		var got []int64
		err := ForEachNotice(ctx, db.Reader(), cadreA.Scope(), testkit.VillageA, "2026-11-01", "2026-11-30",
			func(e NoticeEntry) error { got = append(got, e.ID); return nil })
		if err != nil || len(got) != 1 || got[0] != mine.ID {
			t.Errorf("village A's notices: %v (want [%d]), %v", got, mine.ID, err)
		}
	})
}

// TestScopeCountOverdue: a village's overdue cases leave out the other
// village's.
func TestScopeCountOverdue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		open(t, db, NewCase{Region: testkit.VillageA}, days(0))
		open(t, db, NewCase{Region: testkit.VillageB, Source: SourceScreening}, days(0))
		all, self, err := CountOverdue(context.Background(), db.Reader(), store.MustScope(testkit.VillageB), days(5))
		if err != nil || all != 1 || self != 0 {
			t.Errorf("village B: %d overdue, %d of them self-reports: %v", all, self, err)
		}
	})
}
