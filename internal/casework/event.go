package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/notify"
	"fangpin/internal/store"
)

// change is what one timeline event records.
type change struct {
	by       auth.User
	action   Action
	from, to State
	comment  string
	data     Data
}

// record appends an event to the case's timeline and the matching entry
// ("case."+action) to the audit log, by the actor of ctx, both through q:
// the caller's transaction, so that the step, its event and its audit entry
// commit together or not at all. The case's notifications that the step
// overtook are settled (settle).
func record(ctx context.Context, q store.Querier, c Case, ch change, now time.Time) error {
	if err := insertEvent(ctx, q, c, ch, now); err != nil {
		return err
	}
	if err := settle(ctx, q, c, now); err != nil {
		return err
	}
	detail := map[string]any{"from": string(ch.from), "to": string(ch.to)}
	if ch.data["follow_up"] == true {
		detail["follow_up"] = true
	}
	err := audit.Record(ctx, q, audit.Event{Action: "case." + string(ch.action), Entity: "case",
		EntityID: strconv.FormatInt(c.ID, 10), Region: c.Region, Detail: detail})
	if err != nil {
		return fmt.Errorf("casework: case %d: %w", c.ID, err)
	}
	return nil
}

func insertEvent(ctx context.Context, q store.Querier, c Case, ch change, now time.Time) error {
	js := ""
	if len(ch.data) > 0 {
		b, err := json.Marshal(ch.data)
		if err != nil {
			return fmt.Errorf("casework: case %d: event data: %w", c.ID, err)
		}
		js = string(b)
	}
	// An event carries its case's county, which follows the case's household
	// (if any) rather than the village the case was opened in.
	_, err := q.ExecContext(ctx, `INSERT INTO case_events (case_id, county, region_code, at, user_id, username, role, action,
		from_state, to_state, comment, data) VALUES (?, (SELECT county FROM cases WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.ID, c.Region, store.Stamp(now), store.NullID(ch.by.ID), ch.by.Username, string(ch.by.Role), string(ch.action),
		string(ch.from), string(ch.to), ch.comment, js)
	if err != nil {
		return fmt.Errorf("casework: case %d: record %s: %w", c.ID, ch.action, err)
	}
	return nil
}

// settle tells the notification feed what of case c (as it stands after a
// step) still asks for action: its arrival while it waits for acceptance,
// and its current deadline while it is undecided.
func settle(ctx context.Context, q store.Querier, c Case, now time.Time) error {
	due := c.Due()
	if c.State.Final() {
		due = ""
	}
	return notify.Settle(ctx, q, c.ID, c.State == StateReported, due, now)
}
