package casework

import (
	"context"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// walkToCountyApproved takes a case through the ordinary procedure, each
// step by the lowest role that may take it.
func walkToCountyApproved(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	must(t, db, townUser, id, ActAccept, nil, days(1), StateAccepted)
	must(t, db, cadreA, id, ActVerify, goodData[ActVerify], days(2), StateVerified)
	must(t, db, cadreA, id, ActReview, goodData[ActReview], days(3), StateReviewed)
	must(t, db, cadreA, id, ActPublishNotice, Data{"start": "2026-11-05"}, days(3), StateNotice)
	must(t, db, cadreA, id, ActRecordObjection, goodData[ActRecordObjection], days(4), StateNotice)
	if _, err := act(db, cadreA, id, ActEndNotice, nil, days(7)); !isConflict(err) {
		t.Fatalf("notice ended after 4 days: %v", err)
	}
	must(t, db, cadreA, id, ActEndNotice, goodData[ActEndNotice], days(8), StateNoticeEnded)
	must(t, db, townUser, id, ActTownshipReview, goodData[ActTownshipReview], days(9), StateTownshipReviewed)
	must(t, db, countyU, id, ActCountyApprove, goodData[ActCountyApprove], days(10), StateCountyApproved)
}

// TestHappyPathToEnrolment walks a self-report of a household whose risk
// had been eliminated to enrolment: the household is re-marked, its history
// written, and every step is on the timeline and in the audit log.
func TestHappyPathToEnrolment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "6203211002010001", testkit.VillageA, true)
		c := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: hh, IDIndex: "idx-1", SourceRef: "R1"}, t0)
		if c.AcceptDue != "2026-11-04" || c.VerifyDue != "2026-11-07" || c.TotalDue != "2026-11-17" {
			t.Errorf("deadlines %s %s %s", c.AcceptDue, c.VerifyDue, c.TotalDue)
		}
		walkToCountyApproved(t, db, c.ID)
		enrol := Data{"category": "边缘易致贫户", "risk_types": []any{"因病", "因务工就业不稳"}, "announcement": "县公告第7号"}
		got := must(t, db, countyU, c.ID, ActEnrol, enrol, days(11), StateEnrolled)
		if got.Outcome != OutcomeEnrolled || got.Open() || got.Category != "边缘易致贫户" {
			t.Errorf("enrolled case %+v", got)
		}
		var cat, risks string
		var ident, remarked, elimMonth, elim int
		err := db.Reader().QueryRowContext(ctx, `SELECT category, risk_types, identified_month, remarked_month,
			eliminated_month, eliminated FROM households WHERE id = ?`, hh).Scan(&cat, &risks, &ident, &remarked, &elimMonth, &elim)
		if err != nil {
			t.Fatal(err)
		}
		if cat != "边缘易致贫户" || risks != "因病,因务工就业不稳" || ident != 202203 || remarked != 202611 || elimMonth != 202405 || elim != 0 {
			t.Errorf("household %s %s %d %d %d %d", cat, risks, ident, remarked, elimMonth, elim)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM monitoring_history WHERE household_id = ? AND source = 'casework' AND remarked_month = 202611", hh); n != 1 {
			t.Errorf("%d history rows", n)
		}
		_, events := findCase(t, db, c.ID)
		if len(events) != 10 || events[0].Action != EventOpen || events[9].Action != ActEnrol || events[9].From != StateCountyApproved {
			t.Fatalf("timeline %+v", events)
		}
		if e := events[2]; e.Action != ActVerify || e.UserID != cadreA.ID || e.Role != "village" || e.Data["consent"] != true {
			t.Errorf("verify event %+v", e)
		}
		entries, total, err := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "case.enrol"})
		if err != nil || total != 1 || entries[0].EntityID == "" || entries[0].Region != testkit.VillageA || entries[0].Username != "xian" {
			t.Fatalf("audit %+v %d %v", entries, total, err)
		}
		if _, all, _ := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{}); all != 10 {
			t.Errorf("%d audit entries, want 10", all)
		}
		if _, err := audit.Verify(ctx, db.Reader()); err != nil {
			t.Error(err)
		}
	})
}

