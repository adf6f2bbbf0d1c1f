package stats

import (
	"database/sql"
	"strconv"
	"strings"

	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// stamped is the household of a feed row f: the one stamped on the row at
// import or rematch (migration 00030), or its person's for a row stored
// without one.
const stamped = "COALESCE(f.household_id, (SELECT p.household_id FROM persons p WHERE p.id = f.person_id))"

// movedTo is the household a person who moved since their rows were
// stamped belongs to now, with its village and type now.
type movedTo struct {
	hh          int64
	region, typ string
}

// readPlaces reads, beside the steps, what feedRows needs to place a row
// without walking persons: the persons who were no members of their
// household on as_of (memberAt's opposite: left by then, or added to a
// stored household after it; the latter only when anything was recorded
// after as_of), and the current household of the persons who moved since
// their rows were stamped.
func (r *sectorRun) readPlaces(changed bool) error {
	r.nonMembers = map[int64]bool{}
	add := func(id int64) { r.nonMembers[id] = true }
	if err := eachID(r.ctx, r.q, "SELECT id FROM persons WHERE active = 0 AND (left_at IS NULL OR left_at < ?)",
		[]any{r.end}, add); err != nil {
		return err
	}
	if changed {
		if err := eachID(r.ctx, r.q, `SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id
			WHERE p.created_at >= ? AND p.created_at <> h.created_at`, []any{r.end}, add); err != nil {
			return err
		}
	}
	r.moved = map[int64]movedTo{}
	return store.Each(r.ctx, r.q, "stats: moved persons", func(rows store.Scanner) error {
		var pid int64
		var m movedTo
		if err := rows.Scan(&pid, &m.hh, &m.region, &m.typ); err != nil {
			return err
		}
		r.moved[pid] = m
		return nil
	}, `SELECT p.id, h.id, h.region_code, h.type FROM person_moves m
		CROSS JOIN persons p CROSS JOIN households h WHERE p.id = m.person_id AND h.id = p.household_id`)
}

// placeOf is the village and type on as_of of household hh, whose village
// and type now are region and typ, and whether it lay in the scope then.
func (r *sectorRun) placeOf(hh int64, region, typ string) (string, string, bool) {
	if h := r.places[hh]; h != nil {
		region, typ = h.Region, h.Type
	}
	return region, typ, r.s.Contains(region)
}

// rowsOf says whose feed rows a step can count, so that feedRows's query
// returns those rows only (a pre-filter: the step still decides).
type rowsOf int

const (
	anyRows          rowsOf = iota // every member's
	formerlyPoorRows               // members of a 脱贫户 on as_of
	lowIncomeRows                  // low-income persons on as_of (docs/figures.md)
)

// feedRows calls fn for the matched rows of the feed table whose cond
// holds (args), or with perPerson for each person's rows grouped (cols
// then aggregate them), whose person was a member on as_of of a household
// in the scope's villages on as_of, with that household and its village
// and type on as_of: the definition of memberAt and each, read from the
// rows alone. of narrows the rows read to those a step can count (the
// step still decides; monitored: the households monitored on as_of). The
// row's columns are f's; dest receives cols.
func (r *sectorRun) feedRows(perPerson bool, cols, table, cond string, args []any, of rowsOf, monitored map[int64]bool,
	dest []any, fn func(pid, hh int64, village, typ string)) error {
	if cols != "" {
		cols = ", " + cols
	}
	pre, pargs, err := r.prefilter(of, monitored)
	if err != nil {
		return err
	}
	where := " WHERE f.person_id IS NOT NULL AND " + cond + " AND " + pre
	var query string
	if perPerson {
		// a person's rows carry one stamp (their household; a person who moved
		// since is placed below, whatever their rows say)
		query = "SELECT g.*, h.region_code, h.type FROM (SELECT f.person_id, min(" + stamped + ") AS hh" + cols +
			" FROM " + table + " f" + where + " GROUP BY f.person_id) g LEFT JOIN households h ON h.id = g.hh"
	} else {
		query = "SELECT f.person_id, " + stamped + cols + ", h.region_code, h.type FROM " + table +
			" f LEFT JOIN households h ON h.id = " + stamped + where
	}
	var pid, h int64
	var region, typ sql.RawBytes // NULL: the household is no longer stored
	scan, ns, first := append(append([]any{&pid, &h}, dest...), &region, &typ), names{}, true
	return store.Each(r.ctx, r.q, "stats: sector rows", func(rows store.Scanner) error {
		if first { // the query's sort is done: now the members are needed
			first = false
			if <-r.placed; r.placedErr != nil {
				return r.placedErr
			}
		}
		if err := rows.Scan(scan...); err != nil {
			return err
		}
		if r.nonMembers[pid] {
			return nil
		}
		var village, kind string
		if m, ok := r.moved[pid]; ok {
			h, village, kind = m.hh, m.region, m.typ
		} else if len(region) == 0 { // a household no longer stored: no region code is empty
			return nil
		} else {
			village, kind = ns.of(region), ns.of(typ)
		}
		if village, typ, ok := r.placeOf(h, village, kind); ok {
			fn(pid, h, village, typ)
		}
		return nil
	}, query, append(append([]any{}, args...), pargs...)...)
}

// maxListed is the most household ids prefilter writes into a query.
const maxListed = 5000

// prefilter is a condition every row feedRows keeps meets, so that its
// query sorts and returns only rows a step can count: the row's person
// moved household since it was stamped, or its stamped household lies in
// the scope now (of formerlyPoorRows, lowIncomeRows: and is a 脱贫户 now),
// or it is one whose village or type on as_of is not its current one
// (r.places, which holds the households moved out of the scope), or (of
// lowIncomeRows) it is monitored on as_of or the person has 低保 or 特困
// support covering as_of. A pre-filter only: feedRows places each row
// itself. When the households listed would be too many, it keeps fewer
// conditions, down to none.
func (r *sectorRun) prefilter(of rowsOf, monitored map[int64]bool) (string, []any, error) {
	listed := r.movedIn // in the scope on as_of, outside it now
	if of != anyRows {
		listed = make([]int64, 0, len(r.places))
		for hh := range r.places {
			listed = append(listed, hh)
		}
	}
	if of == lowIncomeRows {
		for hh := range monitored {
			if r.places[hh] == nil {
				listed = append(listed, hh)
			}
		}
	}
	if of != anyRows && len(listed) > maxListed {
		of, listed = anyRows, r.movedIn
	}
	if len(listed) > maxListed || (of == anyRows && len(r.s.Prefix()) < 6) {
		return "1 = 1", nil, nil // a city's rows: the households' test costs more than it saves
	}
	where, args, err := r.s.Where("h0.region_code")
	if err != nil {
		return "", nil, err
	}
	if of != anyRows {
		where += " AND h0.type = '" + registry.TypeFormerlyPoor + "'"
	}
	cond := "(" + inRows("f.person_id", "person_id", "person_moves m", "1 = 1", r.q.Dialect()) + " OR " +
		inRows(stamped, "id", "households h0", where, r.q.Dialect())
	if len(listed) > 0 {
		ids := make([]string, len(listed))
		for i, id := range listed {
			ids[i] = strconv.FormatInt(id, 10)
		}
		cond += " OR " + stamped + " IN (" + strings.Join(ids, ", ") + ")"
	}
	if of == lowIncomeRows {
		cond += " OR " + inRows("f.person_id", "person_id", "feed_civil c0", safetyNetAt, r.q.Dialect())
		args = append(args, r.day, r.day)
	}
	return cond + ")", args, nil
}

// inRows is the condition that x is the column col of a row of table (with
// its alias) that meets where. SQLite gets x IN (SELECT col …), which it
// answers from one index built for the statement; PostgreSQL gets EXISTS
// (SELECT 1 … WHERE col = x …), a probe of col's index a row: inside an OR
// it runs an IN subquery whose result outgrows work_mem again for every
// row — at 10 M persons a city's 脱贫户 are 800,000 households, and the
// query ran for minutes; EXISTS took 3 s at 1 M with work_mem 256 kB,
// where IN did not end in 120 s (and 2.1 s against 4.2 s with the default
// 4 MB, where IN's result fits).
func inRows(x, col, table, where string, d store.Dialect) string {
	alias := table[strings.LastIndexByte(table, ' ')+1:]
	if d == store.Postgres {
		return "EXISTS (SELECT 1 FROM " + table + " WHERE " + alias + "." + col + " = " + x + " AND " + where + ")"
	}
	return x + " IN (SELECT " + alias + "." + col + " FROM " + table + " WHERE " + where + ")"
}
