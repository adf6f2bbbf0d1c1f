package registry

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// bulkIndexes are the secondary indexes an import into empty tables drops
// and builds again at the end, inside the same transaction: building an index
// from all rows at once is several times faster than growing it row by row.
// They must equal the migrations' definitions (TestBulkIndexesMatchSchema).
var bulkIndexes = []struct{ name, ddl string }{
	{"persons_id_idx", "CREATE UNIQUE INDEX persons_id_idx ON persons (id_idx)"},
	{"persons_household", "CREATE INDEX persons_household ON persons (household_id)"},
	{"persons_name", "CREATE INDEX persons_name ON persons (name)"},
	{"households_region", "CREATE INDEX households_region ON households (region_code, type, members, members_chronic, members_major)"},
	{"households_monitored", "CREATE INDEX households_monitored ON households (region_code, identified_month, category, eliminated, eliminated_month, remarked_month, members) WHERE identified_month IS NOT NULL"},
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
	for _, ix := range bulkIndexes {
		if _, err := q.ExecContext(ctx, ix.ddl); err != nil {
			return fmt.Errorf("registry: build index %s: %w", ix.name, err)
		}
	}
	return nil
}
