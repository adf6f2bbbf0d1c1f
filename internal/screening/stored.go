package screening

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"fangpin/internal/store"
)

// unstored drops the hits whose warning (household, rule, period) is
// stored already, so that a repeated screen encodes and sends nothing. It
// reads the warnings of the scope (a county's hits: the county); one stored
// under a village outside it (the household moved since) is skipped by the
// INSERT instead.
func unstored(ctx context.Context, q store.Querier, scope store.Scope, hits []hit) ([]hit, error) {
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
	where, wargs, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT household_id, rule, period FROM warnings WHERE "+where+" AND period IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", append(wargs, args...)...)
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

// locateChunk is how many rows one lookup of fileOf names.
const locateChunk = 500

// fileOf reads the feed file of every row the hits cite, per table: the ids
// sorted, so that the lookups walk each table's pages in order, through one
// prepared statement per table and chunk size.
func fileOf(ctx context.Context, q store.Querier, hits []hit) (map[string]map[int64]int64, error) {
	ids := map[string][]int64{}
	for _, h := range hits {
		for _, r := range h.rows {
			ids[h.table] = append(ids[h.table], r.id)
		}
	}
	out := map[string]map[int64]int64{}
	for table, list := range ids {
		slices.Sort(list)
		list = slices.Compact(list)
		out[table] = make(map[int64]int64, len(list))
		if err := readFiles(ctx, q, table, list, out[table]); err != nil {
			return nil, fmt.Errorf("screening: files of the rows of %s: %w", table, err)
		}
	}
	return out, nil
}

func readFiles(ctx context.Context, q store.Querier, table string, ids []int64, into map[int64]int64) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	args := make([]any, locateChunk)
	for start := 0; start < len(ids); start += locateChunk {
		chunk := ids[start:min(start+locateChunk, len(ids))]
		st, ok := stmts[len(chunk)]
		if !ok {
			var err error
			st, err = q.PrepareContext(ctx, "SELECT id, file_id FROM "+table+" WHERE id IN ("+
				strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+")")
			if err != nil {
				return err
			}
			stmts[len(chunk)] = st
		}
		for i, id := range chunk {
			args[i] = id
		}
		if err := scanPairs(ctx, st, args[:len(chunk)], into); err != nil {
			return err
		}
	}
	return nil
}

// scanPairs runs a statement of two integer columns and stores them as
// key and value in into.
func scanPairs(ctx context.Context, st *sql.Stmt, args []any, into map[int64]int64) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v int64
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		into[k] = v
	}
	return rows.Err()
}
