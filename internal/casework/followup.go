package casework

import "strings"

// procedure is the ordinary procedure between acceptance and county
// approval: each step and the state it is taken from.
var procedure = []struct {
	at   State
	step Action
}{
	{StateAccepted, ActVerify},
	{StateVerified, ActReview},
	{StateReviewed, ActPublishNotice},
	{StateNotice, ActEndNotice},
	{StateNoticeEnded, ActTownshipReview},
	{StateTownshipReviewed, ActCountyApprove},
}

// FollowUp is what a green-channel case enrolled before its procedure was
// complete must still record (补办): the remaining steps of the procedure,
// in order. They are recorded as events and never change the enrolled
// state; the case is finished when the list is empty.
type FollowUp []Action

// FollowUpFrom returns the steps that remain when a case is enrolled from
// state s through the green channel, or nil when s does not allow it.
func FollowUpFrom(s State) FollowUp {
	for i, p := range procedure {
		if p.at == s {
			out := make(FollowUp, 0, len(procedure)-i)
			for _, q := range procedure[i:] {
				out = append(out, q.step)
			}
			return out
		}
	}
	return nil
}

// Next is the step to record now ("" when none remain).
func (f FollowUp) Next() Action {
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// At is the state of the ordinary procedure the next step is taken from
// ("" when none remain): its data is checked as it would be there.
func (f FollowUp) At() State {
	for _, p := range procedure {
		if p.step == f.Next() {
			return p.at
		}
	}
	return ""
}

// Allows reports whether a may be recorded now: the next step, or an
// objection while the follow-up notice is running.
func (f FollowUp) Allows(a Action) bool {
	n := f.Next()
	return n != "" && (a == n || a == ActRecordObjection && n == ActEndNotice)
}

// After returns the list once a is recorded (an objection removes nothing).
func (f FollowUp) After(a Action) FollowUp {
	if a != f.Next() {
		return f
	}
	if len(f) == 1 {
		return nil
	}
	return f[1:]
}

// String is the stored form: actions joined by commas.
func (f FollowUp) String() string {
	parts := make([]string, len(f))
	for i, a := range f {
		parts[i] = string(a)
	}
	return strings.Join(parts, ",")
}

func parseFollowUp(s string) FollowUp {
	if s == "" {
		return nil
	}
	var f FollowUp
	for _, p := range strings.Split(s, ",") {
		f = append(f, Action(p))
	}
	return f
}
