package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ErrNoCopy is returned by CopyFrom on engines without a bulk-load protocol.
var ErrNoCopy = errors.New("store: bulk copy is not supported by this engine")

// CanCopy reports whether CopyFrom works on this transaction's engine.
func (t *Tx) CanCopy() bool { return t.d == Postgres }

// CopyFrom bulk-loads rows into table with PostgreSQL's COPY protocol,
// inside the transaction. Values are as for Exec (int, int64, string,
// []byte, nil). On SQLite it returns ErrNoCopy: use batched INSERTs there.
func (t *Tx) CopyFrom(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	return t.copy(ctx, table, cols, pgx.CopyFromRows(rows))
}

// CopyFromFunc is CopyFrom for rows produced while they are sent: next
// returns the next row, or nil at the end (an error aborts the copy). One
// COPY streams them all, so the server stores rows while the caller still
// makes the next ones, and no more than one row need be held.
func (t *Tx) CopyFromFunc(ctx context.Context, table string, cols []string, next func() ([]any, error)) (int64, error) {
	return t.copy(ctx, table, cols, pgx.CopyFromFunc(next))
}

// copy runs one COPY of src into table on the transaction's connection.
func (t *Tx) copy(ctx context.Context, table string, cols []string, src pgx.CopyFromSource) (int64, error) {
	if t.d != Postgres {
		return 0, ErrNoCopy
	}
	var n int64
	err := t.raw.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: copy: unexpected driver connection %T", dc)
		}
		var err error
		n, err = c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: copy into %s: %w", table, err)
	}
	return n, nil
}
