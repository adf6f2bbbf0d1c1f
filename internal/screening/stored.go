package screening

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/store"
)

// storedKey names a stored warning compactly: household, rule (its AllRules
// index) and period (a year).
type storedKey struct {
	household int32
	rule      uint8
	year      uint16
}

// storedSet is the warnings stored before a run, by household, rule and
// period: read in one pass (SQLite reads it off the UNIQUE index alone), so
// that a repeated screen encodes and sends nothing and a first one reads
// little. Periods are years; any other is kept by its text.
type storedSet struct {
	years map[storedKey]struct{}
	other map[string]struct{}
}

func loadStored(ctx context.Context, q store.Querier) (*storedSet, error) {
	set := &storedSet{years: map[storedKey]struct{}{}, other: map[string]struct{}{}}
	err := store.Each(ctx, q, "screening: stored warnings", func(rows store.Scanner) error {
		var hh int64
		var rule, period string
		if err := rows.Scan(&hh, &rule, &period); err != nil {
			return err
		}
		set.add(hh, Rule(rule), period)
		return nil
	}, "SELECT household_id, rule, period FROM warnings")
	return set, err
}

// key is the compact key of a warning, ok false when it has none (a rule
// not of this version, a household id out of range, a period not a year).
func (set *storedSet) key(hh int64, rule Rule, period string) (storedKey, bool) {
	i := ruleIndex(rule)
	year, err := strconv.Atoi(period)
	if i < 0 || hh <= 0 || hh > math.MaxInt32 || err != nil || year < 1 || year > math.MaxUint16 || len(period) != 4 {
		return storedKey{}, false
	}
	return storedKey{int32(hh), uint8(i), uint16(year)}, true
}

func (set *storedSet) add(hh int64, rule Rule, period string) {
	if k, ok := set.key(hh, rule, period); ok {
		set.years[k] = struct{}{}
	} else {
		set.other[strconv.FormatInt(hh, 10)+"/"+string(rule)+"/"+period] = struct{}{}
	}
}

func (set *storedSet) has(h hit) bool {
	if k, ok := set.key(int64(h.household), h.rule, h.period); ok {
		_, found := set.years[k]
		return found
	}
	_, found := set.other[strconv.Itoa(int(h.household))+"/"+string(h.rule)+"/"+h.period]
	return found
}

// unstored drops the hits whose warning (household, rule, period) was
// stored before the run. One stored by another run meanwhile is skipped by
// the INSERT instead.
func (set *storedSet) unstored(hits []hit) []hit {
	out := hits[:0:0]
	for _, h := range hits {
		if !set.has(h) {
			out = append(out, h)
		}
	}
	return out
}

// fileOf reads the feed file of every row the hits of one county cite, per
// table. It looks in the county's rows first: a feed row carries the county
// of its person's household (docs/scale.md, "The county column"), so on
// tables partitioned by county that reads one partition, where ids alone
// probe every partition's index. The rows of a person whose household has
// moved since lie elsewhere; the few ids not found there are read by id
// alone.
func fileOf(ctx context.Context, q store.Querier, county string, hits []hit) (map[string]map[int64]int64, error) {
	ids := map[string][]int64{}
	for _, h := range hits {
		for _, r := range h.rows {
			ids[h.table] = append(ids[h.table], r.id)
		}
	}
	out := map[string]map[int64]int64{}
	for table, list := range ids {
		files := make(map[int64]int64, len(list))
		scan := func(rows *sql.Rows) error {
			var id, file int64
			err := rows.Scan(&id, &file)
			files[id] = file
			return err
		}
		err := inChunks(ctx, q, "SELECT id, file_id FROM "+table+" WHERE county = ? AND id IN (", []any{county}, list, scan)
		if err == nil {
			rest := list[:0:0]
			for _, id := range list {
				if _, ok := files[id]; !ok {
					rest = append(rest, id)
				}
			}
			err = inChunks(ctx, q, "SELECT id, file_id FROM "+table+" WHERE id IN (", nil, rest, scan)
		}
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
// a time through one prepared statement per chunk size, after the
// arguments lead, and calls scan for every row.
func inChunks(ctx context.Context, q store.Querier, query string, lead []any, ids []int64, scan func(*sql.Rows) error) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	args := make([]any, len(lead)+inChunk)
	copy(args, lead)
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
			args[len(lead)+i] = id
		}
		if err := scanAll(ctx, st, args[:len(lead)+len(chunk)], scan); err != nil {
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
