package store

import (
	"context"
	"fmt"
	"strings"
)

// Index is a secondary index of a table: its name and the statement that
// creates it, as the database's catalogue holds them.
type Index struct{ Name, DDL string }

// SecondaryIndexes lists the indexes of the tables that no key or
// constraint owns (SQLite: those created by CREATE INDEX; PostgreSQL: those
// behind no constraint), so that a bulk load can drop them and build them
// again from all rows at once, inside its transaction.
func SecondaryIndexes(ctx context.Context, q Querier, tables ...string) ([]Index, error) {
	in := strings.TrimSuffix(strings.Repeat("?, ", len(tables)), ", ")
	query := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (" + in + ") ORDER BY name"
	if q.Dialect() == Postgres {
		query = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + in + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname`
	}
	rows, err := q.QueryContext(ctx, query, anyArgs(tables)...)
	if err != nil {
		return nil, fmt.Errorf("store: list indexes: %w", err)
	}
	defer rows.Close()
	var out []Index
	for rows.Next() {
		var ix Index
		if err := rows.Scan(&ix.Name, &ix.DDL); err != nil {
			return nil, fmt.Errorf("store: list indexes: %w", err)
		}
		// A table partitioned by county (Partition) lists its indexes "ON
		// ONLY" the parent; built that way again they would cover no
		// partition and stay invalid, unused by every query.
		ix.DDL = strings.Replace(ix.DDL, " ON ONLY ", " ON ", 1)
		out = append(out, ix)
	}
	return out, rows.Err()
}

// DropIndexes drops the tables' secondary indexes (SecondaryIndexes) but
// those named in keep, and returns them, to be built again with
// BuildIndexes.
func DropIndexes(ctx context.Context, q Querier, keep map[string]bool, tables ...string) ([]Index, error) {
	all, err := SecondaryIndexes(ctx, q, tables...)
	if err != nil {
		return nil, err
	}
	var ixs []Index
	for _, ix := range all {
		if keep[ix.Name] {
			continue
		}
		if _, err := q.ExecContext(ctx, "DROP INDEX "+ix.Name); err != nil {
			return nil, fmt.Errorf("store: drop index %s: %w", ix.Name, err)
		}
		ixs = append(ixs, ix)
	}
	return ixs, nil
}

// BuildIndexes creates the indexes again.
func BuildIndexes(ctx context.Context, q Querier, ixs []Index) error {
	for _, ix := range ixs {
		if _, err := q.ExecContext(ctx, ix.DDL); err != nil {
			return fmt.Errorf("store: build index %s: %w", ix.Name, err)
		}
	}
	return nil
}

// PauseForeignKeys drops, on PostgreSQL, the foreign keys of the tables and
// returns the function that adds them again in the same transaction, which
// checks every row at once (one join) instead of one lookup a row inserted.
// SQLite's foreign keys cannot be dropped and cost little: there it does
// nothing. On tables partitioned by county (Partition) it pauses the
// partitioned table's keys, which carry their partitions' (conparentid 0).
func PauseForeignKeys(ctx context.Context, tx *Tx, tables ...string) (resume func() error, err error) {
	if tx.Dialect() != Postgres {
		return func() error { return nil }, nil
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(tables)), ", ")
	rows, err := tx.QueryContext(ctx, `SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND conparentid = 0 AND connamespace = current_schema()::regnamespace AND conrelid::regclass::text IN (`+in+`) ORDER BY conname`,
		anyArgs(tables)...)
	if err != nil {
		return nil, fmt.Errorf("store: list foreign keys: %w", err)
	}
	var drops, adds []string
	for rows.Next() {
		var name, table, def string
		if err := rows.Scan(&name, &table, &def); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list foreign keys: %w", err)
		}
		drops = append(drops, "ALTER TABLE "+table+" DROP CONSTRAINT "+name)
		adds = append(adds, "ALTER TABLE "+table+" ADD CONSTRAINT "+name+" "+def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list foreign keys: %w", err)
	}
	for _, ddl := range drops {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return nil, fmt.Errorf("store: %s: %w", ddl, err)
		}
	}
	return func() error {
		for _, ddl := range adds {
			if _, err := tx.ExecContext(ctx, ddl); err != nil {
				return fmt.Errorf("store: %s: %w", ddl, err)
			}
		}
		return nil
	}, nil
}