// TestNewlyIdentifiedHousehold: a household never monitored gets this
// month as its identification month.
func TestNewlyIdentifiedHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addHousehold(t, db, "6203211002010002", testkit.VillageA, false)
		c := open(t, db, NewCase{HouseholdID: hh, Source: SourceScreening}, t0)
		if c.Region != testkit.VillageA {
			t.Fatalf("region taken from the household: %s", c.Region)
		}
		walkToCountyApproved(t, db, c.ID)
		must(t, db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(11), StateEnrolled)
		n := testkit.Int(t, db, `SELECT count(*) FROM households WHERE id = ? AND category = '突发严重困难户'
			AND identified_month = 202611 AND remarked_month IS NULL AND eliminated = 0 AND risk_types = '因病'`, hh)
		if n != 1 {
			t.Error("household not enrolled as newly identified")
		}
	})
}

// TestEnrolSetsIdentifiedOn: a newly identified household gets the
// enrolment day (China time) as identified_on, which the development-measure
// deadline counts from; a re-marked one keeps its identification (and its
// unknown day).
func TestEnrolSetsIdentifiedOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fresh := addHousehold(t, db, "6203211002010021", testkit.VillageA, false)
		back := addHousehold(t, db, "6203211002010022", testkit.VillageA, true)
		for _, hh := range []int64{fresh, back} {
			c := open(t, db, NewCase{HouseholdID: hh, Source: SourceScreening}, t0)
			walkToCountyApproved(t, db, c.ID)
			must(t, db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(11), StateEnrolled)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE id = ? AND identified_on = '2026-11-13'", fresh); n != 1 {
			t.Error("newly identified household without its enrolment day")
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE id = ? AND identified_on IS NULL AND identified_month = 202203", back); n != 1 {
			t.Error("re-marked household's identification changed")
		}
	})
}

// TestFailingAuditChangesNothing: when the audit entry cannot be written the
// enrolment, its event, the household and its history are all rolled back.
func TestFailingAuditChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "6203211002010003", testkit.VillageA, false)
		c := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: hh}, t0)
		walkToCountyApproved(t, db, c.ID)
		if _, err := db.Writer().ExecContext(ctx, "ALTER TABLE audit_head RENAME TO audit_head_gone"); err != nil {
			t.Fatal(err)
		}
		if _, err := act(db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(11)); err == nil {
			t.Fatal("enrolled without an audit log")
		}
		got, events := findCase(t, db, c.ID)
		if got.State != StateCountyApproved || got.Outcome != "" || len(events) != 9 {
			t.Errorf("case changed: %s %s, %d events", got.State, got.Outcome, len(events))
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE id = ? AND category = ''", hh); n != 1 {
			t.Error("household changed")
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM monitoring_history"); n != 0 {
			t.Errorf("%d history rows", n)
		}
	})
}

// TestNotQualifyingAndReopen: the village review finds the household does
// not qualify; the household sees the reason, objects once, and the case is
// reviewed again; a second objection is refused.
func TestNotQualifyingAndReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-2"}, t0)
		must(t, db, townUser, c.ID, ActAccept, nil, days(1), StateAccepted)
		must(t, db, cadreA, c.ID, ActVerify, goodData[ActVerify], days(2), StateVerified)
		got := must(t, db, cadreA, c.ID, ActReview, noData[ActReview], days(3), StateClosed)
		if got.Outcome != OutcomeNotQualifying || got.OutcomeReason != "家有营运货车" || got.Open() {
			t.Fatalf("closed case %+v", got)
		}
		if _, err := act(db, cadreA, c.ID, ActReopen, goodData[ActReopen], days(4)); !isForbidden(err) {
			t.Errorf("a village cadre reopened: %v", err)
		}
		sys := System
		sys.Region = testkit.VillageA
		if _, err := act(db, sys, c.ID, ActReopen, Data{}, days(4)); !isInvalid(err, "objection") {
			t.Errorf("reopen without the objection: %v", err)
		}
		got = must(t, db, sys, c.ID, ActReopen, goodData[ActReopen], days(4), StateAccepted)
		if got.ObjectionCount != 1 || got.Outcome != "" || got.OutcomeReason != "" || !got.Open() {
			t.Errorf("reopened case %+v", got)
		}
		must(t, db, cadreA, c.ID, ActClose, Data{"reason": "复核后仍高于监测范围"}, days(5), StateClosed)
		if _, err := act(db, sys, c.ID, ActReopen, goodData[ActReopen], days(6)); !isConflict(err) {
			t.Errorf("second reopening: %v", err)
		}
		final, _ := findCase(t, db, c.ID)
		if final.OutcomeReason != "复核后仍高于监测范围" || final.ObjectionCount != 1 {
			t.Errorf("final case %+v", final)
		}
	})
}

func TestRejectAndRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		if _, err := act(db, cadreA, c.ID, ActAccept, nil, days(1)); !isForbidden(err) {
			t.Errorf("a village cadre accepted: %v", err)
		}
		if _, err := act(db, town2User, c.ID, ActAccept, nil, days(1)); !isNotFound(err) {
			t.Errorf("another township accepted: %v", err)
		}
		viewer := auth.User{ID: 40, Username: "kan", Role: auth.RoleViewer, Region: testkit.County}
		if _, err := act(db, viewer, c.ID, ActAccept, nil, days(1)); !isForbidden(err) {
			t.Errorf("a viewer accepted: %v", err)
		}
		if _, err := act(db, townUser, c.ID, "promote", nil, days(1)); !isInvalid(err, "action") {
			t.Errorf("an unknown action: %v", err)
		}
		if _, err := act(db, countyU, c.ID, ActCountyApprove, goodData[ActCountyApprove], days(1)); !isConflict(err) {
			t.Errorf("county approval of a reported case: %v", err)
		}
		got := must(t, db, townUser, c.ID, ActReject, Data{"reason": "重复线索"}, days(1), StateClosed)
		if got.OutcomeReason != "重复线索" {
			t.Errorf("rejected case %+v", got)
		}
	})
}

func TestVillageCannotApprove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		walkToCountyApproved(t, db, c.ID)
		c2 := open(t, db, NewCase{Region: testkit.VillageA, HeadName: "王五"}, t0)
		must(t, db, townUser, c2.ID, ActAccept, nil, days(1), StateAccepted)
		must(t, db, cadreA, c2.ID, ActVerify, goodData[ActVerify], days(2), StateVerified)
		must(t, db, cadreA, c2.ID, ActReview, goodData[ActReview], days(3), StateReviewed)
		must(t, db, cadreA, c2.ID, ActPublishNotice, Data{"start": "2026-11-05"}, days(3), StateNotice)
		must(t, db, cadreA, c2.ID, ActEndNotice, nil, days(8), StateNoticeEnded)
		if _, err := act(db, cadreA, c2.ID, ActTownshipReview, goodData[ActTownshipReview], days(9)); !isForbidden(err) {
			t.Errorf("a village cadre reviewed for the township: %v", err)
		}
		if _, err := act(db, cadreA, c2.ID, ActClose, goodData[ActClose], days(9)); !isForbidden(err) {
			t.Errorf("a village cadre closed at the township's step: %v", err)
		}
		must(t, db, townUser, c2.ID, ActTownshipReview, goodData[ActTownshipReview], days(9), StateTownshipReviewed)
		if _, err := act(db, cadreA, c2.ID, ActCountyApprove, goodData[ActCountyApprove], days(10)); !isForbidden(err) {
			t.Errorf("a village cadre approved for the county: %v", err)
		}
		got := must(t, db, countyU, c2.ID, ActCountyApprove, noData[ActCountyApprove], days(10), StateClosed)
		if got.OutcomeReason != "收入高于监测范围" {
			t.Errorf("county refusal %+v", got)
		}
		_, err := act(db, cadreA, c.ID, ActEnrol, goodData[ActEnrol], days(11))
		if !isForbidden(err) || err.Error() != forbidden(auth.RoleVillage, ActEnrol).Error() {
			t.Errorf("a village cadre enrolled: %v", err)
		}
	})
}

