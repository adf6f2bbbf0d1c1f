package casework

import (
	"context"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/incomeline"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestEliminationCheckReadsEachCriterion sets up one fact per household in
// the database and expects EliminationCheck to find exactly the criterion
// it breaks.
func TestEliminationCheckReadsEachCriterion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cases := []struct {
			name  string
			m     monitored
			setup func(hh int64)
			unmet string
		}{
			{"all met", monitored{}, nil, ""},
			{"identified day too recent", monitored{identifiedOn: "2026-05-03", identified: 202605}, nil, CritMonths},
			{"identified month, no day: first of month", monitored{identifiedOn: "-", identified: 202605}, nil, ""},
			{"a day of another month is ignored", monitored{identifiedOn: "2026-09-01", identified: 202604}, nil, ""},
			{"re-marked recently", monitored{remarked: 202608}, nil, CritMonths},
			{"income below the line", monitored{incomeFen: 700000}, nil, CritIncome},
			{"income unknown", monitored{incomeFen: -1}, nil, CritIncome},
			{"county line above the income", monitored{incomeFen: 800000}, func(int64) {
				if err := incomeline.Set(ctx, db.Writer(), testkit.County, 2025, 850000, "test"); err != nil {
					t.Fatal(err)
				}
			}, CritIncome},
			{"latest year counts", monitored{incomeFen: 900000}, func(hh int64) { setIncome(t, db, hh, testkit.VillageA, 2026, 500000) }, CritIncome},
			{"uninsured spouse", monitored{uninsured: true}, nil, CritGuarantees},
			{"open unsafe house warning before identification", monitored{}, func(hh int64) {
				addWarning(t, db, hh, testkit.VillageA, "unsafe_house", "open", "2026-01-05T02:00:00Z")
			}, CritGuarantees},
			{"handled dropout warning", monitored{}, func(hh int64) {
				addWarning(t, db, hh, testkit.VillageA, "dropout", "handled", "2026-06-05T02:00:00Z")
			}, ""},
			{"latest visit found a housing problem", monitored{}, func(hh int64) {
				addVisit(t, db, hh, testkit.VillageA, "2026-09-01", map[string]bool{"housing": false, "water": false})
				addVisit(t, db, hh, testkit.VillageA, "2026-10-01", map[string]bool{"housing": true, "water": false})
			}, CritGuarantees},
			{"problem resolved at the latest visit", monitored{}, func(hh int64) {
				addVisit(t, db, hh, testkit.VillageA, "2026-09-01", map[string]bool{"medical": true})
				addVisit(t, db, hh, testkit.VillageA, "2026-10-01", map[string]bool{"medical": false, "income": true})
			}, ""},
			{"open identification case", monitored{}, func(hh int64) {
				open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: hh}, t0)
			}, CritNewRisk},
			{"open warning after identification", monitored{}, func(hh int64) {
				addWarning(t, db, hh, testkit.VillageA, "income_drop", "open", "2026-06-05T02:00:00Z")
			}, CritNewRisk},
			{"open warning before identification", monitored{}, func(hh int64) {
				addWarning(t, db, hh, testkit.VillageA, "income_drop", "open", "2026-03-01T02:00:00Z")
			}, ""},
		}
		for i, c := range cases {
			c.m.code = "62032110020190" + string(rune('A'+i/10)) + string(rune('0'+i%10))
			hh := addMonitored(t, db, c.m)
			if c.setup != nil {
				c.setup(hh)
			}
			ch, err := EliminationCheck(ctx, db.Reader(), cadreA.Scope(), hh, t0)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			unmet := ch.Unmet()
			switch {
			case c.unmet == "" && len(unmet) != 0:
				t.Errorf("%s: unmet %+v", c.name, unmet)
			case c.unmet != "" && (len(unmet) != 1 || unmet[0].Code != c.unmet):
				t.Errorf("%s: unmet %+v, want %s", c.name, unmet, c.unmet)
			}
			if err := incomeline.Set(ctx, db.Writer(), testkit.County, 2025, 780000, "test"); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestEliminationWalk proposes, reviews, posts and approves an elimination:
// the household's risk is eliminated this month in the case's mode, a
// history row says why, and every decision keeps the criteria it saw.
func TestEliminationWalk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addMonitored(t, db, monitored{code: "6203211002010101", remarked: 202604})
		c, ch, err := openElim(db, hh, ModeNatural)
		if err != nil {
			t.Fatal(err)
		}
		if c.State != StateAccepted || c.Purpose != PurposeElimination || c.Mode != ModeNatural || c.HeadName != "王01" ||
			!ch.Met() || c.AcceptDue != "" || c.TotalDue != "" {
			t.Fatalf("opened %+v, check %+v", c, ch)
		}
		if _, err := act(db, townUser, c.ID, ActAccept, nil, days(0)); !isConflict(err) {
			t.Errorf("an elimination case accepted: %v", err)
		}
		walkElimToTownship(t, db, c.ID)
		if _, err := act(db, townUser, c.ID, ActCountyApprove, elimData[ActCountyApprove], days(10)); !isForbidden(err) {
			t.Errorf("a township approved the elimination: %v", err)
		}
		got := must(t, db, countyU, c.ID, ActCountyApprove, elimData[ActCountyApprove], days(10), StateEliminated)
		if got.Outcome != OutcomeEliminated || got.Open() || got.DecidedAt == "" {
			t.Errorf("approved case %+v", got)
		}
		elim, mode, month, mark, ident := householdState(t, db, hh)
		if !elim || mode != ModeNatural || month != 202611 || mark != 202604 || ident != 202603 {
			t.Errorf("household %v %s %d %d %d", elim, mode, month, mark, ident)
		}
		if n := testkit.Int(t, db, `SELECT count(*) FROM monitoring_history WHERE household_id = ? AND source = 'elimination'
			AND eliminated = 1 AND eliminated_month = 202611 AND elimination_mode = ? AND remarked_month = 202604
			AND identified_month = 202603 AND category = '边缘易致贫户' AND reason <> ''`, hh, ModeNatural); n != 1 {
			t.Errorf("%d elimination history rows", n)
		}
		found, events := findCase(t, db, c.ID)
		if found.Purpose != PurposeElimination || found.Mode != ModeNatural || found.State != StateEliminated {
			t.Errorf("stored case %+v", found)
		}
		snapshots := 0
		for _, e := range events {
			if chk, ok := e.Data["check"].(map[string]any); ok {
				snapshots++
				if crit, _ := chk["criteria"].([]any); len(crit) != 4 {
					t.Errorf("%s snapshot %v", e.Action, chk)
				}
			}
		}
		if len(events) != 7 || snapshots != 4 || events[0].Action != EventOpen || events[6].Action != ActCountyApprove {
			t.Errorf("%d events, %d snapshots: %+v", len(events), snapshots, events)
		}
		if _, n, err := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "case.county_approve"}); err != nil || n != 1 {
			t.Errorf("audit: %d, %v", n, err)
		}
		if _, _, err := openElim(db, hh, ModeAssisted); !isConflict(err) {
			t.Errorf("a second elimination of an eliminated household: %v", err)
		}
	})
}

