package main

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"fangpin/internal/demo"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// benchPeople is a generated registry: households of one to five persons
// in the villages of a division (--region: 金昌市 unless told), each person
// with a valid, unique ID number.
type benchPeople struct {
	ids      []string // every person's ID number, household by household
	villages []string
	sizes    []int8 // persons per household
	homes    []int  // village of each household (index into villages)
	poor     []bool
	income   []int64 // per-capita net income of each household, fen
}

// newBenchPeople generates n persons deterministically from seed, in the
// villages of region.
func newBenchPeople(n int, seed uint64, region string) (*benchPeople, error) {
	vs, err := benchVillages(region)
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	p := &benchPeople{ids: make([]string, 0, n), villages: vs}
	issued := map[string]int{} // next sequence per ID prefix (region + birth date)
	for len(p.ids) < n {
		size := min(1+r.IntN(5), n-len(p.ids))
		home := r.IntN(len(vs))
		p.sizes, p.homes = append(p.sizes, int8(size)), append(p.homes, home)
		p.poor = append(p.poor, r.IntN(4) == 0)
		p.income = append(p.income, int64(500_000+r.IntN(2_500_000)))
		for range size {
			p.ids = append(p.ids, benchID(r, vs[home][:6], issued, 1940))
		}
	}
	return p, nil
}

// benchID draws a birth date in the years from 1 January of year to the
// end of 2022 (the registry's persons: from 1940), or in 2023–2025 when year
// is later, and takes the next free sequence number for it.
func benchID(r *rand.Rand, county string, issued map[string]int, year int) string {
	days := (2023 - year) * 365
	if year >= 2023 {
		days = 3 * 365
	}
	for {
		birth := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(days))
		prefix := county + birth.Format("20060102")
		seq := issued[prefix]
		if seq > 999 {
			continue
		}
		issued[prefix] = seq + 1
		first := fmt.Sprintf("%s%03d", prefix, seq)
		return first + string(idcard.CheckChar(first))
	}
}

// benchVillages lists the village committees of a division in the
// embedded Gansu divisions.
func benchVillages(region string) ([]string, error) {
	prefix, err := regcode.Prefix(region)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(demo.Regions())
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(zr)
	var vs []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(rec) > 2 && rec[2] == "5" && strings.HasPrefix(rec[0], prefix) && rec[0][9:12] >= "200" {
			vs = append(vs, rec[0])
		}
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("bench: no villages of %s in the divisions", region)
	}
	return vs, nil
}

// benchRegistryRows is how many households one write carries.
const benchRegistryRows = 20_000

// load writes the regions, households, persons and incomes straight into
// the tables in one transaction (bulk rows, encrypted and indexed exactly
// as the registry stores them), the fastest honest way to a large registry.
func (p *benchPeople) load(ctx context.Context, db *store.DB, keys *pii.Keys, asOf time.Time) error {
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		w := &benchWriter{tx: tx, keys: keys, now: store.Now(), year: asOf.Year() - 1}
		indexes, err := dropIndexes(ctx, tx, "households", "persons", "household_incomes")
		if err != nil {
			return err
		}
		next := 0
		for h := 0; h < len(p.sizes); h += benchRegistryRows {
			end := min(h+benchRegistryRows, len(p.sizes))
			var err error
			if next, err = w.households(ctx, p, h, end, next); err != nil {
				return err
			}
		}
		for _, ddl := range indexes { // building an index at once beats growing it row by row
			if _, err := tx.ExecContext(ctx, ddl); err != nil {
				return fmt.Errorf("bench: %s: %w", ddl, err)
			}
		}
		if err := store.SyncSequence(ctx, tx, "households"); err != nil {
			return err
		}
		if err := store.SyncSequence(ctx, tx, "persons"); err != nil {
			return err
		}
		return registry.RefreshVillageStats(ctx, tx, p.villages)
	})
}

// benchWriter writes generated registry rows inside one transaction.
type benchWriter struct {
	tx   *store.Tx
	keys *pii.Keys
	now  string
	year int
}

var benchRelations = []string{"户主", "配偶", "之子", "之女", "之子"}

// households writes households [from, to) and their persons, the first of
// whom is person index next; it returns the next person index.
func (w *benchWriter) households(ctx context.Context, p *benchPeople, from, to, next int) (int, error) {
	var hh, inc, ps []any
	for h := from; h < to; h++ {
		village, typ := p.villages[p.homes[h]], "一般农户"
		if p.poor[h] {
			typ = "脱贫户"
		}
		county := region.County(village)
		hh = append(hh, h+1, fmt.Sprintf("B%011d", h+1), village, county, typ, int(p.sizes[h]), w.now, w.now)
		inc = append(inc, h+1, w.year, village, county, p.income[h], "bench", w.now)
		for m := range int(p.sizes[h]) {
			number := p.ids[next]
			info, err := idcard.Parse(number, time.Now())
			if err != nil {
				return next, fmt.Errorf("bench: generated ID %s: %w", number, err)
			}
			next++
			ps = append(ps, next, h+1, village, county, w.keys.Index(number), w.keys.Seal(number), idcard.Mask(number), "测试",
				info.Sex(), info.Birth.Format(time.DateOnly), benchRelations[m], "健康", "普通劳动力", w.now, w.now)
		}
	}
	if err := w.insert(ctx, "households", "id, code, region_code, county, type, members, created_at, updated_at", hh); err != nil {
		return next, err
	}
	if err := w.insert(ctx, "household_incomes", "household_id, year, region_code, county, per_capita_fen, source, updated_at", inc); err != nil {
		return next, err
	}
	err := w.insert(ctx, "persons", "id, household_id, region_code, county, id_idx, id_enc, id_masked, name, sex, birth_date, relation, health, labour_skill, created_at, updated_at", ps)
	return next, err
}

// insert writes rows given as consecutive values: COPY on PostgreSQL,
// multi-row INSERTs on SQLite.
func (w *benchWriter) insert(ctx context.Context, table, cols string, args []any) error {
	names := strings.Split(cols, ", ")
	n := len(names)
	if w.tx.CanCopy() {
		rows := make([][]any, 0, len(args)/n)
		for i := 0; i < len(args); i += n {
			rows = append(rows, args[i:i+n])
		}
		_, err := w.tx.CopyFrom(ctx, table, names, rows)
		return err
	}
	step := 30000 / n * n
	for i := 0; i < len(args); i += step {
		part := args[i:min(i+step, len(args))]
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + store.Placeholders(len(part)/n, n)
		if _, err := w.tx.ExecContext(ctx, q, part...); err != nil {
			return fmt.Errorf("bench: insert into %s: %w", table, err)
		}
	}
	return nil
}