// TestGreenChannel enrols a flood victim right after acceptance, then
// records the procedure as follow-up steps, refused out of order.
func TestGreenChannel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "6203211002010004", testkit.VillageA, false)
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := Open(ctx, tx, store.MustScope(testkit.VillageA), NewCase{Region: testkit.VillageA, HouseholdID: hh, HeadName: "赵六",
				Source: SourceScreening, RiskTypes: []string{"因病"}, Green: true}, t0, fixed)
			return err
		})
		if !isInvalid(err, "green_channel") {
			t.Fatalf("green channel for illness: %v", err)
		}
		c := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: hh, Source: SourceScreening,
			RiskTypes: []string{"因自然灾害（洪涝）"}, Green: true}, t0)
		if !c.Green || c.RiskTypes[0] != "因自然灾害(洪涝)" {
			t.Fatalf("green case %+v", c)
		}
		must(t, db, townUser, c.ID, ActAccept, nil, days(0), StateAccepted)
		got := must(t, db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(0), StateEnrolled)
		if len(got.Outstanding) != 6 || !got.Open() || got.Outcome != OutcomeEnrolled {
			t.Fatalf("green enrolment %+v", got)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE id = ? AND identified_month = 202611", hh); n != 1 {
			t.Error("household not enrolled at once")
		}
		if _, err := act(db, cadreA, c.ID, ActReview, goodData[ActReview], days(1)); !isConflict(err) {
			t.Errorf("review before verification: %v", err)
		}
		must(t, db, cadreA, c.ID, ActVerify, goodData[ActVerify], days(1), StateEnrolled)
		must(t, db, cadreA, c.ID, ActReview, goodData[ActReview], days(2), StateEnrolled)
		must(t, db, cadreA, c.ID, ActPublishNotice, Data{"start": "2026-11-04"}, days(2), StateEnrolled)
		if _, err := act(db, cadreA, c.ID, ActEndNotice, nil, days(4)); !isConflict(err) {
			t.Errorf("follow-up notice ended early: %v", err)
		}
		must(t, db, cadreA, c.ID, ActEndNotice, nil, days(7), StateEnrolled)
		if _, err := act(db, cadreA, c.ID, ActTownshipReview, goodData[ActTownshipReview], days(8)); !isForbidden(err) {
			t.Errorf("village cadre did the township's follow-up: %v", err)
		}
		must(t, db, townUser, c.ID, ActTownshipReview, goodData[ActTownshipReview], days(8), StateEnrolled)
		got = must(t, db, countyU, c.ID, ActCountyApprove, goodData[ActCountyApprove], days(9), StateEnrolled)
		if len(got.Outstanding) != 0 || got.Open() {
			t.Errorf("finished green case %+v", got)
		}
		if _, err := act(db, countyU, c.ID, ActCountyApprove, goodData[ActCountyApprove], days(9)); !isConflict(err) {
			t.Errorf("a step after the follow-up: %v", err)
		}
		_, events := findCase(t, db, c.ID)
		followUps := 0
		for _, e := range events {
			if e.FollowUp {
				followUps++
				if e.From != StateEnrolled || e.To != StateEnrolled {
					t.Errorf("follow-up event %+v", e)
				}
			}
		}
		if followUps != 6 || len(events) != 9 {
			t.Errorf("%d follow-up events of %d", followUps, len(events))
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM monitoring_history WHERE household_id = ?", hh); n != 1 {
			t.Errorf("%d history rows: the follow-up changed the household", n)
		}
	})
}

func TestConcurrentStepConflicts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		err := db.Transact(ctx, func(tx *store.Tx) error {
			stale, err := load(ctx, tx, store.MustScope(testkit.VillageA), c.ID)
			if err != nil {
				return err
			}
			n, _, _ := stale.apply(ActAccept, nil, days(1))
			if err := save(ctx, tx, ActAccept, stale, n); err != nil {
				return err
			}
			return save(ctx, tx, ActAccept, stale, n)
		})
		if !isConflict(err) {
			t.Errorf("a step saved over a stale state: %v", err)
		}
	})
}
