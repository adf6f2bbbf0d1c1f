package screening

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/store"
)

// unstored drops the hits whose warning (household, rule, period) is
// stored already, so that a repeated screen encodes and sends nothing.
func unstored(ctx context.Context, tx *store.Tx, hits []hit) ([]hit, error) {
	periods := map[string]bool{}
	var args []any
	for _, h := range hits {
		if !periods[h.period] {
			periods[h.period] = true
			args = append(args, h.period)
		}
	}
	if len(args) == 0 {
		return hits, nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT household_id, rule, period FROM warnings WHERE period IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("screening: stored warnings: %w", err)
	}
	defer rows.Close()
	type key struct {
		hh           int64
		rule, period string
	}
	stored := map[key]bool{}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.hh, &k.rule, &k.period); err != nil {
			return nil, fmt.Errorf("screening: stored warnings: %w", err)
		}
		stored[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("screening: stored warnings: %w", err)
	}
	out := hits[:0:0]
	for _, h := range hits {
		if !stored[key{int64(h.household), string(h.rule), h.period}] {
			out = append(out, h)
		}
	}
	return out, nil
}

// locate reads the file and line of every row the hits cite, per table,
// 500 ids a query (by primary key).
func locate(ctx context.Context, tx *store.Tx, hits []hit) (map[string]map[int64]location, error) {
	ids := map[string][]any{}
	for _, h := range hits {
		for _, r := range h.rows {
			ids[h.table] = append(ids[h.table], r.id)
		}
	}
	out := map[string]map[int64]location{}
	for table, list := range ids {
		out[table] = make(map[int64]location, len(list))
		for start := 0; start < len(list); start += 500 {
			chunk := list[start:min(start+500, len(list))]
			if err := locateRows(ctx, tx, table, chunk, out[table]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func locateRows(ctx context.Context, tx *store.Tx, table string, ids []any, into map[int64]location) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, file_id, row_no FROM "+table+" WHERE id IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")", ids...)
	if err != nil {
		return fmt.Errorf("screening: locate rows of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l location
		if err := rows.Scan(&id, &l.file, &l.row); err != nil {
			return fmt.Errorf("screening: locate rows of %s: %w", table, err)
		}
		into[id] = l
	}
	return rows.Err()
}
