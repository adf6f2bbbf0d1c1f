package store

import (
	"context"
	"fmt"
)

// Scanner is what a row scan needs: *sql.Row and *sql.Rows both are one, so
// one scan function serves a single-row read and Collect.
type Scanner interface{ Scan(dest ...any) error }

// Each runs query and calls fn on every row, in the order the rows come. Any
// error — of the query, of fn or of reading the rows — comes back wrapped as
// "what: …", so a caller writes neither the loop nor its three checks.
func Each(ctx context.Context, q Querier, what string, fn func(Scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Collect is Each that returns one value per row, built by scan.
func Collect[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error),
	query string, args ...any) ([]T, error) {
	var out []T
	err := Each(ctx, q, what, func(rows Scanner) error {
		v, err := scan(rows)
		out = append(out, v)
		return err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}
