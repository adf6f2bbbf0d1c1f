package main

import (
	"context"

	"fangpin/internal/store"
)

// dropIndexes drops the secondary indexes of the tables (as the schema
// defines them, read from the database's catalogue) and returns the
// statements that create them again.
func dropIndexes(ctx context.Context, tx *store.Tx, tables ...string) ([]string, error) {
	ixs, err := store.DropIndexes(ctx, tx, nil, tables...)
	ddls := make([]string, len(ixs))
	for i, ix := range ixs {
		ddls[i] = ix.DDL
	}
	return ddls, err
}
