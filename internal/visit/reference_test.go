package visit

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/incomeline"
	"fangpin/internal/store"
)

// The reference: the must-visit list as it was first written, one SQL
// statement per group and per region of a distinct setting, each group's
// definition a condition on the household h. It is slow (every statement
// reads whole feed tables) but plain; TestMustVisitMatchesReference holds
// MustVisit to it.

// refCompute is compute as the reference does it.
func refCompute(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time) ([]Entry, error) {
	l := refListed{found: map[int64]found{}, reasons: map[int64][]Reason{}, interval: map[int64]int{}, monitor: map[int64]int{}}
	settings, err := groupSettings(ctx, q, s)
	if err != nil {
		return nil, err
	}
	for _, def := range defaultGroups {
		for _, pt := range refPartitions(settings.rows[def.Code], def, s.Prefix()) {
			if !pt.group.Enabled && def.Code != GroupMonitored {
				continue
			}
			hs, err := refMembers(ctx, q, s, pt, asOf)
			if err != nil {
				return nil, err
			}
			for _, h := range hs {
				l.add(pt.group, h)
			}
		}
	}
	var out []Entry
	for id, h := range l.found {
		e := Entry{HouseholdID: id, Code: h.code, Region: h.region, Reasons: l.reasons[id], IntervalDays: l.interval[id]}
		if m, ok := l.monitor[id]; ok && m < e.IntervalDays {
			e.IntervalDays = m
		}
		out = append(out, e)
	}
	return out, nil
}

// refListed is what the reference's groups found: per household, its
// reasons and the interval that applies to it.
type refListed struct {
	found    map[int64]found
	reasons  map[int64][]Reason
	interval map[int64]int
	monitor  map[int64]int // the monitored interval of households monitored now
}

// found is a household a group's statement found.
type found struct {
	id           int64
	region, code string
}

func (l refListed) add(g Group, h found) {
	if g.Code == GroupMonitored {
		l.monitor[h.id] = g.IntervalDays
		if !g.Enabled {
			return
		}
	}
	l.found[h.id] = h
	l.reasons[h.id] = append(l.reasons[h.id], Reason{Code: g.Code, Label: g.Label})
	if n, ok := l.interval[h.id]; !ok || g.IntervalDays < n {
		l.interval[h.id] = g.IntervalDays
	}
}

