package casework

import (
	"fmt"
	"strings"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Purpose is what a case decides.
type Purpose string

// The purposes: identification (识别认定, a clue that may enrol a household)
// and elimination (风险消除, a monitored household's exit from monitoring).
const (
	PurposeIdentification Purpose = "identification"
	PurposeElimination    Purpose = "elimination"
)

// Label is the purpose's Chinese name.
func (p Purpose) Label() string {
	if p == PurposeElimination {
		return "风险消除"
	}
	return "识别认定"
}

// The elimination modes (风险消除方式).
const (
	ModeAssisted = "帮扶消除" // eliminated through assistance
	ModeNatural  = "自然消除" // eliminated without (further) assistance
)

// Modes lists the elimination modes.
var Modes = []string{ModeAssisted, ModeNatural}

// OutcomeEliminated is the outcome of an elimination case the county
// approved: the household's risk is eliminated. Closing an elimination case
// otherwise (OutcomeNotQualifying) leaves the household under monitoring.
const OutcomeEliminated Outcome = "eliminated"

// eliminationStep is the transition table of an elimination case: the
// identification procedure without acceptance (the case opens accepted: a
// cadre proposes it, there is no clue to accept), without enrolment and
// without the household's reopening, and county approval eliminates.
func eliminationStep(s State, a Action) (transition, bool) {
	switch a {
	case ActAccept, ActReject, ActEnrol, ActReopen:
		return transition{}, false
	}
	t, ok := find(s, a)
	if t.to == StateCountyApproved {
		t.to = StateEliminated
	}
	return t, ok
}

// AllowedFor is Allowed for a case of purpose p.
func AllowedFor(p Purpose, s State, a Action, green bool) bool {
	if p == PurposeElimination {
		_, ok := eliminationStep(s, a)
		return ok
	}
	return Allowed(s, a, green)
}

// applyElimination is apply for an elimination case: the step's state and
// data, the notice's rules, and the decision on county approval. Whether the
// criteria hold is checked with the database (checkElimination).
func (c Case) applyElimination(a Action, d Data, now time.Time) (Case, Data, error) {
	t, ok := eliminationStep(c.State, a)
	if !ok {
		return c, nil, conflict(c.State, a, fault.Text{})
	}
	clean, err := d.check(a)
	if err != nil {
		return c, nil, err
	}
	to := t.to
	if key, ok := decisions[a]; ok && clean[key] == false {
		to = t.alt
	}
	n := c
	if err := n.effects(a, to, nil, clean, now); err != nil {
		return c, nil, err
	}
	if to == StateEliminated {
		n.Outcome, n.DecidedAt, n.ClosedAt = OutcomeEliminated, store.Stamp(now), store.Stamp(now)
	}
	n.State, n.UpdatedAt = to, store.Stamp(now)
	return n, clean, nil
}

func cleanMode(mode string) (string, error) {
	mode = strings.TrimSpace(mode)
	for _, m := range Modes {
		if mode == m {
			return m, nil
		}
	}
	return "", fault.Invalidf("mode", "请选择风险消除方式：%s", "Choose how the risk was eliminated: %s", strings.Join(Modes, "、"))
}

// unmetConflict is the county's refusal to approve while criteria are unmet.
func unmetConflict(s State, ch Check) *fault.Error {
	var parts []string
	for _, c := range ch.Unmet() {
		parts = append(parts, fmt.Sprintf("%s（%s）", c.Label, c.Detail))
	}
	return conflict(s, ActCountyApprove, fault.T("风险消除条件未全部满足，不能审定消除：%s",
		"the elimination criteria are not all met, so the elimination cannot be approved: %s", strings.Join(parts, "；")))
}
