package screening

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"fangpin/internal/store"
)

// scanInts runs a query whose columns are all integers (NULL reads as 0) on
// a connection of its own and calls fn with each row. It talks to the
// driver directly: over millions of rows database/sql's locking and
// conversions cost a fifth of the scan. (Mapping the SQLite file into
// memory, PRAGMA mmap_size, saves another tenth, but the mapped pages count
// as the process's resident memory, which the screen keeps under 1 GB.)
func scanInts(ctx context.Context, db *store.DB, query string, args []any, ncols int, fn func(v []int64)) error {
	c, err := db.ReadConn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return c.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("driver connection %T cannot query", dc)
		}
		rows, err := qc.QueryContext(ctx, store.Rebind(db.Dialect, query), named)
		if err != nil {
			return err
		}
		defer rows.Close()
		return drain(rows, ncols, fn)
	})
}

func drain(rows driver.Rows, ncols int, fn func(v []int64)) error {
	dest, vals := make([]driver.Value, ncols), make([]int64, ncols)
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		for i, d := range dest {
			switch x := d.(type) {
			case int64:
				vals[i] = x
			case nil:
				vals[i] = 0
			default:
				return fmt.Errorf("column %d: want an integer, got %T", i, d)
			}
		}
		fn(vals)
	}
}
