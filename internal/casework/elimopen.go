package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// NewElimination is the input of OpenElimination: a proposal to eliminate
// a monitored household's risk.
type NewElimination struct {
	HouseholdID int64
	Mode        string // 帮扶消除 or 自然消除
	Description string // the proposal's grounds
	By          auth.User
	// Deadlines gives the case its verification and decision deadlines, as
	// for an identification case (it has no acceptance step); nil: none.
	Deadlines Deadlines
}

// OpenElimination opens an elimination case (风险消除) for a monitored
// household of the scope, through q (the caller's transaction). The case
// starts accepted, so its first step is home verification, due like an
// identification case's (e.Deadlines), and so is the decision. The criteria as of now are returned and
// kept on the case's first event, met or not: the proposal shows them, and
// county approval refuses while one is unmet. A household outside the scope
// is store.ErrNotFound; one not under monitoring, or with an elimination
// case under way, is fault.Conflict. Unlike Open it posts no notification:
// the proposal comes from the household's own cadres and waits for no
// acceptance, so there is no one to tell and no deadline to warn of.
func OpenElimination(ctx context.Context, q store.Querier, scope store.Scope, e NewElimination, now time.Time) (Case, Check, error) {
	mode, err := cleanMode(e.Mode)
	if err != nil {
		return Case{}, Check{}, err
	}
	if !trimFits(&e.Description, 4000, false) {
		return Case{}, Check{}, fault.Invalidf("description", "情况说明不能超过4000个字", "The description must not exceed 4000 characters")
	}
	if !e.By.Can(auth.PermEditRegistry) {
		return Case{}, Check{}, forbidden(e.By.Role, EventOpen)
	}
	h, err := household(ctx, q, scope, e.HouseholdID)
	if err != nil {
		return Case{}, Check{}, err
	}
	if err := eliminable(ctx, q, h); err != nil {
		return Case{}, Check{}, err
	}
	f, err := readFacts(ctx, q, h, now)
	if err != nil {
		return Case{}, Check{}, fmt.Errorf("casework: elimination check of household %s: %w", h.code, err)
	}
	check := Evaluate(h.id, f, now)
	c, err := insertElimination(ctx, q, h, mode, e.Description, e.Deadlines, now)
	if err != nil {
		return Case{}, Check{}, err
	}
	data := Data{"purpose": string(PurposeElimination), "mode": mode, "check": check}
	if err := record(ctx, q, c, change{by: e.By, action: EventOpen, to: c.State, data: data}, now); err != nil {
		return Case{}, Check{}, err
	}
	return c, check, nil
}

// underWay is the household state of an elimination under way.
var underWay = fault.T("风险消除办理中", "elimination under way")

// eliminable refuses a household not under monitoring, or one whose
// elimination is already under way.
func eliminable(ctx context.Context, q store.Querier, h householdRow) error {
	switch {
	case h.identified == 0:
		return conflict(fault.T("未纳入监测", "not monitored"), EventOpen, fault.T("只有监测对象才能申请风险消除", "only monitored households can apply for risk elimination"))
	case h.eliminated:
		return conflict(fault.T("风险已消除", "risk eliminated"), EventOpen, fault.T("该户风险已消除", "the household's risk is already eliminated"))
	}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM cases WHERE household_id = ? AND purpose = ? AND outcome = ''`,
		h.id, string(PurposeElimination)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("casework: elimination cases of household %s: %w", h.code, err)
	}
	return conflict(underWay, EventOpen, fault.T("该户已有正在办理的风险消除案件（%d号）", "the household already has an elimination case under way (no. %d)", id))
}

func insertElimination(ctx context.Context, q store.Querier, h householdRow, mode, desc string, dl Deadlines, now time.Time) (Case, error) {
	head := h.code
	err := q.QueryRowContext(ctx, `SELECT name FROM persons WHERE household_id = ? AND relation = '户主' AND active = 1
		ORDER BY id LIMIT 1`, h.id).Scan(&head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Case{}, fmt.Errorf("casework: head of household %s: %w", h.code, err)
	}
	c := Case{Purpose: PurposeElimination, Mode: mode, Region: h.region, HouseholdID: h.id, HeadName: head,
		Source: SourceScreening, State: StateAccepted, Description: desc, OpenedAt: store.Stamp(now), UpdatedAt: store.Stamp(now)}
	if dl != nil {
		_, c.VerifyDue, c.TotalDue, _ = dues(dl, now)
	}
	err = q.QueryRowContext(ctx, `INSERT INTO cases (purpose, elimination_mode, region_code, county, household_id, head_name,
		source, state, description, opened_at, updated_at, verify_due, total_due)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(c.Purpose), c.Mode, c.Region, region.County(h.region), c.HouseholdID, c.HeadName, string(c.Source), string(c.State),
		c.Description, c.OpenedAt, c.UpdatedAt, c.VerifyDue, c.TotalDue).Scan(&c.ID)
	if store.IsUniqueViolation(err) {
		return Case{}, conflict(underWay, EventOpen, fault.T("该户已有正在办理的风险消除案件", "the household already has an elimination case under way"))
	}
	if err != nil {
		return Case{}, fmt.Errorf("casework: open elimination case: %w", err)
	}
	return c, nil
}
