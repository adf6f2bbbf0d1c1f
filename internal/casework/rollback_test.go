package casework

import (
	"context"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// eliminate walks a household's elimination to county approval.
func eliminate(t *testing.T, db *store.DB, hh int64) Case {
	t.Helper()
	c, _, err := openElim(db, hh, ModeAssisted)
	if err != nil {
		t.Fatal(err)
	}
	walkElimToTownship(t, db, c.ID)
	return must(t, db, countyU, c.ID, ActCountyApprove, elimData[ActCountyApprove], days(10), StateEliminated)
}

func rollback(db *store.DB, u auth.User, hh int64, reason string, now time.Time) error {
	return db.Transact(context.Background(), func(tx *store.Tx) error {
		return RollbackElimination(context.Background(), tx, u.Scope(), u, hh, reason, now)
	})
}

func history(t *testing.T, db *store.DB, hh int64) []registry.HistoryEntry {
	t.Helper()
	h, err := registry.MonitoringHistory(context.Background(), db.Reader(), store.MustScope(testkit.County), hh)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestRollback undoes a wrong elimination: only the county, with a reason;
// the household is monitored again as before, the history keeps both rows,
// the case's timeline and the audit log say why.
func TestRollback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addMonitored(t, db, monitored{code: "6203211002010201"})
		c := eliminate(t, db, hh)
		if err := rollback(db, townUser, hh, "收入核算有误", days(12)); !isForbidden(err) {
			t.Errorf("a township rolled back: %v", err)
		}
		if err := rollback(db, countyU, hh, "  ", days(12)); !isInvalid(err, "reason") {
			t.Errorf("a rollback without a reason: %v", err)
		}
		if err := rollback(db, countyU, hh, "收入核算有误，务工收入重复计算", days(12)); err != nil {
			t.Fatal(err)
		}
		elim, mode, month, mark, ident := householdState(t, db, hh)
		if elim || mode != "" || month != 0 || mark != 0 || ident != 202603 {
			t.Errorf("rolled back household %v %q %d %d %d", elim, mode, month, mark, ident)
		}
		h := history(t, db, hh)
		if len(h) != 2 || h[0].Source != "elimination" || !h[0].Eliminated || h[1].Source != "rollback" || h[1].Eliminated ||
			h[1].IdentifiedMonth != 202603 || h[1].Category != "边缘易致贫户" {
			t.Errorf("history %+v", h)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM monitoring_history WHERE household_id = ? AND reason = '收入核算有误，务工收入重复计算'", hh); n != 1 {
			t.Error("the reason is not in the history")
		}
		_, events := findCase(t, db, c.ID)
		last := events[len(events)-1]
		if last.Action != EventRollback || last.Comment != "收入核算有误，务工收入重复计算" || last.UserID != countyU.ID {
			t.Errorf("case timeline ends with %+v", last)
		}
		if _, n, err := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "household.elimination_rollback"}); err != nil || n != 1 {
			t.Errorf("audit: %d, %v", n, err)
		}
		if err := rollback(db, countyU, hh, "再次回退", days(13)); !isConflict(err) {
			t.Errorf("a second rollback: %v", err)
		}
		c2, ch, err := openElim(db, hh, ModeNatural)
		if err != nil || !ch.Met() || c2.ID == c.ID {
			t.Errorf("a new proposal after the rollback: %v, %+v", err, ch)
		}
	})
}

