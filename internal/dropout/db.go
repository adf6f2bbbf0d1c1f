package dropout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// Request is what opens a follow-up: the person, where it was opened from
// (an education row or a warning, both optional) and who is responsible.
type Request struct {
	PersonID    int64
	FeedRowID   int64
	WarningID   int64
	Responsible string
	Opened      civil.Date
}

// errNoDropout is the answer for a person without a 辍学 record.
var errNoDropout = fault.Conflictf("该人员没有辍学记录，不能建立控辍保学台账", "the person has no dropout record")

// member reads the household and village of person id, a current member of
// a household of scope; store.ErrNotFound otherwise.
func member(ctx context.Context, q store.Querier, scope store.Scope, id int64) (hh int64, region string, err error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return 0, "", err
	}
	err = q.QueryRowContext(ctx, `SELECT h.id, h.region_code FROM persons p JOIN households h ON h.id = p.household_id
		WHERE p.id = ? AND p.active = 1 AND `+where, append([]any{id}, args...)...).Scan(&hh, &region)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", store.ErrNotFound
	}
	if err != nil {
		return 0, "", fmt.Errorf("dropout: person %d: %w", id, err)
	}
	return hh, region, nil
}

// Open starts the follow-up of a dropout of scope, with its audit entry in
// the same transaction, and returns its id. The person needs a 辍学 record:
// the education row given (theirs, saying 辍学), the warning given (a
// dropout warning of their household), or else any education row of theirs
// saying 辍学. A person has one follow-up (409 for a second).
func Open(ctx context.Context, db *store.DB, scope store.Scope, req Request, by string) (int64, error) {
	if err := checkOpen(req.Responsible, req.Opened); err != nil {
		return 0, err
	}
	var id int64
	err := db.Transact(ctx, func(tx *store.Tx) error {
		hh, village, err := member(ctx, tx, scope, req.PersonID)
		if err != nil {
			return err
		}
		if err := evidence(ctx, tx, req, hh); err != nil {
			return err
		}
		now := store.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO dropout_followups (person_id, household_id, region_code, county,
			feed_row_id, warning_id, responsible, opened_on, created_by, created_at, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
			req.PersonID, hh, village, region.County(village), store.NullID(req.FeedRowID), store.NullID(req.WarningID),
			strings.TrimSpace(req.Responsible), req.Opened.String(), by, now, by, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.Conflictf("该人员已有控辍保学台账", "the person has a follow-up already")
		}
		if err != nil {
			return fmt.Errorf("dropout: open: %w", err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "dropout.open", Entity: "dropout_followup",
			EntityID: strconv.FormatInt(id, 10), Region: village,
			Detail: map[string]any{"person_id": req.PersonID, "feed_row_id": req.FeedRowID, "warning_id": req.WarningID,
				"opened_on": req.Opened.String()}})
	})
	return id, err
}

// evidence checks the 辍学 record a follow-up is opened from.
func evidence(ctx context.Context, q store.Querier, req Request, hh int64) error {
	var n int
	var err error
	switch {
	case req.FeedRowID != 0:
		err = q.QueryRowContext(ctx, `SELECT count(*) FROM feed_education WHERE id = ? AND person_id = ? AND status = '辍学'`,
			req.FeedRowID, req.PersonID).Scan(&n)
	case req.WarningID != 0:
		err = q.QueryRowContext(ctx, `SELECT count(*) FROM warnings WHERE id = ? AND household_id = ? AND rule = 'dropout'
			AND (person_id IS NULL OR person_id = ?)`, req.WarningID, hh, req.PersonID).Scan(&n)
	default:
		err = q.QueryRowContext(ctx, `SELECT count(*) FROM feed_education WHERE person_id = ? AND status = '辍学'`,
			req.PersonID).Scan(&n)
	}
	if err != nil {
		return fmt.Errorf("dropout: record of person %d: %w", req.PersonID, err)
	}
	if n == 0 {
		return errNoDropout
	}
	return nil
}

