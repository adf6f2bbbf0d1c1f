package casework

import (
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// NoticeDays is the shortest public notice (公示), in calendar days.
const NoticeDays = 5

// apply takes action a with data d on c at now and returns the case after
// the step and the data to store with its event. It checks the state, the
// data and the rules that need more than the state (the notice's length,
// the one reopening); the role is checked by the caller.
func (c Case) apply(a Action, d Data, now time.Time) (Case, Data, error) {
	if c.Purpose == PurposeElimination {
		return c.applyElimination(a, d, now)
	}
	if len(c.Outstanding) > 0 {
		return c.followUp(a, d, now)
	}
	to, f, clean, err := step(c.State, a, d, c.Green)
	if err != nil {
		return c, nil, err
	}
	n := c
	if err := n.effects(a, to, f, clean, now); err != nil {
		return c, nil, err
	}
	n.State, n.UpdatedAt = to, store.Stamp(now)
	return n, clean, nil
}

// effects changes the fields a step sets besides the state.
func (n *Case) effects(a Action, to State, f FollowUp, d Data, now time.Time) error {
	var err error
	switch a {
	case ActPublishNotice:
		err = n.startNotice(d, now)
	case ActEndNotice:
		err = noticeOver(n.State, n.NoticeStart, now)
	case ActReopen:
		err = n.reopen()
	case ActEnrol:
		n.Category, n.RiskTypes = d.String("category"), d.Strings("risk_types")
		n.Outcome, n.DecidedAt, n.Outstanding = OutcomeEnrolled, store.Stamp(now), f
		if len(f) == 0 {
			n.ClosedAt = store.Stamp(now)
		}
	}
	if to == StateAccepted {
		n.NoticeStart = "" // back for re-verification: a new notice will follow
	}
	if to == StateClosed {
		n.Outcome, n.OutcomeReason = OutcomeNotQualifying, d.String("reason")
		n.DecidedAt, n.ClosedAt = store.Stamp(now), store.Stamp(now)
	}
	return err
}

func (n *Case) startNotice(d Data, now time.Time) error {
	start := d.String("start")
	if start > civil.DateOf(now).String() {
		return fault.Invalidf("start", "公示开始日期不能晚于今天（%s）", "The notice cannot start after today (%s)", civil.DateOf(now).String())
	}
	n.NoticeStart = start
	return nil
}

// noticeOver refuses to end a notice that began fewer than NoticeDays
// calendar days before now's day.
func noticeOver(s State, start string, now time.Time) error {
	first, err := civil.ParseISO(start)
	if err != nil {
		return conflict(s, ActEndNotice, fault.T("没有公示开始日期", "the notice has no start date"))
	}
	earliest := first.AddDays(NoticeDays).String()
	if civil.DateOf(now).String() < earliest {
		return conflict(s, ActEndNotice, fault.T("公示期不少于%d天（%s开始，%s起方可结束公示）",
			"the notice runs at least %d days (it began on %s and may end from %s)", NoticeDays, start, earliest))
	}
	return nil
}

// reopen is the household's one objection after closure.
func (n *Case) reopen() error {
	if n.ObjectionCount >= 1 {
		return conflict(n.State, ActReopen, fault.T("农户已提出过一次异议并经复核，不能再次申请复核",
			"the household has already objected once and the objection was reviewed"))
	}
	n.ObjectionCount++
	n.Outcome, n.OutcomeReason, n.DecidedAt, n.ClosedAt = "", "", "", ""
	return nil
}

// followUp records a step of a green-channel case after its enrolment.
func (c Case) followUp(a Action, d Data, now time.Time) (Case, Data, error) {
	if !c.Outstanding.Allows(a) {
		return c, nil, conflict(c.State, a, fault.T("绿色通道补办须按顺序进行，下一步应为“%s”",
			"the green channel's outstanding steps are recorded in order; the next is “%s”", c.Outstanding.Next()))
	}
	_, _, clean, err := step(c.Outstanding.At(), a, d, false)
	if err != nil {
		return c, nil, err
	}
	if key, ok := decisions[a]; ok && clean[key] == false {
		return c, nil, fault.Invalidf(key, "已通过绿色通道纳入监测，补办程序只记录通过的结论；不符合条件的，请按风险消除程序办理",
			"The household was enrolled through the green channel: the outstanding steps record approvals only; if it does not qualify, use the risk elimination procedure")
	}
	n := c
	switch a {
	case ActPublishNotice:
		err = n.startNotice(clean, now)
	case ActEndNotice:
		err = noticeOver(c.State, c.NoticeStart, now)
	}
	if err != nil {
		return c, nil, err
	}
	n.Outstanding, n.UpdatedAt = c.Outstanding.After(a), store.Stamp(now)
	if len(n.Outstanding) == 0 {
		n.ClosedAt = store.Stamp(now)
	}
	clean["follow_up"] = true
	return n, clean, nil
}