// TestEliminationRefusedWhileUnmet: the county may not approve while a
// criterion fails, may once it holds, and may always refuse; a refusal
// leaves the household under monitoring.
func TestEliminationRefusedWhileUnmet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addMonitored(t, db, monitored{code: "6203211002010102", incomeFen: 700000})
		c, ch, err := openElim(db, hh, ModeAssisted)
		if err != nil || ch.Met() || ch.Unmet()[0].Code != CritIncome {
			t.Fatalf("open: %v, %+v", err, ch)
		}
		walkElimToTownship(t, db, c.ID)
		if _, err := act(db, countyU, c.ID, ActCountyApprove, elimData[ActCountyApprove], days(10)); !isConflict(err) {
			t.Fatalf("approved with income below the line: %v", err)
		}
		if elim, _, _, _, _ := householdState(t, db, hh); elim {
			t.Fatal("household eliminated by a refused step")
		}
		setIncome(t, db, hh, testkit.VillageA, 2025, 800000)
		must(t, db, countyU, c.ID, ActCountyApprove, elimData[ActCountyApprove], days(10), StateEliminated)

		hh2 := addMonitored(t, db, monitored{code: "6203211002010103", uninsured: true})
		c2, _, err := openElim(db, hh2, ModeAssisted)
		if err != nil {
			t.Fatal(err)
		}
		walkElimToTownship(t, db, c2.ID)
		got := must(t, db, countyU, c2.ID, ActCountyApprove, noData[ActCountyApprove], days(10), StateClosed)
		if got.Outcome != OutcomeNotQualifying || got.OutcomeReason == "" {
			t.Errorf("refused case %+v", got)
		}
		if elim, _, month, _, _ := householdState(t, db, hh2); elim || month != 0 {
			t.Error("a refused elimination changed the household")
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM monitoring_history WHERE household_id = ?", hh2); n != 0 {
			t.Errorf("%d history rows after a refusal", n)
		}
	})
}

