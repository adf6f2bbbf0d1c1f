package casework

import (
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
)

// Source is how a clue was found.
type Source string

// The three channels (docs/workflow.md#opening-a-case).
const (
	SourceSelfReport Source = "self_report" // 农户自主申报 (一键报贫)
	SourceScreening  Source = "screening"   // 基层干部排查
	SourceWarning    Source = "warning"     // 部门筛查预警
)

var sourceLabels = map[Source]string{
	SourceSelfReport: "农户自主申报",
	SourceScreening:  "基层干部排查",
	SourceWarning:    "部门筛查预警",
}

// Label is the source's Chinese name ("" for an unknown source).
func (s Source) Label() string { return sourceLabels[s] }

// Outcome is the decision on a case.
type Outcome string

// Outcomes; the empty Outcome means not decided yet.
const (
	OutcomeEnrolled      Outcome = "enrolled"
	OutcomeNotQualifying Outcome = "not_qualifying"
)

// Case is one clue walking the identification workflow. Dates are
// YYYY-MM-DD ("" when unknown), times UTC RFC 3339 ("" when not yet).
type Case struct {
	ID             int64
	Purpose        Purpose // identification (the zero value reads as such) or elimination
	Region         string  // the village's 12-digit code
	HouseholdID    int64   // 0 until linked to a registered household
	HeadName       string
	IDIndex        string // keyed index of the head's ID number; "" when not given
	Source         Source
	SourceRef      string // the self-report receipt, the warning id…
	State          State
	RiskTypes      []string
	Description    string
	Green          bool     // green channel: help first, procedure afterwards
	Category       string   // 监测对象类别, set at enrolment
	Mode           string   // elimination cases: 帮扶消除 or 自然消除
	Outcome        Outcome  // "" until decided
	OutcomeReason  string   // why not qualifying; the household sees it
	ObjectionCount int      // objections after closure (one reopens the case)
	Outstanding    FollowUp // green channel: steps still to record after enrolment
	NoticeStart    string   // the running or last public notice's first day
	OpenedAt       string
	AcceptDue      string
	VerifyDue      string
	TotalDue       string
	DecidedAt      string // when the outcome was decided
	ClosedAt       string // when nothing remains to do (for a green case: the last follow-up step)
	UpdatedAt      string
}

// Open reports whether work remains on the case: a decision, or the
// follow-up steps of a green-channel enrolment.
func (c Case) Open() bool { return c.ClosedAt == "" }

// Due is the deadline the case is measured against now: acceptance while
// reported, home verification until verified, the whole process until
// decided; "" when none applies. The same rule is the SQL of dueSQL.
func (c Case) Due() string {
	switch {
	case c.Outcome != "":
		return ""
	case c.State == StateReported && c.AcceptDue != "":
		return c.AcceptDue
	case (c.State == StateReported || c.State == StateAccepted) && c.VerifyDue != "":
		return c.VerifyDue
	}
	return c.TotalDue
}

// Overdue reports whether the case is undecided and its deadline lies
// before asOf's day (China time).
func (c Case) Overdue(asOf time.Time) bool {
	d := c.Due()
	return d != "" && d < civil.DateOf(asOf).String()
}

// NoticeOver reports whether the case's public notice has run its
// NoticeDays by asOf's day (China time) and waits for its result.
func (c Case) NoticeOver(asOf time.Time) bool {
	if c.State != StateNotice {
		return false
	}
	start, err := civil.ParseISO(c.NoticeStart)
	return err == nil && civil.DateOf(asOf).String() >= start.AddDays(NoticeDays).String()
}

// dueSQL is Case.Due in SQL, with '9999-12-31' for "none" so that it sorts
// last and is never overdue.
const dueSQL = `(CASE WHEN outcome <> '' THEN '9999-12-31'
	WHEN state = 'reported' AND accept_due <> '' THEN accept_due
	WHEN state IN ('reported', 'accepted') AND verify_due <> '' THEN verify_due
	WHEN total_due <> '' THEN total_due ELSE '9999-12-31' END)`

// NewCase is the input of Open.
type NewCase struct {
	Region      string // the village; "" takes the household's
	HouseholdID int64  // 0 for a family not (yet) registered
	HeadName    string
	IDIndex     string // pii.Keys.Index of the head's ID number, or ""
	Source      Source
	SourceRef   string
	RiskTypes   []string
	Description string
	Green       bool      // requires a risk of 因自然灾害 or 因意外事故
	By          auth.User // who opens it; the zero User is System
}

// Event is one entry of a case's timeline.
type Event struct {
	ID       int64
	CaseID   int64
	Region   string
	At       string
	UserID   int64 // 0 for the system
	Username string
	Role     string
	Action   Action
	From, To State
	Comment  string
	Data     Data // the step's fields, as stored
	FollowUp bool // a green-channel step recorded after enrolment (补办)
}
