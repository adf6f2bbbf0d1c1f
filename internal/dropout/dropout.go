// Package dropout keeps the 控辍保学 follow-ups of school dropouts: who is
// responsible, the dated steps taken and the outcome (docs/figures.md,
// "Sectors (三保障)", education).
package dropout

import (
	"slices"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// Outcomes of a follow-up; "" while it is under way.
const (
	Returned  = "返校"
	AtHome    = "送教上门"
	Other     = "其他"
	NotBack   = "未返校"
	UnderWay  = ""
	maxNote   = 500
	maxPerson = 50
)

// Outcomes are the outcomes a follow-up may end with, in the form's order.
var Outcomes = []string{Returned, AtHome, Other, NotBack}

// Followup is the follow-up of one dropout.
type Followup struct {
	ID          int64
	PersonID    int64
	HouseholdID int64
	Region      string // the household's village now
	FeedRowID   int64  // the education row it was opened from, 0 when none
	WarningID   int64  // the warning it was opened from, 0 when none
	Responsible string
	Opened      civil.Date
	Outcome     string
	OutcomeOn   civil.Date // 0 while under way
	Steps       []Step
}

// Step is a dated note of what was done.
type Step struct {
	Day  civil.Date
	Note string
	By   string
}

// checkOpen checks what a person gives to open a follow-up.
func checkOpen(responsible string, opened civil.Date) error {
	f := map[string]fault.Text{}
	switch n := len([]rune(strings.TrimSpace(responsible))); {
	case n == 0:
		f["responsible"] = fault.T("请填写责任人", "give the person responsible")
	case n > maxPerson:
		f["responsible"] = fault.T("责任人不能超过50字", "the person responsible is longer than 50 characters")
	}
	if opened == 0 {
		f["opened"] = fault.T("请填写开始日期", "give the day it starts")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}

// checkStep checks a step.
func checkStep(s Step, opened civil.Date) error {
	switch n := len([]rune(strings.TrimSpace(s.Note))); {
	case n == 0:
		return fault.Invalidf("note", "请填写帮扶措施", "describe the step")
	case n > maxNote:
		return fault.Invalidf("note", "内容不能超过500字", "the note is longer than 500 characters")
	case s.Day == 0:
		return fault.Invalidf("day", "请填写日期", "give the day")
	case s.Day < opened:
		return fault.Invalidf("day", "日期不能早于开始日期", "the day cannot be before the follow-up started")
	}
	return nil
}

// checkOutcome checks an outcome and its day.
func checkOutcome(outcome string, day, opened civil.Date) error {
	switch {
	case !slices.Contains(Outcomes, outcome):
		return fault.Invalidf("outcome", "结果应为返校、送教上门、其他或未返校", "the outcome must be 返校, 送教上门, 其他 or 未返校")
	case day == 0:
		return fault.Invalidf("outcome_on", "请填写结果日期", "give the day of the outcome")
	case day < opened:
		return fault.Invalidf("outcome_on", "结果日期不能早于开始日期", "the outcome cannot be before the follow-up started")
	}
	return nil
}
