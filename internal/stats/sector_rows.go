package stats

import (
	"fmt"
	"strings"

	"fangpin/internal/registry"
)

// stamped is the household of a feed row f: the one stamped on the row at
// import or rematch (migration 00030), or its person's for a row stored
// without one.
const stamped = "COALESCE(f.household_id, (SELECT p.household_id FROM persons p WHERE p.id = f.person_id))"

// readPlaces reads, before the steps, what feedRows needs to place a row
// without walking persons: the village and type now of the scope's
// households, the persons who were no members of their household on as_of
// (memberAt's opposite: left by then, or added to a stored household after
// it; the latter only when anything was recorded after as_of), and the
// current household of the persons who moved since their rows were stamped.
func (r *sectorRun) readPlaces(changed bool) error {
	where, args, err := r.s.Where("region_code")
	if err != nil {
		return err
	}
	rows, err := r.q.QueryContext(r.ctx, "SELECT id, region_code, type FROM households WHERE "+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.households = map[int64]place{}
	for rows.Next() {
		var id int64
		var p place
		if err := rows.Scan(&id, &p.region, &p.typ); err != nil {
			return err
		}
		if p.typ == registry.TypeFormerlyPoor {
			p.typ = registry.TypeFormerlyPoor // one string for the many
		}
		r.households[id] = p
	}
	if err := rows.Err(); err != nil {
		return err
	}
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
	r.moved = map[int64]int64{}
	mrows, err := r.q.QueryContext(r.ctx, "SELECT p.id, p.household_id FROM person_moves m CROSS JOIN persons p WHERE p.id = m.person_id")
	if err != nil {
		return err
	}
	defer mrows.Close()
	for mrows.Next() {
		var pid, hh int64
		if err := mrows.Scan(&pid, &hh); err != nil {
			return err
		}
		r.moved[pid] = hh
	}
	return mrows.Err()
}

// at is the village and type on as_of of household hh, and whether it lay
// in the scope then.
func (r *sectorRun) at(hh int64) (string, string, bool) {
	if h := r.places[hh]; h != nil {
		return h.Region, h.Type, r.s.Contains(h.Region)
	}
	p, ok := r.households[hh]
	return p.region, p.typ, ok
}

// feedRows calls fn for the matched rows of the feed table whose cond
// holds (args), or with perPerson for each person's rows grouped (cols
// then aggregate them), whose person was a member on as_of of a household
// in the scope's villages on as_of, with that household and its village
// and type on as_of: the definition of memberAt and each, read from the
// rows alone. dest receives cols.
func (r *sectorRun) feedRows(perPerson bool, cols, table, cond string, args, dest []any,
	fn func(pid, hh int64, village, typ string)) error {
	hh, group := stamped, ""
	if perPerson {
		hh, group = "min("+stamped+")", " GROUP BY person_id"
	}
	if cols != "" {
		cols = ", " + cols
	}
	narrow, nargs, err := r.narrow()
	if err != nil {
		return err
	}
	rows, err := r.q.QueryContext(r.ctx, "SELECT person_id, "+hh+cols+" FROM "+table+" f WHERE person_id IS NOT NULL AND "+
		cond+" AND "+narrow+group, append(append([]any{}, args...), nargs...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var pid, h int64
	scan := append([]any{&pid, &h}, dest...)
	for first := true; rows.Next(); first = false {
		if first { // the query's sort is done: now the households are needed
			if <-r.placed; r.placedErr != nil {
				return r.placedErr
			}
		}
		if err := rows.Scan(scan...); err != nil {
			return fmt.Errorf("stats: sector rows: %w", err)
		}
		if r.nonMembers[pid] {
			continue
		}
		if now, ok := r.moved[pid]; ok {
			h = now
		}
		if village, typ, ok := r.at(h); ok {
			fn(pid, h, village, typ)
		}
	}
	return rows.Err()
}

// narrow is a condition every row feedRows keeps meets, so that a county's
// or smaller region's query sorts and returns its own rows only (the scan
// is the same): the row's household lies in the scope now, or it lay there
// on as_of (movedIn), or its person moved household since the row was
// stamped. A pre-filter only: feedRows places each row itself. For a larger
// region, or many households moved out, it is "1 = 1".
func (r *sectorRun) narrow() (string, []any, error) {
	if len(r.s.Prefix()) < 6 || len(r.movedIn) > 500 {
		return "1 = 1", nil, nil
	}
	where, args, err := r.s.Where("region_code")
	if err != nil {
		return "", nil, err
	}
	cond := "(" + stamped + " IN (SELECT id FROM households WHERE " + where + ") OR person_id IN (SELECT person_id FROM person_moves)"
	if len(r.movedIn) > 0 {
		cond += " OR " + stamped + " IN (?" + strings.Repeat(", ?", len(r.movedIn)-1) + ")"
		for _, id := range r.movedIn {
			args = append(args, id)
		}
	}
	return cond + ")", args, nil
}
