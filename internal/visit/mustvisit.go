package visit

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Filter narrows MustVisit. Region is a 12-digit code inside the scope (""
// for the whole scope); Group keeps the households of one group (with all
// their reasons); DueOnly keeps those due for a visit. Page counts from 1;
// PerPage defaults to 50 and is at most 500.
type Filter struct {
	Region        string
	Group         string
	DueOnly       bool
	Page, PerPage int
}

// Reason is a group a household is on the list for.
type Reason struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Entry is one household of the must-visit list.
type Entry struct {
	HouseholdID  int64    `json:"household_id"`
	Code         string   `json:"code"`
	Region       string   `json:"region_code"`
	HeadName     string   `json:"head_name"`
	Category     string   `json:"category"` // 监测对象类别 when monitored now, else ""
	Reasons      []Reason `json:"reasons"`
	LastVisit    string   `json:"last_visit"`    // YYYY-MM-DD, "" when never visited
	IntervalDays int      `json:"interval_days"` // the shortest interval of its groups (monitored: at most the monitored interval)
	DueBy        string   `json:"due_by"`        // the day the next visit falls due; "" when never visited
	Due          bool     `json:"due"`           // not visited within IntervalDays of asOf
}

// MustVisit computes the must-visit list (六必访) of the scope as of asOf:
// every household in at least one enabled group, with its reasons and its
// last visit, those due first (never visited, then the longest overdue),
// then by village and household code; and how many match in all. A few
// set-based queries read what the groups are computed from over the
// scope's households (see facts); each household is judged by the settings
// in force in its region. A Region outside the scope is store.ErrNotFound;
// an unknown Group is fault.Invalid.
func MustVisit(ctx context.Context, q store.Querier, scope store.Scope, f Filter, asOf time.Time) ([]Entry, int, error) {
	es, err := mustVisit(ctx, q, scope, f, asOf)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := store.Page{Page: f.Page, PerPage: f.PerPage}.Limits()
	total := len(es)
	es = es[min(offset, total):min(offset+limit, total)]
	if err := details(ctx, q, es); err != nil {
		return nil, 0, err
	}
	return es, total, nil
}

// detailBatch is how many entries ForEachMustVisit completes at a time (a
// variable for tests).
var detailBatch = 500

// ForEachMustVisit calls fn with every entry of the must-visit list, in
// MustVisit's order (paging ignored), and stops at the first error of fn or
// of ctx. The list is computed as MustVisit computes it, in memory (a few
// ids and dates per household on it); heads and categories are read
// detailBatch entries at a time.
func ForEachMustVisit(ctx context.Context, q store.Querier, scope store.Scope, f Filter, asOf time.Time, fn func(Entry) error) error {
	es, err := mustVisit(ctx, q, scope, f, asOf)
	if err != nil {
		return err
	}
	return eachDetailed(ctx, q, es, fn)
}

// eachDetailed calls fn with every entry of es, completed detailBatch at a
// time, and stops at the first error of fn or of ctx. es is not changed.
func eachDetailed(ctx context.Context, q store.Querier, es []Entry, fn func(Entry) error) error {
	batch := make([]Entry, 0, min(detailBatch, len(es)))
	for len(es) > 0 {
		batch = append(batch[:0], es[:min(detailBatch, len(es))]...)
		es = es[len(batch):]
		if err := details(ctx, q, batch); err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// mustVisit is the whole list, filtered and sorted, without the details.
func mustVisit(ctx context.Context, q store.Querier, scope store.Scope, f Filter, asOf time.Time) ([]Entry, error) {
	s, err := f.narrow(scope)
	if err != nil {
		return nil, err
	}
	list, err := compute(ctx, q, s, asOf)
	if err != nil {
		return nil, err
	}
	visits, err := LastVisits(ctx, q, s, "", asOf)
	if err != nil {
		return nil, err
	}
	return arrange(list, visits, f, civil.DateOf(asOf).String()), nil
}

// narrow checks the filter and returns the scope of its region.
func (f Filter) narrow(scope store.Scope) (store.Scope, error) {
	s, err := scope.Narrow(f.Region)
	if err != nil {
		return store.Scope{}, err
	}
	if f.Group != "" && !knownGroup(f.Group) {
		return store.Scope{}, fault.Invalidf("group", "未知的必访人群“%s”", "Unknown must-visit group “%s”", f.Group)
	}
	return s, nil
}

// keeps reports whether the filter keeps an entry completed with its last
// visit (by group and due; the region is the list's).
func (f Filter) keeps(e Entry) bool {
	return (!f.DueOnly || e.Due) && (f.Group == "" || e.has(f.Group))
}

// arrange completes the list with the last visits, filters and sorts it
// into a new slice (list is not changed). The list comes in the order of
// village and household code (compute's); a stable pass by due and due day
// keeps that order within each day, which is Entry.before's order.
func arrange(list []Entry, visits map[int64]string, f Filter, today string) []Entry {
	out := make([]Entry, 0, len(list))
	due := map[dueKey]string{}
	days := map[dayKey]int{} // how many entries fall on each
	for _, e := range list {
		e.LastVisit, e.Due = visits[e.HouseholdID], true
		if e.LastVisit != "" {
			k := dueKey{e.LastVisit, e.IntervalDays}
			if _, ok := due[k]; !ok {
				due[k] = addDays(e.LastVisit, e.IntervalDays)
			}
			e.DueBy = due[k]
			e.Due = e.DueBy <= today
		}
		if f.keeps(e) {
			out = append(out, e)
			days[dayOf(e)]++
		}
	}
	keys := make([]dayKey, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b dayKey) int {
		if a.later != b.later {
			return cmp.Compare(b2i(a.later), b2i(b.later))
		}
		return strings.Compare(a.dueBy, b.dueBy)
	})
	at, n := make(map[dayKey]int, len(keys)), 0
	for _, k := range keys {
		at[k], n = n, n+days[k]
	}
	sorted := make([]Entry, len(out))
	for _, e := range out {
		k := dayOf(e)
		sorted[at[k]] = e
		at[k]++
	}
	return sorted
}

// dayKey is where an entry falls in the list: due now or later, and the
// day it falls due ("" when never visited).
type dayKey struct {
	later bool
	dueBy string
}

func dayOf(e Entry) dayKey { return dayKey{later: !e.Due, dueBy: e.DueBy} }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dueKey is a last visit and an interval.
type dueKey struct {
	last     string
	interval int
}

func (e Entry) has(code string) bool {
	for _, r := range e.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

func (e Entry) before(o Entry) bool {
	if e.Due != o.Due {
		return e.Due
	}
	if e.DueBy != o.DueBy {
		return e.DueBy < o.DueBy
	}
	if e.Region != o.Region {
		return e.Region < o.Region
	}
	return e.Code < o.Code
}

func addDays(d string, n int) string {
	t, err := civil.ParseISO(d)
	if err != nil {
		return ""
	}
	return t.AddDays(n).String()
}

// details fills in the head's name and the monitoring category of the
// entries of one page. Their ids come from the scoped group queries.
func details(ctx context.Context, q store.Querier, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	args := make([]any, len(entries))
	at := map[int64]int{}
	for i, e := range entries {
		args[i], at[e.HouseholdID] = e.HouseholdID, i
	}
	return store.Each(ctx, q, "visit: must-visit details", func(rows store.Scanner) error {
		var id int64
		var cat string
		var head sql.NullString
		if err := rows.Scan(&id, &cat, &head); err != nil {
			return err
		}
		entries[at[id]].Category, entries[at[id]].HeadName = cat, head.String
		return nil
	}, `SELECT h.id, CASE WHEN h.identified_month IS NOT NULL AND h.eliminated = 0
		THEN h.category ELSE '' END, (SELECT p.name FROM persons p WHERE p.household_id = h.id AND p.relation = '户主'
		AND p.active = 1 ORDER BY p.id LIMIT 1) FROM households h WHERE h.id IN `+store.Placeholders(1, len(args)), args...)
}

// Labels joins the reasons' labels for display: "低保户、多子女上学".
func (e Entry) Labels() string {
	out := make([]string, len(e.Reasons))
	for i, r := range e.Reasons {
		out[i] = r.Label
	}
	return strings.Join(out, "、")
}
