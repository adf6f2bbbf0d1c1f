package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// Open opens a case for a clue in the scope, in state reported, with its
// deadlines from dl (steps StepAccept, StepVerify, StepTotal counted from
// now), records it on its timeline and in the audit log, and posts the
// notification that tells its village (package notify), all through q, the
// caller's transaction. A region or household outside the scope is
// store.ErrNotFound; fields that are missing or wrong are fault.Invalid; an
// opener (NewCase.By) other than System who may not work on cases is
// fault.Forbidden.
func Open(ctx context.Context, q store.Querier, scope store.Scope, c NewCase, now time.Time, dl Deadlines) (Case, error) {
	if err := c.clean(); err != nil {
		return Case{}, err
	}
	if err := c.place(ctx, q, scope); err != nil {
		return Case{}, err
	}
	n := c.draft(now)
	var problems []string
	n.AcceptDue, n.VerifyDue, n.TotalDue, problems = dues(dl, now)
	// A case carries its household's county (place has set its region to
	// the household's); one with no household yet carries none.
	county := ""
	if n.HouseholdID != 0 {
		county = region.County(n.Region)
	}
	err := q.QueryRowContext(ctx, `INSERT INTO cases (region_code, county, household_id, head_name, id_idx, source, source_ref,
		state, risk_types, description, green_channel, opened_at, accept_due, verify_due, total_due, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, n.Region, county, store.NullID(n.HouseholdID), n.HeadName,
		n.IDIndex, string(n.Source), n.SourceRef, string(n.State), joinRisks(n.RiskTypes), n.Description, store.Bool01(n.Green),
		n.OpenedAt, n.AcceptDue, n.VerifyDue, n.TotalDue, n.UpdatedAt).Scan(&n.ID)
	if err != nil {
		return Case{}, fmt.Errorf("casework: open case: %w", err)
	}
	data := Data{"source": string(n.Source), "green_channel": n.Green}
	if len(problems) > 0 {
		data["deadline_problems"] = problems
	}
	if err := record(ctx, q, n, change{by: c.By, action: EventOpen, to: StateReported, data: data}, now); err != nil {
		return Case{}, err
	}
	if err := announce(ctx, q, n, now); err != nil {
		return Case{}, err
	}
	return n, nil
}

// clean trims and checks the fields that need no database.
func (c *NewCase) clean() error {
	c.SourceRef = strings.TrimSpace(c.SourceRef)
	if c.By.Role == "" {
		c.By = System
	}
	if c.By.Role != RoleSystem && !c.By.Can(auth.PermEditRegistry) {
		return forbidden(c.By.Role, EventOpen)
	}
	switch {
	case !trimFits(&c.HeadName, 50, true):
		return fault.Invalidf("head_name", "请填写户主姓名（不超过50个字）", "Give the head of household's name (at most 50 characters)")
	case c.Source.Label() == "":
		return fault.Invalidf("source", "线索来源应为 self_report、screening 或 warning", "The source must be self_report, screening or warning")
	case !trimFits(&c.Description, 4000, false):
		return fault.Invalidf("description", "情况说明不能超过4000个字", "The description must not exceed 4000 characters")
	case len(c.SourceRef) > 100:
		return fault.Invalidf("source_ref", "来源编号过长", "The source reference is too long")
	}
	risks, err := cleanRisks(c.RiskTypes)
	if err != nil {
		return err
	}
	c.RiskTypes = risks
	if c.Green && !greenRisk(risks) {
		return fault.Invalidf("green_channel", "绿色通道只适用于因自然灾害或因意外事故的情形", "The green channel is only for natural disasters (因自然灾害) and accidents (因意外事故)")
	}
	return nil
}

// place checks the case's village against the scope and the household, if
// any, and takes the household's village when none was given.
func (c *NewCase) place(ctx context.Context, q store.Querier, scope store.Scope) error {
	if c.Region != "" {
		if err := checkVillage(c.Region); err != nil {
			return err
		}
		if !scope.Contains(c.Region) {
			return fmt.Errorf("casework: region %s: %w", c.Region, store.ErrNotFound)
		}
	}
	if c.HouseholdID == 0 {
		if c.Region == "" {
			return fault.Invalidf("region", "请选择村", "Choose a village")
		}
		return nil
	}
	h, err := household(ctx, q, scope, c.HouseholdID)
	if err != nil {
		return err
	}
	if c.Region != "" && c.Region != h.region {
		return fault.Invalidf("household_id", "农户不在案件所在的村", "The household is not in the case's village")
	}
	if !scope.Contains(h.region) {
		return fmt.Errorf("casework: household %d: %w", c.HouseholdID, store.ErrNotFound)
	}
	c.Region = h.region
	return nil
}

func checkVillage(code string) error {
	if regcode.Level(code) != regcode.Village {
		return fault.Invalidf("region", "案件应落在村一级（12位村级区划代码）", "A case belongs to a village (a 12-digit village code)")
	}
	return nil
}

func (c NewCase) draft(now time.Time) Case {
	return Case{Purpose: PurposeIdentification, Region: c.Region, HouseholdID: c.HouseholdID, HeadName: c.HeadName, IDIndex: c.IDIndex,
		Source: c.Source, SourceRef: c.SourceRef, State: StateReported, RiskTypes: c.RiskTypes,
		Description: c.Description, Green: c.Green, OpenedAt: store.Stamp(now), UpdatedAt: store.Stamp(now)}
}
