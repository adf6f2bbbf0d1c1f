package region

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"fangpin/internal/store"
)

// maxDepth bounds the parent walk of Ancestors: five levels, plus one step of
// slack for a hierarchy that someday grows a level.
const maxDepth = 6

const selectRegion = "SELECT code, name, level, COALESCE(parent_code, '') FROM regions "

// Find returns the region with the given code; the error wraps
// store.ErrNotFound when there is none.
func Find(ctx context.Context, q store.Querier, code string) (Region, error) {
	r, err := find(ctx, q, code)
	if err != nil {
		return Region{}, fmt.Errorf("region: find %s: %w", code, err)
	}
	return r, nil
}

func find(ctx context.Context, q store.Querier, code string) (Region, error) {
	var r Region
	err := q.QueryRowContext(ctx, selectRegion+"WHERE code = ?", code).
		Scan(&r.Code, &r.Name, &r.Level, &r.ParentCode)
	if errors.Is(err, sql.ErrNoRows) {
		return Region{}, store.ErrNotFound
	}
	return r, err
}

// Children returns the regions directly under code, ordered by code: empty for
// a village, a childless region such as 金门县, or an unknown code.
func Children(ctx context.Context, q store.Querier, code string) ([]Region, error) {
	rs, err := list(ctx, q, selectRegion+"WHERE parent_code = ? ORDER BY code", code)
	if err != nil {
		return nil, fmt.Errorf("region: children of %s: %w", code, err)
	}
	return rs, nil
}

// Ancestors returns the chain from the province down to the region itself,
// following parent codes (so 嘉峪关's towns go through both 620200000000 and
// 620201000000). The error wraps store.ErrNotFound when code or one of its
// ancestors is missing.
func Ancestors(ctx context.Context, q store.Querier, code string) ([]Region, error) {
	var chain []Region
	for next := code; next != ""; {
		if len(chain) == maxDepth {
			return nil, fmt.Errorf("region: ancestors of %s: more than %d levels", code, maxDepth)
		}
		r, err := find(ctx, q, next)
		if err != nil {
			return nil, fmt.Errorf("region: ancestors of %s: %s: %w", code, next, err)
		}
		chain = append(chain, r)
		next = r.ParentCode
	}
	slices.Reverse(chain)
	return chain, nil
}

// Count returns the number of stored regions.
func Count(ctx context.Context, q store.Querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM regions").Scan(&n); err != nil {
		return 0, fmt.Errorf("region: count: %w", err)
	}
	return n, nil
}

// list runs a query selecting selectRegion's columns.
func list(ctx context.Context, q store.Querier, query string, args ...any) ([]Region, error) {
	return store.Collect(ctx, q, "region: list", func(s store.Scanner) (Region, error) {
		var r Region
		err := s.Scan(&r.Code, &r.Name, &r.Level, &r.ParentCode)
		return r, err
	}, query, args...)
}
