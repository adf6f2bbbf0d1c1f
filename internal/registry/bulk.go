package registry

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/store"
)

// bulkIndexes are the secondary indexes an import into empty tables drops
// and builds again at the end, inside the same transaction: building an index
// from all rows at once is several times faster than growing it row by row.
// They must equal the migrations' definitions (TestBulkIndexesMatchSchema).
var bulkIndexes = []struct{ name, ddl string }{
	{"persons_id_idx", "CREATE UNIQUE INDEX persons_id_idx ON persons (id_idx)"},
	{"persons_household", "CREATE INDEX persons_household ON persons (household_id, active, left_at, created_at, relation)"},
	{"persons_name", "CREATE INDEX persons_name ON persons (name)"},
	{"households_region", "CREATE INDEX households_region ON households (region_code, type, members, members_chronic, members_major)"},
	{"households_monitored", "CREATE INDEX households_monitored ON households (region_code, identified_month, category, eliminated, eliminated_month, remarked_month, members, type, risk_types) WHERE identified_month IS NOT NULL"},
}

// emptyRegistry reports whether no household and no person is stored.
func emptyRegistry(ctx context.Context, q store.Querier) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (SELECT 1 FROM households LIMIT 1) h)
		+ (SELECT count(*) FROM (SELECT 1 FROM persons LIMIT 1) p)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("registry: check for an empty registry: %w", err)
	}
	return n == 0, nil
}

func dropBulkIndexes(ctx context.Context, q store.Querier) error {
	for _, ix := range bulkIndexes {
		if _, err := q.ExecContext(ctx, "DROP INDEX "+ix.name); err != nil {
			return fmt.Errorf("registry: drop index %s: %w", ix.name, err)
		}
	}
	return nil
}

func createBulkIndexes(ctx context.Context, q store.Querier) error {
	if q.Dialect() == store.SQLite {
		// let SQLite's sorter use a second thread while it builds the indexes
		if _, err := q.ExecContext(ctx, "PRAGMA threads = 2"); err != nil {
			return fmt.Errorf("registry: sorter threads: %w", err)
		}
	}
	for _, ix := range bulkIndexes {
		if _, err := q.ExecContext(ctx, ix.ddl); err != nil {
			return fmt.Errorf("registry: build index %s: %w", ix.name, err)
		}
	}
	return nil
}

// insertNew writes rows into an empty registry table: with COPY on
// PostgreSQL, with a cached multi-row INSERT on SQLite. args holds the rows'
// values one after another, len(cols) per row.
func (w *writer) insertNew(ctx context.Context, table, cols string, args []any) error {
	names := strings.Split(cols, ", ")
	n := len(names)
	if w.tx.CanCopy() {
		rows := make([][]any, 0, len(args)/n)
		for i := 0; i+n <= len(args); i += n {
			rows = append(rows, args[i:i+n])
		}
		_, err := w.tx.CopyFrom(ctx, table, names, rows)
		return err
	}
	return w.exec(ctx, "INSERT INTO "+table+" ("+cols+") VALUES "+store.Placeholders(len(args)/n, n), args)
}

// insertStep is how many rows one INSERT statement carries: 200 keeps a
// statement's parameters within SQLite's limit; one COPY takes them all.
func (w *writer) insertStep(n int) int {
	if w.fresh && w.tx.CanCopy() && n > 0 {
		return n
	}
	return 200
}
