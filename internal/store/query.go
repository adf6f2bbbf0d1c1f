package store

import (
	"context"
	"database/sql"
	"errors"
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

// ForEach is Each that hands fn one value per row, built by scan.
func ForEach[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), fn func(T) error,
	query string, args ...any) error {
	return Each(ctx, q, what, func(rows Scanner) error {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		return fn(v)
	}, query, args...)
}

// Collect is ForEach that returns the values, in order.
func Collect[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error),
	query string, args ...any) ([]T, error) {
	var out []T
	err := ForEach(ctx, q, what, scan, func(v T) error { out = append(out, v); return nil }, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CollectPage is Collect of one page of a list, with how many rows the whole
// list has: count is the list's count(*) query and list its query (ORDER BY
// included), both of args; p gives the LIMIT and OFFSET appended to list.
func CollectPage[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error),
	count, list string, args []any, p Page) ([]T, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: count: %w", what, err)
	}
	limit, offset := p.Limits()
	out, err := Collect(ctx, q, what, scan, list+" LIMIT ? OFFSET ?", append(args[:len(args):len(args)], limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Values is Collect of a query of one column.
func Values[T any](ctx context.Context, q Querier, what, query string, args ...any) ([]T, error) {
	return Collect(ctx, q, what, func(s Scanner) (T, error) {
		var v T
		err := s.Scan(&v)
		return v, err
	}, query, args...)
}

// Found is the error of a one-row read, wrapped as "what: …": ErrNotFound
// when there was no row, nil when there was no error.
func Found(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
