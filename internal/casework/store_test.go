package casework

import (
	"context"
	"slices"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestOpenRefusesBadCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hhB := addHousehold(t, db, "6203211002020001", testkit.VillageB, false)
		cases := []struct {
			c     NewCase
			field string
		}{
			{NewCase{Region: testkit.VillageA, Source: SourceSelfReport}, "head_name"},
			{NewCase{Region: testkit.VillageA, HeadName: "张三", Source: "phone"}, "source"},
			{NewCase{Region: testkit.Township, HeadName: "张三", Source: SourceSelfReport}, "region"},
			{NewCase{HeadName: "张三", Source: SourceSelfReport}, "region"},
			{NewCase{Region: testkit.VillageA, HeadName: "张三", Source: SourceWarning, RiskTypes: []string{"因穷"}}, "risk_types"},
			{NewCase{Region: testkit.VillageA, HeadName: "张三", Source: SourceWarning, HouseholdID: hhB}, "household_id"},
		}
		for _, x := range cases {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				_, err := Open(ctx, tx, store.MustScope(testkit.County), x.c, t0, fixed)
				return err
			})
			if !isInvalid(err, x.field) {
				t.Errorf("Open(%+v) = %v, want invalid %s", x.c, err, x.field)
			}
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			viewer := auth.User{ID: 5, Role: auth.RoleViewer, Region: testkit.County}
			_, err := Open(ctx, tx, store.MustScope(testkit.County), NewCase{Region: testkit.VillageA, HeadName: "张三",
				Source: SourceScreening, By: viewer}, t0, fixed)
			return err
		})
		if !isForbidden(err) {
			t.Errorf("a viewer opened a case: %v", err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM cases"); n != 0 {
			t.Errorf("%d cases stored", n)
		}
	})
}

func TestOpenWithoutCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var c Case
		err := db.Transact(ctx, func(tx *store.Tx) error {
			var err error
			c, err = Open(ctx, tx, store.MustScope(testkit.VillageA), NewCase{Region: testkit.VillageA, HeadName: "张三",
				Source: SourceSelfReport, By: cadreA}, t0, FixedDays{StepAccept: 2})
			return err
		})
		if err != nil || c.AcceptDue != "2026-11-04" || c.VerifyDue != "" || c.TotalDue != "" {
			t.Fatalf("Open = %+v, %v", c, err)
		}
		_, events := findCase(t, db, c.ID)
		if len(events) != 1 || events[0].Username != "cun_a" || len(events[0].Data.Strings("deadline_problems")) != 2 {
			t.Errorf("open event %+v", events)
		}
	})
}

