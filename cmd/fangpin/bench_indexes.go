package main

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// dropIndexes drops the secondary indexes of the tables (as the schema
// defines them, read from the database's catalogue) and returns the
// statements that create them again.
func dropIndexes(ctx context.Context, tx *store.Tx, tables ...string) ([]string, error) {
	q := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?, ?, ?)"
	if tx.Dialect() == store.Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN (?, ?, ?)
			AND indexname NOT IN (SELECT conname FROM pg_constraint)`
	}
	rows, err := tx.QueryContext(ctx, q, tables[0], tables[1], tables[2])
	if err != nil {
		return nil, fmt.Errorf("bench: list indexes: %w", err)
	}
	var names, ddls []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			rows.Close()
			return nil, err
		}
		names, ddls = append(names, name), append(ddls, ddl)
	}
	rows.Close()
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+n); err != nil {
			return nil, fmt.Errorf("bench: drop index %s: %w", n, err)
		}
	}
	return ddls, rows.Err()
}
