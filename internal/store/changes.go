package store

import (
	"context"
	"fmt"
)

// ChangeCount returns the change counter of a topic (table change_counts):
// triggers raise it in every transaction that changes the tables the topic
// is computed from, as part of that transaction. A result computed from
// reads that follow this one is at least as new as the count, so it may be
// remembered under the count and served while the count stays the same
// (docs/architecture.md, "Remembered results"). Read it outside a
// transaction: inside one, the transaction's own changes may be counted
// (SQLite) or not yet (PostgreSQL, which counts at commit).
func ChangeCount(ctx context.Context, q Querier, topic string) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, "SELECT n FROM change_counts WHERE topic = ?", topic).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: change count %s: %w", topic, err)
	}
	return n, nil
}