// TestEliminationClosedEarly: the village review finds the household not
// ready; monitoring is unchanged, the case cannot be reopened, and a new
// proposal may be opened.
func TestEliminationClosedEarly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addMonitored(t, db, monitored{code: "6203211002010104"})
		c, _, err := openElim(db, hh, ModeAssisted)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := openElim(db, hh, ModeAssisted); !isConflict(err) {
			t.Errorf("two elimination cases at once: %v", err)
		}
		must(t, db, cadreA, c.ID, ActVerify, elimData[ActVerify], days(1), StateVerified)
		got := must(t, db, cadreA, c.ID, ActReview, noData[ActReview], days(2), StateClosed)
		if got.Outcome != OutcomeNotQualifying {
			t.Errorf("closed case %+v", got)
		}
		sys := System
		sys.Region = testkit.VillageA
		if _, err := act(db, sys, c.ID, ActReopen, goodData[ActReopen], days(3)); !isConflict(err) {
			t.Errorf("an elimination case reopened: %v", err)
		}
		if elim, _, _, _, _ := householdState(t, db, hh); elim {
			t.Error("household eliminated by a closed case")
		}
		if _, _, err := openElim(db, hh, ModeAssisted); err != nil {
			t.Errorf("a new proposal after closure: %v", err)
		}
	})
}

func TestOpenEliminationRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		never := addHousehold(t, db, "6203211002010105", testkit.VillageA, false)
		done := addHousehold(t, db, "6203211002010106", testkit.VillageA, true)
		hh := addMonitored(t, db, monitored{code: "6203211002010107"})
		if _, _, err := openElim(db, never, ModeAssisted); !isConflict(err) {
			t.Errorf("never monitored: %v", err)
		}
		if _, _, err := openElim(db, done, ModeAssisted); !isConflict(err) {
			t.Errorf("already eliminated: %v", err)
		}
		if _, _, err := openElim(db, hh, "自动消除"); !isInvalid(err, "mode") {
			t.Errorf("unknown mode: %v", err)
		}
		viewer := auth.User{ID: 5, Role: auth.RoleViewer, Region: testkit.VillageA}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, _, err := OpenElimination(ctx, tx, viewer.Scope(), NewElimination{HouseholdID: hh, Mode: ModeAssisted, By: viewer}, t0)
			return err
		})
		if !isForbidden(err) {
			t.Errorf("a viewer proposed: %v", err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM cases"); n != 0 {
			t.Errorf("%d cases stored", n)
		}
	})
}
