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

// VillageCounts returns the change counters a topic keeps by village
// ("<topic>@<village code>") for the villages of a scope, by village code.
// Every village holding a household has one (the triggers make it with the
// village's first change; migration 00034 made those of the villages
// holding households then), so the keys are the scope's villages with
// households, and some that had them. Read it as ChangeCount, outside a
// transaction.
func VillageCounts(ctx context.Context, q Querier, topic string, s Scope) (map[string]int64, error) {
	lo, hi, err := s.Range()
	if err != nil {
		return nil, err
	}
	at := topic + "@"
	rows, err := q.QueryContext(ctx, "SELECT topic, n FROM change_counts WHERE topic >= ? AND topic < ?", at+lo, at+hi)
	if err != nil {
		return nil, fmt.Errorf("store: change counts %s: %w", topic, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return nil, fmt.Errorf("store: change counts %s: %w", topic, err)
		}
		out[t[len(at):]] = n
	}
	return out, rows.Err()
}