// TestListByUrgency lists cases most urgent first, filtered by state,
// region, openness and overdue, paged.
func TestListByUrgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		late := open(t, db, NewCase{Region: testkit.VillageA, HeadName: "甲"}, days(0))   // accept due 11-04
		later := open(t, db, NewCase{Region: testkit.VillageB, HeadName: "乙"}, days(1))  // accept due 11-05
		verify := open(t, db, NewCase{Region: testkit.VillageA, HeadName: "丙"}, days(0)) // verify due 11-07 once accepted
		must(t, db, townUser, verify.ID, ActAccept, nil, days(0), StateAccepted)
		fresh := open(t, db, NewCase{Region: testkit.VillageC, HeadName: "丁"}, days(4)) // accept due 11-08
		closed := open(t, db, NewCase{Region: testkit.VillageA, HeadName: "戊"}, days(-10))
		must(t, db, townUser, closed.ID, ActReject, Data{"reason": "重复"}, days(0), StateClosed)
		all := store.MustScope(testkit.County)
		list := func(f Filter) ([]int64, int) {
			t.Helper()
			cs, total, err := List(ctx, db.Reader(), all, f)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, len(cs))
			for i, c := range cs {
				ids[i] = c.ID
			}
			return ids, total
		}
		check := func(name string, f Filter, want ...int64) {
			t.Helper()
			ids, total := list(f)
			if !slices.Equal(ids, want) || total != len(want) && f.PerPage == 0 {
				t.Errorf("%s: %v (total %d), want %v", name, ids, total, want)
			}
		}
		check("all", Filter{}, late.ID, later.ID, verify.ID, fresh.ID, closed.ID)
		check("open", Filter{Open: true}, late.ID, later.ID, verify.ID, fresh.ID)
		check("overdue on 11-05", Filter{OverdueAt: days(3)}, late.ID)
		check("overdue on 11-08", Filter{OverdueAt: days(6)}, late.ID, later.ID, verify.ID)
		check("township", Filter{Region: testkit.Township}, late.ID, later.ID, verify.ID, closed.ID)
		check("village A, reported", Filter{Region: testkit.VillageA, State: StateReported}, late.ID)
		ids, total := list(Filter{Page: 2, PerPage: 2})
		if !slices.Equal(ids, []int64{verify.ID, fresh.ID}) || total != 5 {
			t.Errorf("page 2: %v of %d", ids, total)
		}
		if _, _, err := List(ctx, db.Reader(), store.MustScope(testkit.Township), Filter{Region: testkit.VillageC}); !isNotFound(err) {
			t.Errorf("a region outside the scope: %v", err)
		}
		if _, _, err := List(ctx, db.Reader(), all, Filter{State: "lost"}); !isInvalid(err, "status") {
			t.Errorf("an unknown state: %v", err)
		}
		cs, _, _ := List(ctx, db.Reader(), all, Filter{OverdueAt: days(6)})
		for _, c := range cs {
			if !c.Overdue(days(6)) {
				t.Errorf("listed as overdue but Overdue() is false: %+v", c)
			}
		}
	})
}

// TestListByHousehold: Filter.HouseholdID keeps one household's cases (the
// household page lists them), within the scope.
func TestListByHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h1 := addHousehold(t, db, "6203210001", testkit.VillageA, false)
		h2 := addHousehold(t, db, "6203210002", testkit.VillageA, false)
		a := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: h1}, days(0))
		open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: h2}, days(0))
		open(t, db, NewCase{Region: testkit.VillageA}, days(0))
		b := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: h1}, days(1))
		cs, total, err := List(ctx, db.Reader(), store.MustScope(testkit.County), Filter{HouseholdID: h1})
		if err != nil || total != 2 || len(cs) != 2 || cs[0].ID != a.ID || cs[1].ID != b.ID {
			t.Fatalf("cases of household 1: %d %v", total, err)
		}
		if _, total, _ := List(ctx, db.Reader(), store.MustScope(testkit.VillageB), Filter{HouseholdID: h1}); total != 0 {
			t.Errorf("another village sees %d cases of the household", total)
		}
	})
}

func TestCountSelfReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		lastYear := time.Date(2025, 12, 20, 9, 0, 0, 0, civil.Zone)
		old := open(t, db, NewCase{Region: testkit.VillageA, HeadName: "甲"}, lastYear)
		must(t, db, townUser, old.ID, ActReject, Data{"reason": "重复"}, lastYear.AddDate(0, 0, 1), StateClosed)
		open(t, db, NewCase{Region: testkit.VillageA, HeadName: "乙"}, days(0))                          // overdue from 11-05
		open(t, db, NewCase{Region: testkit.VillageB, HeadName: "丙"}, days(3))                          // due 11-07
		open(t, db, NewCase{Region: testkit.VillageA, HeadName: "丁", Source: SourceScreening}, days(0)) // not a self-report
		decidedLate := open(t, db, NewCase{Region: testkit.VillageA, HeadName: "戊"}, days(-20))
		must(t, db, townUser, decidedLate.ID, ActReject, Data{"reason": "重复"}, days(6), StateClosed)
		open(t, db, NewCase{Region: testkit.VillageA, HeadName: "己"}, days(30)) // after as_of
		got, err := CountSelfReports(ctx, db.Reader(), store.MustScope(testkit.County), days(5))
		if err != nil {
			t.Fatal(err)
		}
		// as of 11-07: 甲 (last year, handled), 乙 (overdue), 丙, 戊 (opened 10-13, total due 10-28, decided 11-08: overdue then)
		want := Counts{Total: 4, ThisYear: 3, Handled: 1, Overdue: 2}
		if got != want {
			t.Errorf("counts %+v, want %+v", got, want)
		}
		// every source: 丁 too (CountOverdue, the survey report's figure)
		if all, self, err := CountOverdue(ctx, db.Reader(), store.MustScope(testkit.County), days(5)); err != nil || all != 3 || self != got.Overdue {
			t.Errorf("CountOverdue %d, of which self-reports %d: %v", all, self, err)
		}
		got, _ = CountSelfReports(ctx, db.Reader(), store.MustScope(testkit.County), days(6).Add(2*time.Hour))
		if want := (Counts{Total: 4, ThisYear: 3, Handled: 2, Overdue: 2}); got != want { // 丙 is past its acceptance too
			t.Errorf("counts on 11-08 %+v, want %+v", got, want)
		}
	})
}

