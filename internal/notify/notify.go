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

// Recent lists the scope's newest notifications.
func Recent(ctx context.Context, q store.Querier, scope store.Scope, limit int) ([]Notification, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, region_code, kind, COALESCE(case_id, 0), ref, message, created_at
		FROM notifications WHERE `+where+" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("notify: recent: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Region, &n.Kind, &n.CaseID, &n.Ref, &n.Message, &n.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
