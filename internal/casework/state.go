package casework

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

var stateLabels = map[State]string{
	StateReported:         "已上报",
	StateAccepted:         "已受理",
	StateVerified:         "已入户核实",
	StateReviewed:         "已民主评议",
	StateNotice:           "公示中",
	StateNoticeEnded:      "公示期满",
	StateTownshipReviewed: "乡镇已审核",
	StateCountyApproved:   "县级已审定",
	StateEnrolled:         "已纳入监测",
	StateClosed:           "已办结（不符合条件）",
	StateEliminated:       "已消除风险",
}

// Label is the state's Chinese name ("" for an unknown state).
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is one of States.
func (s State) Valid() bool { return stateLabels[s] != "" }

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

var actionLabels = map[Action]string{
	ActAccept:          "受理",
	ActReject:          "不予受理",
	ActVerify:          "入户核实",
	ActReview:          "民主评议",
	ActPublishNotice:   "发布公示",
	ActRecordObjection: "记录异议",
	ActEndNotice:       "结束公示",
	ActTownshipReview:  "乡镇审核",
	ActCountyApprove:   "县级审定",
	ActEnrol:           "公告并纳入监测",
	ActClose:           "办结（不符合条件）",
	ActReopen:          "异议复核",
	EventOpen:          "立案",
	EventNote:          "补充情况",
	EventLink:          "关联农户",
	EventRollback:      "风险消除回退",
}

// Label is the action's Chinese name ("" for an unknown action).
func (a Action) Label() string { return actionLabels[a] }

// Valid reports whether a is one of Actions (a workflow step).
func (a Action) Valid() bool {
	for _, x := range Actions {
		if x == a {
			return true
		}
	}
	return false
}