// Find reads follow-up id with its steps, its person a current member of a
// household of scope; store.ErrNotFound otherwise.
func Find(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Followup, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return Followup{}, err
	}
	var f Followup
	var feedRow, warning sql.NullInt64
	var opened, outcomeOn string
	err = q.QueryRowContext(ctx, `SELECT f.id, f.person_id, h.id, h.region_code, f.feed_row_id, f.warning_id, f.responsible,
		f.opened_on, f.outcome, coalesce(f.outcome_on, '') FROM dropout_followups f JOIN persons p ON p.id = f.person_id
		JOIN households h ON h.id = p.household_id WHERE f.id = ? AND p.active = 1 AND `+where, append([]any{id}, args...)...).
		Scan(&f.ID, &f.PersonID, &f.HouseholdID, &f.Region, &feedRow, &warning, &f.Responsible, &opened, &f.Outcome, &outcomeOn)
	if errors.Is(err, sql.ErrNoRows) {
		return Followup{}, store.ErrNotFound
	}
	if err != nil {
		return Followup{}, fmt.Errorf("dropout: follow-up %d: %w", id, err)
	}
	f.FeedRowID, f.WarningID = feedRow.Int64, warning.Int64
	if f.Opened, f.OutcomeOn, err = days(opened, outcomeOn); err != nil {
		return Followup{}, fmt.Errorf("dropout: follow-up %d: %w", id, err)
	}
	f.Steps, err = steps(ctx, q, id)
	return f, err
}

// days parses an opening day and an outcome day ("" is 0).
func days(opened, outcome string) (civil.Date, civil.Date, error) {
	o, err := civil.ParseISO(opened)
	if err != nil || outcome == "" {
		return o, 0, err
	}
	d, err := civil.ParseISO(outcome)
	return o, d, err
}

// steps reads the steps of follow-up id, oldest first.
func steps(ctx context.Context, q store.Querier, id int64) ([]Step, error) {
	var out []Step
	err := store.Each(ctx, q, fmt.Sprintf("dropout: steps of %d", id), func(rows store.Scanner) error {
		var err error
		var s Step
		var day string
		if err := rows.Scan(&day, &s.Note, &s.By); err != nil {
			return err
		}
		if s.Day, err = civil.ParseISO(day); err != nil {
			return fmt.Errorf("dropout: step day %q: %w", day, err)
		}
		out = append(out, s)
		return nil
	}, `SELECT day, note, created_by FROM dropout_followup_steps WHERE followup_id = ?
		ORDER BY day, id`, id)
	return out, err
}

// AddStep adds a dated step to follow-up id of scope, with its audit entry.
func AddStep(ctx context.Context, db *store.DB, scope store.Scope, id int64, s Step, by string) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		f, err := Find(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if err := checkStep(s, f.Opened); err != nil {
			return err
		}
		now := store.Now()
		// A step carries its follow-up's county, which is the household's it
		// was opened for: the person may have moved since.
		if _, err := tx.ExecContext(ctx, `INSERT INTO dropout_followup_steps (followup_id, county, day, note, created_by,
			created_at) VALUES (?, (SELECT county FROM dropout_followups WHERE id = ?), ?, ?, ?, ?)`,
			id, id, s.Day.String(), strings.TrimSpace(s.Note), by, now); err != nil {
			return fmt.Errorf("dropout: add step to %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE dropout_followups SET updated_by = ?, updated_at = ? WHERE id = ?", by, now, id); err != nil {
			return fmt.Errorf("dropout: add step to %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "dropout.step", Entity: "dropout_followup",
			EntityID: strconv.FormatInt(id, 10), Region: f.Region, Detail: map[string]string{"day": s.Day.String()}})
	})
}

// SetOutcome records the outcome of follow-up id of scope on day (a later
// outcome replaces an earlier one: 未返校 can become 返校), with its audit
// entry.
func SetOutcome(ctx context.Context, db *store.DB, scope store.Scope, id int64, outcome string, day civil.Date, by string) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		f, err := Find(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if err := checkOutcome(outcome, day, f.Opened); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dropout_followups SET outcome = ?, outcome_on = ?, updated_by = ?, updated_at = ?
			WHERE id = ?`, outcome, day.String(), by, store.Now(), id); err != nil {
			return fmt.Errorf("dropout: outcome of %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "dropout.outcome", Entity: "dropout_followup",
			EntityID: strconv.FormatInt(id, 10), Region: f.Region,
			Detail: map[string]string{"outcome": outcome, "outcome_on": day.String(), "before": f.Outcome}})
	})
}
