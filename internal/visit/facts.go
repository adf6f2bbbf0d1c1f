package visit

import (
	"context"
	"database/sql"

	"fangpin/internal/store"
)

// facts are what is on record about the households of a scope that may put
// them in a group: the households by id, and the persons with a disability
// certificate. A few set-based queries read them, each over the scope's
// households only (an index range on their region codes), whatever the
// number of groups and settings; the groups are then judged in Go, each
// household by the settings in force in its region.
type facts struct {
	hs        map[int64]*household
	certified map[int64]bool // persons with a disability certificate
}

// gather reads the facts of the scope s that the settings st may need as
// of c.
func gather(ctx context.Context, q store.Querier, s store.Scope, st settings, c clock) (map[int64]*household, error) {
	f := facts{hs: map[int64]*household{}, certified: map[int64]bool{}}
	for _, read := range []func(context.Context, store.Querier, store.Scope, settings, clock) error{
		f.persons, f.certificates, f.incomes, f.events,
	} {
		if err := read(ctx, q, s, st, c); err != nil {
			return nil, err
		}
	}
	for _, h := range f.hs {
		for _, id := range h.disabled {
			h.disabledNoCert = h.disabledNoCert || !f.certified[id]
		}
	}
	return f.hs, nil
}

// get returns the household of a row, added when first seen.
func (f facts) get(id int64, region, code string) *household {
	h, ok := f.hs[id]
	if !ok {
		h = &household{id: id, region: region, code: code}
		f.hs[id] = h
	}
	return h
}

// pupil is a person p in school.
const pupil = `p.schooling <> '' AND p.schooling <> '学龄前儿童'`

// persons reads the current members of the scope's households who may put
// them in a group: ill, on 低保, in school, disabled in the registry, or
// working away within the widest range of months of the migrant settings.
func (f facts) persons(ctx context.Context, q store.Querier, s store.Scope, st settings, _ clock) error {
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return err
	}
	lo, hi := st.widest(GroupMigrant, "min_months", false), st.widest(GroupMigrant, "max_months", true)
	return store.Each(ctx, q, "visit: must-visit members", func(rows store.Scanner) error {
		var id, person, flags int64
		var region, code string
		var months sql.NullInt64
		if err := rows.Scan(&id, &region, &code, &person, &flags, &months); err != nil {
			return err
		}
		h := f.get(id, region, code)
		h.ill = h.ill || flags&1 != 0
		h.dibao = h.dibao || flags&2 != 0
		if flags&4 != 0 {
			h.pupils++
		}
		if flags&8 != 0 {
			h.disabled = append(h.disabled, person)
		}
		if months.Valid {
			h.work = append(h.work, int(months.Int64))
		}
		return nil
	}, `SELECT h.id, h.region_code, h.code, p.id,
		CASE WHEN p.ill_major = 1 OR p.ill_chronic = 1 THEN 1 ELSE 0 END + CASE WHEN p.dibao = 1 THEN 2 ELSE 0 END
			+ CASE WHEN `+pupil+` THEN 4 ELSE 0 END + CASE WHEN p.disabled = 1 THEN 8 ELSE 0 END,
		p.work_months
		FROM households h JOIN persons p ON p.household_id = h.id
		WHERE `+where+` AND p.active = 1 AND (p.ill_major = 1 OR p.ill_chronic = 1 OR p.dibao = 1 OR `+pupil+`
			OR p.disabled = 1 OR p.work_months >= ? AND p.work_months <= ?)`, append(args, lo, hi)...)
}

// certificates reads the disability certificates (feed_disability) of the
// current members of the scope's households.
func (f facts) certificates(ctx context.Context, q store.Querier, s store.Scope, _ settings, c clock) error {
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return err
	}
	return store.Each(ctx, q, "visit: must-visit certificates", func(rows store.Scanner) error {
		var id, person int64
		var region, code string
		var grade, issued int
		if err := rows.Scan(&id, &region, &code, &person, &grade, &issued); err != nil {
			return err
		}
		f.certified[person] = true
		h := f.get(id, region, code)
		if !h.certs || grade < h.minGrade {
			h.minGrade = grade
		}
		h.certs = true
		if issued <= c.today && issued > h.lastIssued {
			h.lastIssued = issued
		}
		return nil
	}, `SELECT h.id, h.region_code, h.code, p.id, d.grade, d.issued FROM `+
		feedJoin(s, "feed_disability")+` WHERE `+where+` AND `+feedOn+` AND p.active = 1`, args...)
}

// feedJoin is the tables of a feed table d, its persons p and their
// households h (joined by feedOn), in the order that finds a scope's rows
// soonest (see wide).
func feedJoin(s store.Scope, table string) string {
	if wide(s) {
		return table + " d CROSS JOIN persons p CROSS JOIN households h"
	}
	return "households h CROSS JOIN persons p CROSS JOIN " + table + " d"
}

// feedOn joins the tables of feedJoin.
const feedOn = "p.id = d.person_id AND h.id = p.household_id"

// wide reports whether the rows of the scope s in a table of department
// data (feeds, warnings) or of a partial index are best found from that
// table or index (read whole, or by date where an index has it), then
// their households: for a county or wider. For a township or a village,
// the rows of its few households and their members are looked up by
// household or person instead. SQLite keeps no statistics to choose by and
// takes the order of a CROSS JOIN as written; PostgreSQL chooses for
// itself.
func wide(s store.Scope) bool { return len(s.Prefix()) < 9 }
