package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
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

// countTrigger is an SQLite trigger that only raises a change counter for
// every row inserted (migration 00029).
var countTrigger = regexp.MustCompile(`(?s)^CREATE TRIGGER \w+ AFTER INSERT ON \w+\s*(?:--[^\n]*\n\s*)?` +
	`BEGIN UPDATE change_counts SET n = n \+ 1 WHERE topic = '([\w.]+)'; END$`)

// villageCountTrigger is an SQLite trigger that only raises the change
// counter of the village of every row inserted, "<topic>@<region_code>"
// (migration 00034): the table and the topic.
var villageCountTrigger = regexp.MustCompile(`(?s)^CREATE TRIGGER \w+ AFTER INSERT ON (\w+)\s*(?:--[^\n]*\n\s*)?` +
	`BEGIN INSERT INTO change_counts \(topic, n\) VALUES \('([\w.]+)@' \|\| NEW\.region_code, 1\) ` +
	`ON CONFLICT \(topic\) DO UPDATE SET n = n \+ 1; END$`)

// countyCountTrigger is an SQLite trigger that only raises the change
// counter of the county of every row inserted, "<topic>@<the first 6
// digits of region_code>" (migration 00035): the table and the topic.
var countyCountTrigger = regexp.MustCompile(`(?s)^CREATE TRIGGER \w+ AFTER INSERT ON (\w+)\s*(?:--[^\n]*\n\s*)?` +
	`BEGIN INSERT INTO change_counts \(topic, n\) VALUES \('([\w.]+)@' \|\| substr\(NEW\.region_code, 1, 6\), 1\) ` +
	`ON CONFLICT \(topic\) DO UPDATE SET n = n \+ 1; END$`)

// PauseInsertCounts drops, on SQLite, the triggers that raise a change
// counter for each row inserted into the tables, and returns the function
// that creates them again and raises each of their topics once — a
// village's topic once for every village the table's rows are in, a
// county's once for every county — in the
// same transaction: a bulk load then counts once, not once a row (a counter
// only has to change; a village's row must exist, VillageCounts). PostgreSQL
// counts once a transaction already: there it does nothing.
func PauseInsertCounts(ctx context.Context, tx *Tx, tables ...string) (resume func() error, err error) {
	if tx.Dialect() != SQLite {
		return func() error { return nil }, nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(tables)), ", ")+") ORDER BY name", anyArgs(tables)...)
	if err != nil {
		return nil, fmt.Errorf("store: list triggers: %w", err)
	}
	var names, ddls, topics []string
	var villages, counties [][2]string // table, topic
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list triggers: %w", err)
		}
		if m := countTrigger.FindStringSubmatch(ddl); m != nil {
			names, ddls, topics = append(names, name), append(ddls, ddl), append(topics, m[1])
		} else if m := villageCountTrigger.FindStringSubmatch(ddl); m != nil {
			names, ddls, villages = append(names, name), append(ddls, ddl), append(villages, [2]string{m[1], m[2]})
		} else if m := countyCountTrigger.FindStringSubmatch(ddl); m != nil {
			names, ddls, counties = append(names, name), append(ddls, ddl), append(counties, [2]string{m[1], m[2]})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list triggers: %w", err)
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, "DROP TRIGGER "+n); err != nil {
			return nil, fmt.Errorf("store: drop trigger %s: %w", n, err)
		}
	}
	return func() error {
		for i, ddl := range ddls {
			if _, err := tx.ExecContext(ctx, ddl); err != nil {
				return fmt.Errorf("store: create trigger %s: %w", names[i], err)
			}
		}
		for _, t := range slices.Compact(slices.Sorted(slices.Values(topics))) {
			if _, err := tx.ExecContext(ctx, "UPDATE change_counts SET n = n + 1 WHERE topic = ?", t); err != nil {
				return fmt.Errorf("store: count %s: %w", t, err)
			}
		}
		for _, v := range villages { // the table's name comes from its trigger: a word
			if _, err := tx.ExecContext(ctx, "INSERT INTO change_counts (topic, n) SELECT DISTINCT ? || region_code, 1 FROM "+
				v[0]+" WHERE true ON CONFLICT (topic) DO UPDATE SET n = n + 1", v[1]+"@"); err != nil {
				return fmt.Errorf("store: count %s by village of %s: %w", v[1], v[0], err)
			}
		}
		for _, c := range counties { // as villages
			if _, err := tx.ExecContext(ctx, "INSERT INTO change_counts (topic, n) SELECT DISTINCT ? || substr(region_code, 1, 6), 1 FROM "+
				c[0]+" WHERE true ON CONFLICT (topic) DO UPDATE SET n = n + 1", c[1]+"@"); err != nil {
				return fmt.Errorf("store: count %s by county of %s: %w", c[1], c[0], err)
			}
		}
		return nil
	}, nil
}

func anyArgs(s []string) []any {
	a := make([]any, len(s))
	for i, v := range s {
		a[i] = v
	}
	return a
}
