package notify

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/store"
)

// deliverBatch bounds the unsent notifications read at a time.
const deliverBatch = 100

// Deliver sends the message of every committed notification not yet sent,
// oldest first, and returns how many it sent. Each is stamped sent before
// its message goes out, so that two servers on one database never both
// send it; a message the sender refuses is unstamped and Deliver stops, to
// try again on its next call.
func Deliver(ctx context.Context, db *store.DB, s Sender, now time.Time) (int, error) {
	sent := 0
	for {
		batch, err := unsent(ctx, db.Reader())
		if err != nil {
			return sent, err
		}
		for _, n := range batch {
			ok, err := deliverOne(ctx, db.Writer(), s, n, now)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(batch) < deliverBatch {
			return sent, nil
		}
	}
}

// unsent reads the oldest notifications whose messages are not sent.
func unsent(ctx context.Context, q store.Querier) ([]Notification, error) {
	return store.Collect(ctx, q, "notify: unsent", func(rows store.Scanner) (Notification, error) {
		var n Notification
		err := rows.Scan(&n.ID, &n.Region, &n.Message)
		return n, err
	}, `SELECT id, region_code, message FROM notifications WHERE sent_at IS NULL
		ORDER BY id LIMIT ?`, deliverBatch)
}

// deliverOne claims n and sends its message; false when another server
// claimed it first.
func deliverOne(ctx context.Context, q store.Querier, s Sender, n Notification, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, "UPDATE notifications SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
		store.Stamp(now), n.ID)
	if err != nil {
		return false, fmt.Errorf("notify: claim %d: %w", n.ID, err)
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return false, nil
	}
	if err := s.Send(ctx, n.Region, n.Message); err != nil {
		// unclaimed even when ctx ended, or the message would never be sent
		if _, uerr := q.ExecContext(context.WithoutCancel(ctx), "UPDATE notifications SET sent_at = NULL WHERE id = ?", n.ID); uerr != nil {
			return false, fmt.Errorf("notify: send %d: %w (and unclaim: %v)", n.ID, err, uerr)
		}
		return false, fmt.Errorf("notify: send %d: %w", n.ID, err)
	}
	return true, nil
}