// TestDuplicateReportsMerge: a second report of the same family while its
// case is open is added to that case.
func TestDuplicateReportsMerge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		scope := store.MustScope(testkit.VillageA)
		c := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-9"}, t0)
		if _, ok, err := FindOpenByIDIndex(ctx, db.Reader(), scope, ""); ok || err != nil {
			t.Errorf("an empty index matched: %v %v", ok, err)
		}
		got, ok, err := FindOpenByIDIndex(ctx, db.Reader(), scope, "idx-9")
		if !ok || err != nil || got.ID != c.ID {
			t.Fatalf("FindOpenByIDIndex = %+v, %v, %v", got, ok, err)
		}
		err = db.Transact(ctx, func(tx *store.Tx) error {
			_, err := AddNote(ctx, tx, scope, c.ID, System, "  又报：孩子住院了  ", days(1))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_, events := findCase(t, db, c.ID)
		if len(events) != 2 || events[1].Action != EventNote || events[1].Comment != "又报：孩子住院了" || events[1].UserID != 0 {
			t.Errorf("timeline %+v", events)
		}
		err = db.Transact(ctx, func(tx *store.Tx) error {
			_, err := AddNote(ctx, tx, scope, c.ID, auth.User{Role: auth.RoleViewer, Region: testkit.VillageA}, "x", days(1))
			return err
		})
		if !isForbidden(err) {
			t.Errorf("a viewer added a note: %v", err)
		}
		must(t, db, townUser, c.ID, ActReject, Data{"reason": "重复"}, days(1), StateClosed)
		if _, ok, _ := FindOpenByIDIndex(ctx, db.Reader(), scope, "idx-9"); ok {
			t.Error("a closed case is still open for merging")
		}
	})
}

func TestLinkLater(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := open(t, db, NewCase{Region: testkit.VillageA, Green: true, RiskTypes: []string{"因意外事故"}}, t0)
		must(t, db, townUser, c.ID, ActAccept, nil, days(0), StateAccepted)
		must(t, db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(0), StateEnrolled)
		hh := addHousehold(t, db, "6203211002010005", testkit.VillageA, false)
		link := func(hh int64) (Case, error) {
			var out Case
			err := db.Transact(ctx, func(tx *store.Tx) error {
				var err error
				out, err = Link(ctx, tx, cadreA.Scope(), c.ID, cadreA, hh, days(1))
				return err
			})
			return out, err
		}
		got, err := link(hh)
		if err != nil || got.HouseholdID != hh {
			t.Fatalf("Link = %+v, %v", got, err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE id = ? AND category = '突发严重困难户' AND identified_month = 202611", hh); n != 1 {
			t.Error("linking an enrolled case did not enrol the household")
		}
		if _, err := link(hh); !isConflict(err) {
			t.Errorf("relinked: %v", err)
		}
	})
}
