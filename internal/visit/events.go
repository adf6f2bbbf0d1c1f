package visit

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// The kinds of events (see facts.events).
const (
	kindJobless   = iota + 1 // a 失业 report of a current member (feed_employment)
	kindAlone                // the only current member is on 特困
	kindEvent                // a disaster (feed_disaster) or a death (feed_death) in the household
	kindWarning              // an open department warning
	kindMonitored            // the household is under monitoring now
	kindAny                  // any household (when a schooling setting asks for no pupil at all)
)

// events reads what happened to the scope's households within the widest
// windows of recent feed rows of the migrant and event settings, which
// have a single current member on 特困, their open warnings, and which are
// monitored now: one statement a kind (PostgreSQL would run them together
// in parallel workers, slower than one after the other for a region).
func (f facts) events(ctx context.Context, q store.Querier, s store.Scope, st settings, c clock) error {
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return err
	}
	jobless := c.since(st.widest(GroupMigrant, "recent_months", true))
	event := c.since(st.widest(GroupEvent, "recent_months", true))
	type part struct {
		kind      int
		day, from string // the day column; the tables
		cond      string // the condition after the scope's, if any
		args      []any
	}
	warnings, alone := "households h CROSS JOIN warnings w", "households h CROSS JOIN persons p"
	if wide(s) {
		warnings, alone = "warnings w CROSS JOIN households h", "persons p CROSS JOIN households h"
	}
	parts := []part{
		{kindJobless, "d.day", feedJoin(s, "feed_employment"),
			feedOn + " AND p.active = 1 AND d.status = '失业' AND d.day > ? AND d.day <= ?", []any{jobless, c.today}},
		{kindEvent, "d.day", feedJoin(s, "feed_disaster"), feedOn + " AND d.day > ? AND d.day <= ?", []any{event, c.today}},
		{kindEvent, "d.died", feedJoin(s, "feed_death"), feedOn + " AND d.died > ? AND d.died <= ?", []any{event, c.today}},
		{kindAlone, "0", alone, `h.id = p.household_id AND p.active = 1 AND p.tekun = 1 AND NOT EXISTS (SELECT 1
			FROM persons x WHERE x.household_id = p.household_id AND x.active = 1 AND x.id <> p.id)`, nil},
		{kindWarning, "0", warnings, "w.household_id = h.id AND w.status = 'open'", nil},
		{kindMonitored, "0", "households h", "h.identified_month IS NOT NULL AND h.eliminated = 0 AND h.category <> ''", nil},
	}
	if st.widest(GroupSchooling, "min_children", false) <= 0 {
		parts = append(parts, part{kind: kindAny, day: "0", from: "households h"})
	}
	for _, p := range parts {
		stmt := fmt.Sprintf("SELECT h.id, h.region_code, h.code, %s FROM %s WHERE %s", p.day, p.from, where)
		if p.cond != "" {
			stmt += " AND " + p.cond
		}
		if err := f.happened(ctx, q, p.kind, stmt, append(append([]any{}, args...), p.args...)); err != nil {
			return err
		}
	}
	return nil
}

// happened reads the rows of one kind of events: households and days.
func (f facts) happened(ctx context.Context, q store.Querier, kind int, stmt string, args []any) error {
	return store.Each(ctx, q, "visit: must-visit events", func(rows store.Scanner) error {
		var day int
		var id int64
		var region, code string
		if err := rows.Scan(&id, &region, &code, &day); err != nil {
			return err
		}
		h := f.get(id, region, code)
		switch kind {
		case kindJobless:
			h.lastJobless = max(h.lastJobless, day)
		case kindEvent:
			h.lastEvent = max(h.lastEvent, day)
		case kindAlone:
			h.tekunAlone = true
		case kindWarning:
			h.warned = true
		case kindMonitored:
			h.monitored = true
		}
		return nil
	}, stmt, args...)
}
