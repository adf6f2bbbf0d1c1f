package casework

import "fangpin/internal/fault"

// transition is one allowed step: from a state, by an action, to the usual
// target, or to alt when the step's data records a negative decision (a
// review finding the household does not qualify, a township returning the
// case for re-verification, a county refusing it).
type transition struct {
	from   State
	action Action
	to     State
	alt    State
}

// transitions is the ordinary procedure. The green channel adds enrolment
// from every state in greenEnrolFrom (see NextGreen).
var transitions = []transition{
	{StateReported, ActAccept, StateAccepted, ""},
	{StateReported, ActReject, StateClosed, ""},
	{StateAccepted, ActVerify, StateVerified, ""},
	{StateVerified, ActReview, StateReviewed, StateClosed},
	{StateReviewed, ActPublishNotice, StateNotice, ""},
	{StateNotice, ActRecordObjection, StateNotice, ""},
	{StateNotice, ActEndNotice, StateNoticeEnded, ""},
	{StateNoticeEnded, ActTownshipReview, StateTownshipReviewed, StateAccepted},
	{StateTownshipReviewed, ActCountyApprove, StateCountyApproved, StateClosed},
	{StateCountyApproved, ActEnrol, StateEnrolled, ""},
	{StateAccepted, ActClose, StateClosed, ""},
	{StateVerified, ActClose, StateClosed, ""},
	{StateReviewed, ActClose, StateClosed, ""},
	{StateNotice, ActClose, StateClosed, ""},
	{StateNoticeEnded, ActClose, StateClosed, ""},
	{StateTownshipReviewed, ActClose, StateClosed, ""},
	{StateClosed, ActReopen, StateAccepted, ""},
}

// decisions names, per action with a negative branch, the yes/no field of
// its data that chooses between to and alt.
var decisions = map[Action]string{
	ActReview:         "qualifies",
	ActTownshipReview: "approve",
	ActCountyApprove:  "approve",
}

func find(s State, a Action) (transition, bool) {
	for _, t := range transitions {
		if t.from == s && t.action == a {
			return t, true
		}
	}
	return transition{}, false
}

// Allowed reports whether action a may be taken on a case in state s; green
// is the case's green-channel flag, which allows enrolment before the
// procedure is complete.
func Allowed(s State, a Action, green bool) bool {
	if _, ok := find(s, a); ok {
		return true
	}
	return green && a == ActEnrol && FollowUpFrom(s) != nil
}

// Next returns the state after action a with data on a case in state s, by
// the ordinary procedure: a Conflict *fault.Error when the step is not allowed
// from s, an Invalid one when data lacks or misstates a field.
func Next(s State, a Action, data Data) (State, error) {
	to, _, _, err := step(s, a, data, false)
	return to, err
}

// NextGreen is Next for a green-channel case: enrolment is allowed before
// the procedure is complete, and the steps still to be recorded afterwards
// (补办) are returned with it.
func NextGreen(s State, a Action, data Data) (State, FollowUp, error) {
	to, f, _, err := step(s, a, data, true)
	return to, f, err
}

// step is Next or NextGreen, also returning the data cleaned for storage.
func step(s State, a Action, data Data, green bool) (State, FollowUp, Data, error) {
	t, ok := find(s, a)
	if green && a == ActEnrol && FollowUpFrom(s) != nil {
		t, ok = transition{s, a, StateEnrolled, ""}, true
	}
	if !ok {
		return s, nil, nil, conflict(s, a, fault.Text{})
	}
	clean, err := data.check(a)
	if err != nil {
		return s, nil, nil, err
	}
	if key, ok := decisions[a]; ok && clean[key] == false {
		return t.alt, nil, clean, nil
	}
	if t.to == StateEnrolled {
		return t.to, FollowUpFrom(s), clean, nil
	}
	return t.to, nil, clean, nil
}
