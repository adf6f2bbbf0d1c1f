package monitoring

import (
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// Status is where a measure stands.
type Status string

// Measure statuses.
const (
	StatusPlanned    Status = "planned"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusCancelled  Status = "cancelled"
)

var statusLabels = map[Status]string{
	StatusPlanned: "计划中", StatusInProgress: "实施中", StatusDone: "已完成", StatusCancelled: "已取消",
}

// Label is the status's Chinese name ("" for an unknown status).
func (s Status) Label() string { return statusLabels[s] }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s.Label() != "" }

// Measure is one measure of a household's plan (一户一策).
type Measure struct {
	ID, HouseholdID    int64
	Region             string
	Type, Subtype      string
	Owner              string // 责任单位或责任人
	OwnerUserID        int64  // 0 when the owner has no account
	StartOn, DueOn     string // YYYY-MM-DD
	Status             Status
	AmountFen          int64
	Notes              string
	ContinuesAfterExit bool // goes on after the household leaves monitoring
	CreatedBy          string
	CreatedAt          string
	UpdatedAt          string
	Updates            []Update // progress, oldest first
}

// Update is one dated progress entry of a measure.
type Update struct {
	ID, MeasureID int64
	On            string // the day it happened
	StatusAfter   Status
	Note          string
	By, At        string
}

// MeasureInput is a measure as entered. Status is only read by AddMeasure
// (default planned): later changes go through AddProgress, which dates
// them. ContinuesAfterExit nil takes the sub-type's default.
type MeasureInput struct {
	Type, Subtype      string
	Owner              string
	OwnerUserID        int64
	StartOn, DueOn     string
	Status             Status
	AmountFen          int64
	Notes              string
	ContinuesAfterExit *bool
}

// MaxAmountFen bounds one measure's amount (1,000万元).
const MaxAmountFen = 1_000_000_000

// check validates and normalises the input into m's plan fields.
func (in MeasureInput) apply(m *Measure) error {
	in.Owner, in.Notes = strings.TrimSpace(in.Owner), strings.TrimSpace(in.Notes)
	t, ok := FindType(in.Type)
	if !ok {
		return fault.Invalidf("type", "帮扶措施类型“%s”不在全国帮扶措施目录之列", "The measure type “%s” is not in the national list of measures", in.Type)
	}
	if !t.ValidSubtype(in.Subtype) {
		return fault.Invalidf("subtype", "请选择“%s”的子类（%s）", "Choose a sub-type of “%s” (%s)", t.Name, strings.Join(t.Subtypes, "、"))
	}
	if n := utf8.RuneCountInString(in.Owner); n == 0 || n > 64 {
		return fault.Invalidf("owner", "请填写责任单位或责任人（不超过64个字）", "Give the unit or person responsible (at most 64 characters)")
	}
	start, err := parseDay("start_on", "开始日期", in.StartOn)
	if err != nil {
		return err
	}
	due, err := parseDay("due_on", "完成时限", in.DueOn)
	if err != nil {
		return err
	}
	if due.Before(start) {
		return fault.Invalidf("due_on", "完成时限不能早于开始日期", "The due date cannot be before the start date")
	}
	if in.AmountFen < 0 || in.AmountFen > MaxAmountFen {
		return fault.Invalidf("amount", "金额应在0到%s之间", "The amount must be between 0 and %s", Yuan(MaxAmountFen))
	}
	if utf8.RuneCountInString(in.Notes) > 1000 {
		return fault.Invalidf("notes", "备注不能超过1000个字", "The notes must not exceed 1000 characters")
	}
	m.Type, m.Subtype, m.Owner, m.OwnerUserID = in.Type, in.Subtype, in.Owner, in.OwnerUserID
	m.StartOn, m.DueOn, m.AmountFen, m.Notes = in.StartOn, in.DueOn, in.AmountFen, in.Notes
	m.ContinuesAfterExit = ContinuesAfterExit(in.Type, in.Subtype)
	if in.ContinuesAfterExit != nil {
		m.ContinuesAfterExit = *in.ContinuesAfterExit
	}
	return nil
}

// ProgressInput is one progress entry: the day, the status after it ("" to
// keep the status) and a note.
type ProgressInput struct {
	On     string
	Status Status
	Note   string
}

func (p *ProgressInput) check(current Status, now time.Time) error {
	p.Note = strings.TrimSpace(p.Note)
	on, err := parseDay("on", "进展日期", p.On)
	if err != nil {
		return err
	}
	if p.On > civil.DateOf(now).String() {
		return fault.Invalidf("on", "进展日期%s晚于今天", "The progress date %s is after today", on.Format(time.DateOnly))
	}
	if p.Status == "" {
		p.Status = current
	}
	if !p.Status.Valid() {
		return fault.Invalidf("status", "未知的措施状态“%s”", "Unknown measure status “%s”", string(p.Status))
	}
	if p.Note == "" && p.Status == current {
		return fault.Invalidf("note", "请填写进展情况或改变状态", "Describe the progress or change the status")
	}
	if utf8.RuneCountInString(p.Note) > 1000 {
		return fault.Invalidf("note", "进展情况不能超过1000个字", "The progress note must not exceed 1000 characters")
	}
	return nil
}
