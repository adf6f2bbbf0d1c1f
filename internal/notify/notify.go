// Package notify tells cadres that a case arrived or fell overdue: an
// in-app feed per region, and a pluggable text-message sender (a logging
// implementation until a county connects its SMS gateway).
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fangpin/internal/casework"
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

// add stores a notification once per (kind, case, ref) and reports whether
// it is new.
func add(ctx context.Context, q store.Querier, n Notification, ref string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO notifications (region_code, kind, case_id, ref, message, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, case_id, ref) DO NOTHING`,
		n.Region, n.Kind, n.CaseID, ref, n.Message, now.UTC().Format(time.RFC3339))
	if err != nil {
		return false, fmt.Errorf("notify: store: %w", err)
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// CaseArrived records that a case arrived in its village's inbox and sends
// the message.
func CaseArrived(ctx context.Context, q store.Querier, s Sender, c casework.Case, now time.Time) error {
	n := Notification{Region: c.Region, Kind: KindNew, CaseID: c.ID,
		Message: fmt.Sprintf("新案件 %d（%s）待受理，请在 %s 前受理", c.ID, c.Source.Label(), orNone(c.AcceptDue))}
	fresh, err := add(ctx, q, n, "", now)
	if err != nil || !fresh || s == nil {
		return err
	}
	return s.Send(ctx, n.Region, n.Message)
}

func orNone(d string) string {
	if d == "" {
		return "规定时限"
	}
	return d
}

// Overdue records, once per case and deadline, every open case of the scope
// past its deadline at now, sends a message for each, and returns how many
// were new.
func Overdue(ctx context.Context, q store.Querier, s Sender, scope store.Scope, now time.Time) (int, error) {
	count := 0
	for page := 1; ; page++ {
		cases, _, err := casework.List(ctx, q, scope, casework.Filter{Open: true, OverdueAt: now, Page: page, PerPage: 500})
		if err != nil {
			return count, err
		}
		for _, c := range cases {
			fresh, err := overdueOne(ctx, q, s, c, now)
			if err != nil {
				return count, err
			}
			if fresh {
				count++
			}
		}
		if len(cases) < 500 {
			return count, nil
		}
	}
}

func overdueOne(ctx context.Context, q store.Querier, s Sender, c casework.Case, now time.Time) (bool, error) {
	n := Notification{Region: c.Region, Kind: KindOverdue, CaseID: c.ID,
		Message: fmt.Sprintf("案件 %d 已超过办理时限（%s，%s）", c.ID, c.Due(), c.State.Label())}
	fresh, err := add(ctx, q, n, c.Due(), now)
	if err != nil || !fresh || s == nil {
		return fresh, err
	}
	return true, s.Send(ctx, n.Region, n.Message)
}

// Recent lists the scope's newest notifications.
func Recent(ctx context.Context, q store.Querier, scope store.Scope, limit int) ([]Notification, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, region_code, kind, COALESCE(case_id, 0), message, created_at
		FROM notifications WHERE `+where+" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("notify: recent: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Region, &n.Kind, &n.CaseID, &n.Message, &n.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
