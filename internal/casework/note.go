package casework

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// AddNote adds text to the timeline of case id of the scope, by user (System
// for a new report from the same family, which is added to its open case
// instead of opening another), through q, the caller's transaction.
func AddNote(ctx context.Context, q store.Querier, scope store.Scope, id int64, by auth.User, text string,
	now time.Time) (Case, error) {
	if !trimFits(&text, 4000, true) {
		return Case{}, fault.Invalidf("text", "请填写补充情况（不超过4000个字）", "Write the note (at most 4000 characters)")
	}
	c, err := load(ctx, q, scope, id)
	if err != nil {
		return Case{}, err
	}
	if by.Role != RoleSystem && !by.Can(auth.PermEditRegistry) {
		return Case{}, forbidden(by.Role, EventNote)
	}
	if err := touch(ctx, q, c.ID, now); err != nil {
		return Case{}, err
	}
	c.UpdatedAt = store.Stamp(now)
	if err := record(ctx, q, c, change{by: by, action: EventNote, from: c.State, to: c.State, comment: text}, now); err != nil {
		return Case{}, err
	}
	return c, nil
}

// Link ties case id of the scope to a registered household of the same
// village (a family reported before it was registered); a case already
// enrolled puts the household under monitoring now. A case already linked
// cannot be relinked: a Conflict *fault.Error.
func Link(ctx context.Context, q store.Querier, scope store.Scope, id int64, by auth.User, householdID int64,
	now time.Time) (Case, error) {
	c, err := load(ctx, q, scope, id)
	if err != nil {
		return Case{}, err
	}
	if !by.Can(auth.PermEditRegistry) {
		return Case{}, forbidden(by.Role, EventLink)
	}
	if c.HouseholdID != 0 {
		return Case{}, conflict(c.State, EventLink, fault.T("案件已关联农户", "the case is already linked to a household"))
	}
	h, err := household(ctx, q, scope, householdID)
	if err != nil {
		return Case{}, err
	}
	if h.region != c.Region {
		return Case{}, fault.Invalidf("household_id", "农户不在案件所在的村", "The household is not in the case's village")
	}
	// The case takes its household's county, and so do the events it
	// already has: until now, as a case without a household, it and they
	// carried none.
	res, err := q.ExecContext(ctx, "UPDATE cases SET household_id = ?, county = ?, updated_at = ? WHERE id = ? AND household_id IS NULL",
		householdID, region.County(h.region), store.Stamp(now), c.ID)
	if err != nil {
		return Case{}, fmt.Errorf("casework: link case %d: %w", c.ID, err)
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return Case{}, conflict(c.State, EventLink, fault.T("案件已关联农户", "the case is already linked to a household"))
	}
	_, err = q.ExecContext(ctx, "UPDATE case_events SET county = ? WHERE case_id = ?", region.County(h.region), c.ID)
	if err != nil {
		return Case{}, fmt.Errorf("casework: link case %d: events: %w", c.ID, err)
	}
	c.HouseholdID, c.UpdatedAt = householdID, store.Stamp(now)
	if c.State == StateEnrolled {
		if err := enrolHousehold(ctx, q, scope, c, now); err != nil {
			return Case{}, err
		}
	}
	data := Data{"household_code": h.code}
	if err := record(ctx, q, c, change{by: by, action: EventLink, from: c.State, to: c.State, data: data}, now); err != nil {
		return Case{}, err
	}
	return c, nil
}

func touch(ctx context.Context, q store.Querier, id int64, now time.Time) error {
	if _, err := q.ExecContext(ctx, "UPDATE cases SET updated_at = ? WHERE id = ?", store.Stamp(now), id); err != nil {
		return fmt.Errorf("casework: case %d: %w", id, err)
	}
	return nil
}
