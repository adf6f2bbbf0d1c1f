// Package notify is the notification outbox: the in-app feed of each region
// (a case arrived, a case fell overdue) and the text messages sent from it
// through a pluggable sender (a logging one until a county connects its SMS
// gateway).
//
// A domain action posts its notification with Post through its own
// transaction, so the notification exists exactly when the action
// committed. Deliver sends the messages of committed notifications
// afterwards and stamps them sent, so a rolled-back action never texts
// anyone and a message the gateway refused is tried again. The package
// knows nothing of cases beyond their id: what a notification says is the
// posting package's business.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fangpin/internal/store"
)

// Kinds of notification.
const (
	KindNew     = "case_new"
	KindOverdue = "case_overdue"
)

// Notification is one entry of a region's feed.
type Notification struct {
	ID        int64
	Region    string
	Kind      string
	CaseID    int64
	Ref       string // tells apart notifications of one kind and case (the deadline of an overdue one)
	Message   string
	CreatedAt string
}

// Sender delivers a text message about a region's case (an SMS gateway).
type Sender interface {
	Send(ctx context.Context, region, text string) error
}

// LogSender writes the messages to the log instead of sending them.
type LogSender struct{ Log *slog.Logger }

// Send logs the message (no personal data: the text names a case number).
func (l LogSender) Send(ctx context.Context, region, text string) error {
	l.Log.InfoContext(ctx, "sms", "region", region, "text", text)
	return nil
}

// Post stores n, once per (kind, case, ref), through q (the posting
// action's transaction), and reports whether it is new. Its message is sent
// by Deliver once q has committed.
func Post(ctx context.Context, q store.Querier, n Notification, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO notifications (region_code, kind, case_id, ref, message, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, case_id, ref) DO NOTHING`,
		n.Region, n.Kind, n.CaseID, n.Ref, n.Message, store.Stamp(now))
	if err != nil {
		return false, fmt.Errorf("notify: post %s of case %d: %w", n.Kind, n.CaseID, err)
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// Feed lists the notifications of the scope that still ask user for
// something, newest first, at most limit: not settled by their case (Settle)
// and not marked read by the user (MarkRead).
func Feed(ctx context.Context, q store.Querier, scope store.Scope, userID int64, limit int) ([]Notification, error) {
	where, args, err := scope.Where("n.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "notify: feed", func(rows store.Scanner) (Notification, error) {
		var n Notification
		err := rows.Scan(&n.ID, &n.Region, &n.Kind, &n.CaseID, &n.Ref, &n.Message, &n.CreatedAt)
		return n, err
	}, `SELECT n.id, n.region_code, n.kind, COALESCE(n.case_id, 0), n.ref, n.message, n.created_at
		FROM notifications n WHERE `+where+` AND n.settled_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ?)
		ORDER BY n.id DESC LIMIT ?`, append(args, userID, limit)...)
}

// MarkRead records that user has read notification id of the scope; a
// notification outside the scope is store.ErrNotFound. Marking it again
// changes nothing.
func MarkRead(ctx context.Context, q store.Querier, scope store.Scope, id, userID int64, now time.Time) error {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return err
	}
	var found int64
	err = q.QueryRowContext(ctx, "SELECT id FROM notifications WHERE id = ? AND "+where, append([]any{id}, args...)...).Scan(&found)
	if err = store.Found(err, fmt.Sprintf("notify: notification %d", id)); err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO notification_reads (notification_id, user_id, read_at) VALUES (?, ?, ?)
		ON CONFLICT (notification_id, user_id) DO NOTHING`, id, userID, store.Stamp(now))
	if err != nil {
		return fmt.Errorf("notify: mark %d read: %w", id, err)
	}
	return nil
}

// Settle marks the notifications of a case that no longer ask for action
// after a step on it, through q (the step's transaction): the arrival of a
// case no longer waiting for acceptance (waiting false), and a deadline
// passed that is no longer the case's current one (due, "" once decided).
// The caller knows its workflow; this package only stores the answer.
func Settle(ctx context.Context, q store.Querier, caseID int64, waiting bool, due string, now time.Time) error {
	cond := "kind = ? AND ref <> ?"
	args := []any{store.Stamp(now), caseID, KindOverdue, due}
	if !waiting {
		cond = "kind = ? OR " + cond
		args = []any{store.Stamp(now), caseID, KindNew, KindOverdue, due}
	}
	_, err := q.ExecContext(ctx, "UPDATE notifications SET settled_at = ? WHERE case_id = ? AND settled_at IS NULL AND ("+cond+")", args...)
	if err != nil {
		return fmt.Errorf("notify: settle case %d: %w", caseID, err)
	}
	return nil
}
