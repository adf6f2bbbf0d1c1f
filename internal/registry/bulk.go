package registry

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/store"
)

// bulkTables are the tables whose secondary indexes an import into an
// empty registry drops and builds again at the end, inside the same
// transaction: building an index from all rows at once is several times
// faster than growing it row by row. They are read from the catalogue, so
// an index a migration adds is rebuilt too (TestBulkIndexesMatchSchema).
var bulkTables = []string{"households", "persons", "household_incomes", "monitoring_history"}

// keptIndexes are the indexes a first load keeps and grows row by row:
// partial indexes of few rows (the inactive, the 特困 persons, the
// monitored households) and those of the monitoring history (a row for
// each monitored household). Building one again costs a scan of its whole
// table; growing it costs little where few rows go into it.
var keptIndexes = map[string]bool{"persons_inactive": true, "persons_tekun": true, "households_monitored": true,
	"households_plan": true, "monitoring_history_household": true, "monitoring_history_region": true,
	"monitoring_history_recorded": true, "monitoring_history_recent": true}

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

func createBulkIndexes(ctx context.Context, q store.Querier, ixs []store.Index) error {
	if q.Dialect() == store.SQLite {
		// let SQLite's sorter use a second thread while it builds the indexes
		if _, err := q.ExecContext(ctx, "PRAGMA threads = 2"); err != nil {
			return fmt.Errorf("registry: sorter threads: %w", err)
		}
	}
	return store.BuildIndexes(ctx, q, ixs)
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
