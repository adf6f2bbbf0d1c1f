package casework

import (
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// t0 is Monday 2 November 2026, 09:00 in China.
var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, civil.Zone)

func days(n int) time.Time { return t0.AddDate(0, 0, n) }

func TestNoticeRunsFiveDays(t *testing.T) {
	c := Case{State: StateReviewed}
	c, _, err := c.apply(ActPublishNotice, Data{"start": "2026-11-03"}, days(0))
	if err == nil || !isInvalid(err, "start") {
		t.Fatalf("a notice starting tomorrow: %v", err)
	}
	c = Case{State: StateReviewed}
	c, _, err = c.apply(ActPublishNotice, Data{"start": "2026-11-02"}, days(0))
	if err != nil || c.State != StateNotice || c.NoticeStart != "2026-11-02" {
		t.Fatalf("publish: %+v, %v", c, err)
	}
	for d := 0; d < NoticeDays; d++ {
		_, _, err := c.apply(ActEndNotice, nil, days(d).Add(14*time.Hour)) // late evening, still day d in China
		if plain := conflict(StateNotice, ActEndNotice, fault.Text{}).Error(); !isConflictOf(err, StateNotice, ActEndNotice) || err.Error() == plain {
			t.Errorf("notice ended after %d days: %v", d, err)
		}
	}
	n, _, err := c.apply(ActEndNotice, nil, days(NoticeDays))
	if err != nil || n.State != StateNoticeEnded {
		t.Errorf("notice not ended after %d days: %v", NoticeDays, err)
	}
}

func TestReopenOnce(t *testing.T) {
	c := Case{State: StateVerified}
	c, _, err := c.apply(ActReview, noData[ActReview], days(1))
	if err != nil || c.State != StateClosed || c.Outcome != OutcomeNotQualifying || c.OutcomeReason != "家有营运货车" || c.ClosedAt == "" {
		t.Fatalf("review saying no: %+v, %v", c, err)
	}
	c, _, err = c.apply(ActReopen, goodData[ActReopen], days(2))
	if err != nil || c.State != StateAccepted || c.ObjectionCount != 1 || c.Outcome != "" || c.OutcomeReason != "" || c.ClosedAt != "" {
		t.Fatalf("reopen: %+v, %v", c, err)
	}
	c, _, err = c.apply(ActClose, goodData[ActClose], days(3))
	if err != nil || c.State != StateClosed {
		t.Fatalf("close: %+v, %v", c, err)
	}
	if _, _, err := c.apply(ActReopen, goodData[ActReopen], days(4)); !isConflict(err) {
		t.Errorf("second reopening: %v", err)
	}
}

func TestReturnForReverification(t *testing.T) {
	c := Case{State: StateNoticeEnded, NoticeStart: "2026-11-02"}
	c, _, err := c.apply(ActTownshipReview, noData[ActTownshipReview], days(6))
	if err != nil || c.State != StateAccepted || c.NoticeStart != "" || c.Outcome != "" {
		t.Errorf("township return: %+v, %v", c, err)
	}
	c = Case{State: StateClosed, NoticeStart: "2026-11-02", Outcome: OutcomeNotQualifying}
	c, _, err = c.apply(ActReopen, goodData[ActReopen], days(6))
	if err != nil || c.State != StateAccepted || c.NoticeStart != "" {
		t.Errorf("reopened after a notice: %+v, %v", c, err)
	}
}

