// Package audit keeps fangpin's append-only, tamper-evident audit log: who
// did what, when, from where, to which entity in which region.
//
// Every entry carries the hash of the one before it, so an edited, removed or
// reordered entry is found by Verify. The hash of an entry is
//
//	hash = hex(SHA-256(prev_hash ‖ canonical(entry)))
//
// where canonical is the text "fangpin-audit-v1\n" followed by the twelve
// stored columns other than hash, in the order id, at, user_id, username,
// role, ip, action, entity, entity_id, region_code, detail, prev_hash, each
// written as "<length in bytes, decimal>:<bytes>\n". id is written in
// decimal, user_id in decimal or as the empty string when NULL, every other
// column exactly as stored. The length prefix makes the form unambiguous
// without escaping. The first entry's prev_hash is the empty string.
//
// The chain's head (last id and hash) lives in the one-row table audit_head,
// updated in the same transaction as each insert, so that removing the last
// entries is detected too and concurrent writers append one after another
// without gaps.
//
// Callers must never put a full ID number or phone number into an Event's
// Detail: mask personal fields with Masked or Change. Record masks whatever
// still looks like an 18-character ID number or a mobile number, as a last
// line of defence.
package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fangpin/internal/store"
)

// Actor is who did something: a user, or the system and command line when
// UserID is 0. Entries take it from their context (WithActor, ActorFrom).
type Actor struct {
	UserID             int64
	Username, Role, IP string
}

// Event is what was done: an action such as "login", "login_failed",
// "logout", "household.view_full_id", "household.import", "user.create" or
// "export.full"; the entity and its id; Region, the 12-digit code the event
// concerns ("" for global events); and Detail, marshalled to JSON (use a
// struct or a map so that the key order is stable; nil stores "").
type Event struct {
	Action, Entity, EntityID, Region string
	Detail                           any
}

// Log appends to the audit log of a database in transactions of its own.
type Log struct {
	db  *store.DB
	now func() time.Time
}

// New returns the audit log of db, stamped with the system clock.
func New(db *store.DB) *Log { return &Log{db: db, now: time.Now} }

// WithClock returns a copy of l that stamps entries with now (tests).
func (l *Log) WithClock(now func() time.Time) *Log { return &Log{db: l.db, now: now} }

// Append records one entry by the actor of ctx in a transaction of its own,
// for events that change nothing else (views, logins, exports).
func (l *Log) Append(ctx context.Context, e Event) error {
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, l.now, e)
	})
}

// Record is the package-level Record stamped with l's clock.
func (l *Log) Record(ctx context.Context, q store.Querier, e Event) error {
	return record(ctx, q, l.now, e)
}

// Record appends one entry by the actor of ctx (ActorFrom) through q,
// normally the caller's transaction, so that a change and its audit entry
// commit together. Outside a transaction it is still correct but a failure
// between its statements can leave a gap that Verify reports; use
// Log.Append there.
func Record(ctx context.Context, q store.Querier, e Event) error {
	return record(ctx, q, time.Now, e)
}

// maxTries bounds the compare-and-set loop of an append outside a
// transaction (inside one the head is locked and the first try succeeds).
const maxTries = 100

func record(ctx context.Context, q store.Querier, now func() time.Time, e Event) error {
	if e.Action == "" {
		return errors.New("audit: event without an action")
	}
	detail, err := encodeDetail(e.Detail)
	if err != nil {
		return fmt.Errorf("audit: %s: detail: %w", e.Action, err)
	}
	r := newRow(ActorFrom(ctx), e, detail)
	for range maxTries {
		r.At = now().UTC().Format(timeLayout)
		done, err := appendRow(ctx, q, &r)
		if err != nil {
			return fmt.Errorf("audit: append %s: %w", e.Action, err)
		}
		if done {
			return nil
		}
	}
	return fmt.Errorf("audit: append %s: the chain's head kept moving; append in a transaction", e.Action)
}