// CompareWithReference computes the whole must-visit list of the scope
// (every entry, before paging) with compute and with the reference, and
// describes the first differences ("" when there are none). n is the
// length of the list.
func CompareWithReference(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time) (n int, diff string, err error) {
	visits, err := LastVisits(ctx, q, s, "", asOf)
	if err != nil {
		return 0, "", err
	}
	var lists [2][]Entry
	for i, f := range []func(context.Context, store.Querier, store.Scope, time.Time) ([]Entry, error){compute, refCompute} {
		l, err := f(ctx, q, s, asOf)
		if err != nil {
			return 0, "", err
		}
		lists[i] = arrange(l, visits, Filter{}, civil.DateOf(asOf).String())
	}
	got, want := lists[0], lists[1]
	var out []string
	note := func(format string, args ...any) {
		if len(out) < 8 {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	at := map[int64]Entry{}
	for _, e := range want {
		at[e.HouseholdID] = e
	}
	for _, e := range got {
		w, ok := at[e.HouseholdID]
		switch {
		case !ok:
			note("%s (%s) is listed, not by the reference: %+v", e.Code, e.Region, e)
		case !reflect.DeepEqual(e, w):
			note("%s (%s): %+v, the reference %+v", e.Code, e.Region, e, w)
		}
		delete(at, e.HouseholdID)
	}
	for _, w := range at {
		note("%s (%s) is listed by the reference only: %+v", w.Code, w.Region, w)
	}
	if len(got) != len(want) {
		note("%d entries, the reference %d", len(got), len(want))
	}
	return len(want), strings.Join(out, "\n"), nil
}

// refPart is a piece of a region where one setting of a group is in force:
// the households under prefix, except those under a more specific
// setting's prefix (excludes).
type refPart struct {
	prefix   string
	excludes []string
	group    Group
}

func refPartitions(rows []Group, def Group, p string) []refPart {
	parts := []refPart{{prefix: p, group: mostSpecific(rows, def, p)}}
	for _, g := range rows {
		if q := prefixOf(g.Region); len(q) > len(p) && strings.HasPrefix(q, p) {
			parts = append(parts, refPart{prefix: q, group: g})
		}
	}
	for i := range parts {
		for _, o := range parts {
			if len(o.prefix) > len(parts[i].prefix) && strings.HasPrefix(o.prefix, parts[i].prefix) {
				parts[i].excludes = append(parts[i].excludes, o.prefix)
			}
		}
	}
	return parts
}

func refMembers(ctx context.Context, q store.Querier, s store.Scope, pt refPart, asOf time.Time) ([]found, error) {
	lo, hi, err := s.Range()
	if err != nil {
		return nil, err
	}
	conds, args := []string{"h.region_code >= ? AND h.region_code < ?"}, []any{lo, hi}
	if pt.prefix != s.Prefix() {
		conds, args = append(conds, "h.region_code >= ? AND h.region_code < ?"), append(args, pt.prefix, pt.prefix+"~")
	}
	for _, x := range pt.excludes {
		conds, args = append(conds, "NOT (h.region_code >= ? AND h.region_code < ?)"), append(args, x, x+"~")
	}
	cond, more := refCondition(pt.group, asOf)
	conds, args = append(conds, "("+cond+")"), append(args, more...)
	rows, err := q.QueryContext(ctx, "SELECT h.id, h.region_code, h.code FROM households h WHERE "+
		strings.Join(conds, " AND "), args...)
	if err != nil {
		return nil, fmt.Errorf("visit: reference group %s: %w", pt.group.Code, err)
	}
	defer rows.Close()
	var out []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.id, &f.region, &f.code); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// refCondition is the SQL condition on the household h that puts it in
// group g as of asOf, with its arguments.
func refCondition(g Group, asOf time.Time) (string, []any) {
	today := int(civil.DateOf(asOf))
	since := func() int { return int(civil.DateOf(asOf.AddDate(0, -g.Param("recent_months"), 0))) }
	switch g.Code {
	case GroupLowIncome:
		return refLowIncome, []any{asOf.In(civil.Zone).Year(), g.Param("line_pct"), incomeline.DefaultFen, 100 - g.Param("drop_pct")}
	case GroupIllness:
		return refMember + `(p.ill_major = 1 OR p.ill_chronic = 1))`, nil
	case GroupTekunAlone:
		return `(SELECT count(*) FROM persons p WHERE p.household_id = h.id AND p.active = 1) = 1 AND ` +
			refMember + `p.tekun = 1)`, nil
	case GroupDibao:
		return refMember + `p.dibao = 1)`, nil
	case GroupDisability:
		return `h.id IN (SELECT p.household_id FROM feed_disability d JOIN persons p ON p.id = d.person_id
			WHERE p.active = 1 AND (d.grade <= ? OR d.issued > ? AND d.issued <= ?))
			OR ` + refMember + `p.disabled = 1 AND p.id NOT IN (SELECT d.person_id FROM feed_disability d
			WHERE d.person_id IS NOT NULL))`, []any{g.Param("max_grade"), since(), today}
	case GroupSchooling:
		return `(SELECT count(*) FROM persons p WHERE p.household_id = h.id AND p.active = 1 AND p.schooling <> ''
			AND p.schooling <> '学龄前儿童') >= ?`, []any{g.Param("min_children")}
	case GroupMigrant:
		return refMember + `p.work_months >= ? AND p.work_months <= ?)
			OR h.id IN (SELECT p.household_id FROM feed_employment e JOIN persons p ON p.id = e.person_id
			WHERE p.active = 1 AND e.status = '失业' AND e.day > ? AND e.day <= ?)`,
			[]any{g.Param("min_months"), g.Param("max_months"), since(), today}
	case GroupEvent:
		return `h.id IN (SELECT p.household_id FROM feed_disaster d JOIN persons p ON p.id = d.person_id
			WHERE d.day > ? AND d.day <= ?)
			OR h.id IN (SELECT p.household_id FROM feed_death d JOIN persons p ON p.id = d.person_id
			WHERE d.died > ? AND d.died <= ?)`, []any{since(), today, since(), today}
	case GroupWarning:
		return `h.id IN (SELECT w.household_id FROM warnings w WHERE w.status = 'open')`, nil
	case GroupMonitored:
		return `h.identified_month IS NOT NULL AND h.eliminated = 0 AND h.category <> ''`, nil
	}
	return "1 = 0", nil
}

const refMember = `EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.active = 1 AND `

const refLowIncome = `EXISTS (SELECT 1 FROM household_incomes i
	LEFT JOIN household_incomes prev ON prev.household_id = i.household_id AND prev.year = i.year - 1
	WHERE i.household_id = h.id
	AND i.year = (SELECT max(x.year) FROM household_incomes x WHERE x.household_id = h.id AND x.year <= ?)
	AND (i.per_capita_fen * 100 < ? * COALESCE((SELECT m.fen FROM monitoring_ranges m WHERE m.year = i.year
			AND m.region_code IN (substr(h.region_code, 1, 2) || '0000000000', substr(h.region_code, 1, 4) || '00000000',
				substr(h.region_code, 1, 6) || '000000', substr(h.region_code, 1, 9) || '000', h.region_code)
			ORDER BY length(rtrim(m.region_code, '0')) DESC LIMIT 1), ?)
		OR prev.per_capita_fen > 0 AND i.per_capita_fen * 100 < prev.per_capita_fen * ?))`
