package casework

import "fangpin/internal/fault"

// State is where a case stands in the identification workflow.
type State string

// The states, in the order of the ordinary procedure.
const (
	StateReported         State = "reported"          // received, waiting for the township to accept it
	StateAccepted         State = "accepted"          // accepted; the village is to verify at home
	StateVerified         State = "verified"          // home verification recorded
	StateReviewed         State = "reviewed"          // village review decided the household qualifies
	StateNotice           State = "notice"            // public notice posted; objections may be recorded
	StateNoticeEnded      State = "notice_ended"      // the notice ran its 5 days
	StateTownshipReviewed State = "township_reviewed" // township review approved
	StateCountyApproved   State = "county_approved"   // county approved
	StateEnrolled         State = "enrolled"          // final: enrolled in monitoring
	StateClosed           State = "closed"            // final: not qualifying, with a reason
	StateEliminated       State = "eliminated"        // final (elimination cases): the household's risk is eliminated
)

// States lists every state in workflow order.
var States = []State{StateReported, StateAccepted, StateVerified, StateReviewed, StateNotice, StateNoticeEnded,
	StateTownshipReviewed, StateCountyApproved, StateEnrolled, StateClosed, StateEliminated}

var stateLabels = map[State]fault.Text{
	StateReported:         fault.T("已上报", "reported"),
	StateAccepted:         fault.T("已受理", "accepted"),
	StateVerified:         fault.T("已入户核实", "verified at home"),
	StateReviewed:         fault.T("已民主评议", "reviewed by the village"),
	StateNotice:           fault.T("公示中", "in public notice"),
	StateNoticeEnded:      fault.T("公示期满", "notice ended"),
	StateTownshipReviewed: fault.T("乡镇已审核", "reviewed by the township"),
	StateCountyApproved:   fault.T("县级已审定", "approved by the county"),
	StateEnrolled:         fault.T("已纳入监测", "enrolled in monitoring"),
	StateClosed:           fault.T("已办结（不符合条件）", "closed (not qualifying)"),
	StateEliminated:       fault.T("已消除风险", "risk eliminated"),
}

// Label is the state's Chinese name ("" for an unknown state).
func (s State) Label() string { return stateLabels[s].Zh }

// Text is the state's name in both languages, for messages; an unknown
// state shows its code.
func (s State) Text() fault.Text { return textOr(stateLabels[s], string(s)) }

// textOr is label, or name in both languages when label is empty.
func textOr(label fault.Text, name string) fault.Text {
	if label.IsZero() {
		return fault.T(name, name)
	}
	return label
}

// Valid reports whether s is one of States.
func (s State) Valid() bool { return !stateLabels[s].IsZero() }

// Final reports whether the decision is made (enrolled, closed or eliminated).
func (s State) Final() bool { return s == StateEnrolled || s == StateClosed || s == StateEliminated }

// Action is a step a user takes on a case; the names are the API's.
type Action string

// The actions of the workflow (the API's "action"), and the events that are
// not workflow steps (EventOpen, EventNote, EventLink).
const (
	ActAccept          Action = "accept"
	ActReject          Action = "reject"
	ActVerify          Action = "verify"
	ActReview          Action = "review"
	ActPublishNotice   Action = "publish_notice"
	ActRecordObjection Action = "record_objection"
	ActEndNotice       Action = "end_notice"
	ActTownshipReview  Action = "township_review"
	ActCountyApprove   Action = "county_approve"
	ActEnrol           Action = "enrol"
	ActClose           Action = "close"
	ActReopen          Action = "reopen"

	EventOpen Action = "open" // the case was opened
	EventNote Action = "note" // the same family reported again, or a cadre added a note
	EventLink Action = "link" // the case was linked to a registered household

	EventRollback Action = "rollback_elimination" // the elimination the case decided was rolled back (风险消除回退)
)

// Actions lists the workflow actions in workflow order.
var Actions = []Action{ActAccept, ActReject, ActVerify, ActReview, ActPublishNotice, ActRecordObjection,
	ActEndNotice, ActTownshipReview, ActCountyApprove, ActEnrol, ActClose, ActReopen}

var actionLabels = map[Action]fault.Text{
	ActAccept:          fault.T("受理", "accept"),
	ActReject:          fault.T("不予受理", "reject"),
	ActVerify:          fault.T("入户核实", "verify at home"),
	ActReview:          fault.T("民主评议", "village review"),
	ActPublishNotice:   fault.T("发布公示", "publish the notice"),
	ActRecordObjection: fault.T("记录异议", "record an objection"),
	ActEndNotice:       fault.T("结束公示", "end the notice"),
	ActTownshipReview:  fault.T("乡镇审核", "township review"),
	ActCountyApprove:   fault.T("县级审定", "county approval"),
	ActEnrol:           fault.T("公告并纳入监测", "announce and enrol"),
	ActClose:           fault.T("办结（不符合条件）", "close (not qualifying)"),
	ActReopen:          fault.T("异议复核", "review the objection"),
	EventOpen:          fault.T("立案", "open a case"),
	EventNote:          fault.T("补充情况", "add a note"),
	EventLink:          fault.T("关联农户", "link a household"),
	EventRollback:      fault.T("风险消除回退", "roll back the elimination"),
}

// Label is the action's Chinese name ("" for an unknown action).
func (a Action) Label() string { return actionLabels[a].Zh }

// Text is the action's name in both languages, for messages; an unknown
// action shows its code.
func (a Action) Text() fault.Text { return textOr(actionLabels[a], string(a)) }

// Valid reports whether a is one of Actions (a workflow step).
func (a Action) Valid() bool {
	for _, x := range Actions {
		if x == a {
			return true
		}
	}
	return false
}
