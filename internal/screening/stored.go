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
// looks the hits' households up in the UNIQUE (household_id, rule, period)
// index, which holds every column read: wherever the household lived when
// its warning was stored.
func unstored(ctx context.Context, q store.Querier, hits []hit) ([]hit, error) {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = int64(h.household)
	}
	type key struct {
		hh           int64
		rule, period string
	}
	stored := map[key]bool{}
	err := inChunks(ctx, q, "SELECT household_id, rule, period FROM warnings WHERE household_id IN (", ids,
		func(rows *sql.Rows) error {
			var k key
			err := rows.Scan(&k.hh, &k.rule, &k.period)
			stored[k] = true
			return err
		})
	if err != nil {
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

// fileOf reads the feed file of every row the hits cite, per table.
func fileOf(ctx context.Context, q store.Querier, hits []hit) (map[string]map[int64]int64, error) {
	ids := map[string][]int64{}
	for _, h := range hits {
		for _, r := range h.rows {
			ids[h.table] = append(ids[h.table], r.id)
		}
	}
	out := map[string]map[int64]int64{}
	for table, list := range ids {
		files := make(map[int64]int64, len(list))
		err := inChunks(ctx, q, "SELECT id, file_id FROM "+table+" WHERE id IN (", list, func(rows *sql.Rows) error {
			var id, file int64
			err := rows.Scan(&id, &file)
			files[id] = file
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("screening: files of the rows of %s: %w", table, err)
		}
		out[table] = files
	}
	return out, nil
}

// inChunk is how many ids one lookup of inChunks names.
const inChunk = 500

// inChunks runs query, which ends in "IN (", for the ids — sorted and
// without repeats, so that the lookups walk the index in order — inChunk at
// a time through one prepared statement per chunk size, and calls scan for
// every row.
func inChunks(ctx context.Context, q store.Querier, query string, ids []int64, scan func(*sql.Rows) error) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	args := make([]any, inChunk)
	for start := 0; start < len(ids); start += inChunk {
		chunk := ids[start:min(start+inChunk, len(ids))]
		st, ok := stmts[len(chunk)]
		if !ok {
			var err error
			if st, err = q.PrepareContext(ctx, query+strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+")"); err != nil {
				return err
			}
			stmts[len(chunk)] = st
		}
		for i, id := range chunk {
			args[i] = id
		}
		if err := scanAll(ctx, st, args[:len(chunk)], scan); err != nil {
			return err
		}
	}
	return nil
}

func scanAll(ctx context.Context, st *sql.Stmt, args []any, scan func(*sql.Rows) error) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