// TestGreenChannelFollowUp enrols a disaster case right after acceptance
// and records the procedure afterwards, in order only.
func TestGreenChannelFollowUp(t *testing.T) {
	plain := Case{State: StateAccepted}
	if _, _, err := plain.apply(ActEnrol, goodData[ActEnrol], days(0)); !isConflict(err) {
		t.Fatalf("an ordinary case enrolled after acceptance: %v", err)
	}
	c := Case{State: StateAccepted, Green: true}
	c, _, err := c.apply(ActEnrol, goodData[ActEnrol], days(0))
	if err != nil || c.State != StateEnrolled || c.Outcome != OutcomeEnrolled || len(c.Outstanding) != 6 || !c.Open() {
		t.Fatalf("green enrolment: %+v, %v", c, err)
	}
	if _, _, err := c.apply(ActReview, goodData[ActReview], days(0)); !isConflict(err) {
		t.Errorf("review before verification: %v", err)
	}
	if _, _, err := c.apply(ActClose, goodData[ActClose], days(0)); !isConflict(err) {
		t.Errorf("close during follow-up: %v", err)
	}
	steps := []struct {
		a   Action
		d   Data
		day int
	}{
		{ActVerify, goodData[ActVerify], 1},
		{ActReview, goodData[ActReview], 2},
		{ActPublishNotice, Data{"start": "2026-11-04"}, 2},
		{ActRecordObjection, goodData[ActRecordObjection], 3},
		{ActEndNotice, nil, 9},
		{ActTownshipReview, goodData[ActTownshipReview], 10},
		{ActCountyApprove, goodData[ActCountyApprove], 11},
	}
	for i, s := range steps {
		if s.a == ActEndNotice {
			if _, _, err := c.apply(s.a, s.d, days(5)); !isConflict(err) {
				t.Errorf("follow-up notice ended early: %v", err)
			}
		}
		if key, ok := decisions[s.a]; ok {
			if _, _, err := c.apply(s.a, noData[s.a], days(s.day)); !isInvalid(err, key) {
				t.Errorf("negative %s during follow-up: %v", s.a, err)
			}
		}
		n, d, err := c.apply(s.a, s.d, days(s.day))
		if err != nil || n.State != StateEnrolled || d["follow_up"] != true {
			t.Fatalf("step %d %s: %+v, %v", i, s.a, n, err)
		}
		if last := i == len(steps)-1; n.Open() == last {
			t.Errorf("after %s: open = %v", s.a, n.Open())
		}
		c = n
	}
	if len(c.Outstanding) != 0 || c.Category != "突发严重困难户" {
		t.Errorf("finished green case: %+v", c)
	}
}

func TestDue(t *testing.T) {
	c := Case{State: StateReported, AcceptDue: "2026-11-04", VerifyDue: "2026-11-09", TotalDue: "2026-11-23"}
	cases := []struct {
		s       State
		outcome Outcome
		due     string
	}{
		{StateReported, "", "2026-11-04"},
		{StateAccepted, "", "2026-11-09"},
		{StateVerified, "", "2026-11-23"},
		{StateCountyApproved, "", "2026-11-23"},
		{StateEnrolled, OutcomeEnrolled, ""},
		{StateClosed, OutcomeNotQualifying, ""},
	}
	for _, x := range cases {
		c.State, c.Outcome = x.s, x.outcome
		if c.Due() != x.due {
			t.Errorf("%s: due %q, want %q", x.s, c.Due(), x.due)
		}
	}
	c.State, c.Outcome = StateReported, ""
	if c.Overdue(time.Date(2026, 11, 4, 23, 0, 0, 0, civil.Zone)) || !c.Overdue(time.Date(2026, 11, 4, 16, 30, 0, 0, time.UTC)) {
		t.Error("overdue is not measured by China's day")
	}
}

func TestFixedDays(t *testing.T) {
	f := FixedDays{StepAccept: 2}
	late := time.Date(2026, 11, 2, 20, 0, 0, 0, time.UTC) // already 3 November in China
	if d, err := f.Due(late, StepAccept); err != nil || d != "2026-11-05" {
		t.Errorf("Due = %s, %v", d, err)
	}
	if _, err := f.Due(late, StepTotal); err == nil {
		t.Error("a step without days")
	}
	a, v, total, problems := dues(f, late)
	if a != "2026-11-05" || v != "" || total != "" || len(problems) != 2 {
		t.Errorf("dues = %s %s %s %v", a, v, total, problems)
	}
}