// TestRollbackKeepsEarlierCycle: a household eliminated in 2024 and
// re-marked in 2026 is eliminated again and rolled back: the earlier
// elimination and the re-marking come back.
func TestRollbackKeepsEarlierCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addMonitored(t, db, monitored{code: "6203211002010202", identified: 202203, identifiedOn: "-", remarked: 202604})
		if _, err := db.Writer().ExecContext(ctx, `UPDATE households SET elimination_mode = '自然消除', eliminated_month = 202405
			WHERE id = ?`, hh); err != nil {
			t.Fatal(err)
		}
		// the state imported before fangpin's first change
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO monitoring_history (household_id, county, region_code, recorded_at, source,
			category, identified_month, eliminated, elimination_mode, eliminated_month, remarked_month, risk_types)
			VALUES (?, ?, ?, ?, 'import', '边缘易致贫户', 202203, 0, '自然消除', 202405, 202604, '因病')`, hh, region.County(testkit.VillageA), testkit.VillageA, store.Stamp(t0))
		if err != nil {
			t.Fatal(err)
		}
		eliminate(t, db, hh)
		if _, mode, month, mark, _ := householdState(t, db, hh); mode != ModeAssisted || month != 202611 || mark != 202604 {
			t.Fatalf("eliminated again: %s %d %d", mode, month, mark)
		}
		if err := rollback(db, countyU, hh, "误消除", days(12)); err != nil {
			t.Fatal(err)
		}
		elim, mode, month, mark, ident := householdState(t, db, hh)
		if elim || mode != "自然消除" || month != 202405 || mark != 202604 || ident != 202203 {
			t.Errorf("rolled back household %v %q %d %d %d", elim, mode, month, mark, ident)
		}
		if h := history(t, db, hh); len(h) != 3 {
			t.Errorf("history %+v", h)
		}
	})
}

// TestRollbackOfImportedElimination: an elimination that came from an
// import has no case; the rollback clears it and keeps the re-marking.
func TestRollbackOfImportedElimination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addHousehold(t, db, "6203211002010203", testkit.VillageA, true)
		if err := rollback(db, countyU, hh, "误消除", days(1)); err != nil {
			t.Fatal(err)
		}
		elim, mode, month, mark, ident := householdState(t, db, hh)
		if elim || mode != "" || month != 0 || mark != 0 || ident != 202203 {
			t.Errorf("rolled back household %v %q %d %d %d", elim, mode, month, mark, ident)
		}
		if h := history(t, db, hh); len(h) != 1 || h[0].Source != "rollback" {
			t.Errorf("history %+v", h)
		}
	})
}

// TestRemarkAfterElimination: a new risk after a correct elimination is an
// identification case; its enrolment re-marks the household this month,
// keeps the identification month and the elimination as history.
func TestRemarkAfterElimination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addMonitored(t, db, monitored{code: "6203211002010204"})
		eliminate(t, db, hh)
		c := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: hh, RiskTypes: []string{"因意外事故"}, Green: true}, days(15))
		must(t, db, townUser, c.ID, ActAccept, nil, days(15), StateAccepted)
		must(t, db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(15), StateEnrolled)
		elim, mode, month, mark, ident := householdState(t, db, hh)
		if elim || mode != ModeAssisted || month != 202611 || mark != 202611 || ident != 202603 {
			t.Errorf("re-marked household %v %q %d %d %d", elim, mode, month, mark, ident)
		}
		h := history(t, db, hh)
		if len(h) != 2 || h[0].Source != "elimination" || h[1].Source != "casework" || h[1].RemarkedMonth != 202611 || h[1].EliminatedMonth != 202611 {
			t.Errorf("history %+v", h)
		}
		if err := rollback(db, countyU, hh, "x", days(16)); !isConflict(err) {
			t.Errorf("rolled back a re-marked household: %v", err)
		}
		// the six months start again from the re-marking
		ch, err := EliminationCheck(context.Background(), db.Reader(), cadreA.Scope(), hh, days(16))
		if err != nil || ch.Met() || ch.Unmet()[0].Code != CritMonths {
			t.Errorf("check after re-marking: %+v, %v", ch, err)
		}
	})
}

// TestScopeEliminationOfAnotherVillage: a household of village B is not
// checked, proposed or rolled back with village A's scope.
func TestScopeEliminationOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hhB := addMonitored(t, db, monitored{code: "6203211002020301", village: testkit.VillageB})
		if _, err := EliminationCheck(ctx, db.Reader(), cadreA.Scope(), hhB, t0); !isNotFound(err) {
			t.Errorf("EliminationCheck: %v", err)
		}
		if _, err := EliminationCheck(ctx, db.Reader(), cadreB.Scope(), hhB, t0); err != nil {
			t.Errorf("EliminationCheck own: %v", err)
		}
		if _, _, err := openElim(db, hhB, ModeAssisted); !isNotFound(err) {
			t.Errorf("OpenElimination: %v", err)
		}
		done := addHousehold(t, db, "6203221002010302", testkit.OtherVillage, true)
		if err := rollback(db, countyU, done, "误消除", t0); !isNotFound(err) {
			t.Errorf("RollbackElimination in another county: %v", err)
		}
		if elim, _, _, _, _ := householdState(t, db, done); !elim {
			t.Error("another county's household rolled back")
		}
	})
}
