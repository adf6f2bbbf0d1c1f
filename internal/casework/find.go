package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"fangpin/internal/store"
)

const caseCols = `id, region_code, household_id, head_name, id_idx, source, source_ref, state, risk_types, description,
	green_channel, category, outcome, outcome_reason, objection_count, outstanding, notice_start, opened_at,
	accept_due, verify_due, total_due, decided_at, closed_at, updated_at, purpose, elimination_mode`

func scanCase(s store.Scanner) (Case, error) {
	var c Case
	var hh sql.NullInt64
	var green int
	var risks, outstanding string
	err := s.Scan(&c.ID, &c.Region, &hh, &c.HeadName, &c.IDIndex, &c.Source, &c.SourceRef, &c.State, &risks,
		&c.Description, &green, &c.Category, &c.Outcome, &c.OutcomeReason, &c.ObjectionCount, &outstanding,
		&c.NoticeStart, &c.OpenedAt, &c.AcceptDue, &c.VerifyDue, &c.TotalDue, &c.DecidedAt, &c.ClosedAt, &c.UpdatedAt,
		&c.Purpose, &c.Mode)
	c.HouseholdID, c.Green = hh.Int64, green == 1
	c.RiskTypes, c.Outstanding = splitRisks(risks), parseFollowUp(outstanding)
	return c, err
}

// load reads one case of the scope; a case outside it is store.ErrNotFound.
func load(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Case, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Case{}, err
	}
	c, err := scanCase(q.QueryRowContext(ctx, "SELECT "+caseCols+" FROM cases WHERE id = ? AND "+where,
		append([]any{id}, args...)...))
	return c, store.Found(err, fmt.Sprintf("casework: case %d", id))
}

// Find returns a case of the scope with its timeline, oldest event first.
func Find(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Case, []Event, error) {
	c, err := load(ctx, q, scope, id)
	if err != nil {
		return Case{}, nil, err
	}
	events, err := Events(ctx, q, scope, id)
	return c, events, err
}

// Events returns the timeline of a case of the scope, oldest first (none for
// a case outside it).
func Events(ctx context.Context, q store.Querier, scope store.Scope, caseID int64) ([]Event, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, fmt.Sprintf("casework: events of case %d", caseID), scanEvent,
		`SELECT id, case_id, region_code, at, user_id, username, role, action, from_state,
		to_state, comment, data FROM case_events WHERE case_id = ? AND `+where+" ORDER BY id",
		append([]any{caseID}, args...)...)
}

func scanEvent(s store.Scanner) (Event, error) {
	var e Event
	var user sql.NullInt64
	var data string
	if err := s.Scan(&e.ID, &e.CaseID, &e.Region, &e.At, &user, &e.Username, &e.Role, &e.Action, &e.From, &e.To,
		&e.Comment, &data); err != nil {
		return e, err
	}
	e.UserID = user.Int64
	if data != "" {
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return e, err
		}
		e.FollowUp, _ = e.Data["follow_up"].(bool)
	}
	return e, nil
}

// FindOpenByIDIndex returns the case of the scope still open for the family
// whose head has the ID-number index idIdx — where a new report from the
// same family is added (AddNote) instead of opening another case.
func FindOpenByIDIndex(ctx context.Context, q store.Querier, scope store.Scope, idIdx string) (Case, bool, error) {
	where, args, err := scope.Where("region_code")
	if err != nil || idIdx == "" {
		return Case{}, false, err
	}
	c, err := scanCase(q.QueryRowContext(ctx, "SELECT "+caseCols+` FROM cases
		WHERE id_idx = ? AND closed_at = '' AND `+where+" ORDER BY id DESC LIMIT 1", append([]any{idIdx}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, false, nil
	}
	if err != nil {
		return Case{}, false, fmt.Errorf("casework: open case by ID index: %w", err)
	}
	return c, true, nil
}
