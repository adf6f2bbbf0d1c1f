package stats

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// HouseholdAt is a household as it stood on a day: its village, type and
// number of members then (docs/figures.md, "As of a past date"), and its
// monitoring state then (Row, whose Members are those of that day).
type HouseholdAt struct {
	ID        int64
	Region    string
	Type      string
	RiskTypes []string
	Row
}

// MonitoredAt returns the households of scope that had been identified by
// asOf's month, as they stood on asOf: the households whose village on asOf
// lies in scope and whose monitoring state of that month has an
// identification month on or before it, in no particular order. Tally
// counts them.
func MonitoredAt(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) ([]HouseholdAt, error) {
	changed, err := changedSince(ctx, q, asOf)
	if err != nil {
		return nil, err
	}
	return monitoredAt(ctx, q, scope, asOf, changed)
}

// changedSince reports whether a change was recorded that takes effect, or
// may take effect, after asOf: a dated delta after its day, or a monitoring
// state recorded after its end (Beijing). Without one, every household
// stands on asOf as it stands now.
func changedSince(ctx context.Context, q store.Querier, asOf time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (SELECT 1 FROM household_deltas WHERE day > ? LIMIT 1) d)
		+ (SELECT count(*) FROM (SELECT 1 FROM monitoring_history WHERE recorded_at >= ? LIMIT 1) m)`,
		dayOf(asOf), endOf(asOf)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("stats: changes after %s: %w", dayOf(asOf), err)
	}
	return n > 0, nil
}

// endOf is the recorded_at stamp of the first moment after asOf's day in
// Beijing.
func endOf(asOf time.Time) string {
	return store.Stamp(civil.FromYMD(asOf.Date()).AddDays(1).Time())
}

// monitoredAt is MonitoredAt, told whether anything changed after asOf.
func monitoredAt(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time, changed bool) ([]HouseholdAt, error) {
	hs, err := identifiedNow(ctx, q, scope)
	if err != nil || !changed {
		return hs, err
	}
	byID := make(map[int64]*HouseholdAt, len(hs))
	for i := range hs {
		byID[hs[i].ID] = &hs[i]
	}
	if err := rewind(ctx, q, scope, asOf, byID); err != nil {
		return nil, err
	}
	month := asOf.Year()*100 + int(asOf.Month())
	out := make([]HouseholdAt, 0, len(byID))
	for _, h := range byID {
		if scope.Contains(h.Region) && h.IdentifiedMonth != 0 && h.IdentifiedMonth <= month {
			out = append(out, *h)
		}
	}
	return out, nil
}

// identifiedNow reads the households of the scope identified now, with
// their current state, from the partial index of identified households.
func identifiedNow(ctx context.Context, q store.Querier, scope store.Scope) ([]HouseholdAt, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "stats: identified households", func(s store.Scanner) (HouseholdAt, error) {
		var h HouseholdAt
		return h, scanHousehold(s, &h)
	}, "SELECT id, region_code, type, members, "+stateCols+
		" FROM households WHERE identified_month IS NOT NULL AND "+where, args...)
}

// rewind turns hs, the households identified now in the scope, into the
// households that may have been identified in it on asOf, as they stood
// then (their village may lie outside the scope; the caller keeps those in
// it). It reads only what was recorded since asOf:
//
//   - the households that moved out of a village of the scope since, or
//     whose monitoring state was recorded anew since (after their first),
//     if identified now or recorded since: a household identified in the
//     scope on asOf and not there now is among them, as the change that
//     ended that was recorded since, in the village it had then, or it
//     moved out;
//   - the monitoring states of those recorded anew, which give the state of
//     asOf's month (histories);
//   - the deltas after asOf's day of all these households, which give
//     their village, type and members of the day (undoAfter).
func rewind(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time, hs map[int64]*HouseholdAt) error {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return err
	}
	day, since := dayOf(asOf), endOf(asOf)
	var remarked, others []int64
	err = eachID(ctx, q, `SELECT household_id FROM monitoring_history r WHERE recorded_at >= ? AND `+where+`
		AND EXISTS (SELECT 1 FROM monitoring_history p WHERE p.household_id = r.household_id AND p.id < r.id)`,
		append([]any{since}, args...), func(id int64) { remarked = append(remarked, id) })
	if err == nil { // a move out of a village: it leaves that day without coming back in another type
		err = eachID(ctx, q, `SELECT household_id FROM household_deltas d WHERE day > ? AND households < 0 AND `+where+`
			AND NOT EXISTS (SELECT 1 FROM household_deltas e WHERE e.household_id = d.household_id AND e.day = d.day
				AND e.region_code = d.region_code AND e.households > 0)`,
			append([]any{day}, args...), func(id int64) {
				if hs[id] == nil {
					others = append(others, id)
				}
			})
	}
	if err != nil {
		return fmt.Errorf("stats: households changed after %s: %w", day, err)
	}
	for _, id := range remarked {
		if hs[id] == nil {
			others = append(others, id)
		}
	}
	added := map[int64]*HouseholdAt{}
	what := "stats: households changed after " + day
	err = eachIDs(others, func(in string, ids []any) error {
		return store.Each(ctx, q, what, addHousehold(added), "SELECT id, region_code, type, members, "+stateCols+` FROM households h
			WHERE id IN `+in+` AND (identified_month IS NOT NULL
				OR EXISTS (SELECT 1 FROM monitoring_history m WHERE m.household_id = h.id AND m.recorded_at >= ?))`,
			append(ids, since)...)
	})
	if err != nil {
		return err
	}
	month := asOf.Year()*100 + int(asOf.Month())
	for id, h := range added {
		hs[id] = h
	}
	err = eachIDs(remarked, func(in string, ids []any) error { return histories(ctx, q, in, ids, month, hs) })
	if err != nil {
		return err
	}
	if err := undoAfter(ctx, q, "(SELECT id FROM households WHERE identified_month IS NOT NULL AND "+where+")",
		args, day, hs); err != nil {
		return err
	}
	rest := make([]int64, 0, len(added)) // not among the identified ones of the scope, by the first query
	for id := range added {
		rest = append(rest, id)
	}
	return eachIDs(rest, func(in string, ids []any) error { return undoAfter(ctx, q, in, ids, day, hs) })
}

// eachIDs calls fn with an IN list and its arguments for each chunk of 500
// ids.
func eachIDs(ids []int64, fn func(in string, args []any) error) error {
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		if err := fn("("+strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+")", args); err != nil {
			return err
		}
	}
	return nil
}

func eachID(ctx context.Context, q store.Querier, query string, args []any, fn func(int64)) error {
	ids := func(id int64) error { fn(id); return nil }
	return store.ForEach(ctx, q, "stats: ids", scanID, ids, query, args...)
}

func scanID(s store.Scanner) (int64, error) {
	var id int64
	return id, s.Scan(&id)
}

// addHousehold adds the household of a row (id, region_code, type, members
// and stateCols) to hs, keeping one already there.
func addHousehold(hs map[int64]*HouseholdAt) func(store.Scanner) error {
	return func(s store.Scanner) error {
		var h HouseholdAt
		if err := scanHousehold(s, &h); err != nil {
			return err
		}
		if hs[h.ID] == nil {
			hs[h.ID] = &h
		}
		return nil
	}
}

const stateCols = "category, identified_month, eliminated, eliminated_month, remarked_month, risk_types"

// scanHousehold scans id, region_code, type, members and stateCols.
func scanHousehold(rows store.Scanner, h *HouseholdAt) error {
	var risks string
	if err := scanState(rows, &h.Row, &risks, &h.ID, &h.Region, &h.Type, &h.Members); err != nil {
		return err
	}
	h.RiskTypes = splitRisks(risks)
	return nil
}

// scanState scans the leading columns into lead, then category,
// identified_month, eliminated, eliminated_month, remarked_month and
// risk_types.
func scanState(rows store.Scanner, r *Row, risks *string, lead ...any) error {
	var ident, elim, mark sql.NullInt64
	var flag int
	if err := rows.Scan(append(lead, &r.Category, &ident, &flag, &elim, &mark, risks)...); err != nil {
		return err
	}
	r.IdentifiedMonth, r.Eliminated = int(ident.Int64), flag == 1
	r.EliminatedMonth, r.RemarkedMonth = int(elim.Int64), int(mark.Int64)
	return nil
}

func splitRisks(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// snapshot is one recorded monitoring state of a household (a
// monitoring_history row) and the month from which it describes the
// household: 0 for the first, which describes it since always.
type snapshot struct {
	Row
	risks string
	from  int
}

// histories reads the recorded monitoring states of the households of the
// subquery in (with args), oldest first, and sets each one's state in hs to
// the one describing it in month (its members stay).
func histories(ctx context.Context, q store.Querier, in string, args []any, month int, hs map[int64]*HouseholdAt) error {
	snaps := map[int64][]snapshot{}
	err := store.Each(ctx, q, "stats: monitoring history", func(rows store.Scanner) error {
		var id int64
		var at string
		var s snapshot
		if err := scanState(rows, &s.Row, &s.risks, &id, &at); err != nil {
			return err
		}
		if prev := snaps[id]; len(prev) > 0 {
			s.from = effectiveMonth(prev[len(prev)-1].Row, s.Row, recordedMonth(at))
		}
		snaps[id] = append(snaps[id], s)
		return nil
	}, `SELECT household_id, recorded_at, `+stateCols+
		` FROM monitoring_history WHERE household_id IN `+in+" ORDER BY household_id, id", args...)
	if err != nil {
		return err
	}
	for id, ss := range snaps {
		h := hs[id]
		if h == nil {
			continue
		}
		at := stateAt(ss, month)
		members := h.Members
		h.Row, h.RiskTypes = at.Row, splitRisks(at.risks)
		h.Members = members
	}
	return nil
}

// recordedMonth is the month (Beijing) of a recorded_at timestamp.
func recordedMonth(at string) int {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return 0
	}
	return int(civil.DateOf(t).Month())
}

// effectiveMonth is the month from which a monitoring state cur, recorded
// in month rec after the state prev, holds: the month the data gives for
// the change it records (docs/figures.md, "Monitoring cycles"), never
// later than rec.
//   - An elimination undone (风险消除回退: eliminated before, not now, and no
//     new re-marking) holds from the undone elimination's month, so the
//     elimination never stood, as the rollback means.
//   - A new elimination holds from its elimination month, a new re-marking
//     from its re-marking month, a new identification from its
//     identification month.
//   - Any other change (category, risk types) holds from rec.
func effectiveMonth(prev, cur Row, rec int) int {
	var m int
	switch {
	case prev.Eliminated && !cur.Eliminated && cur.RemarkedMonth == prev.RemarkedMonth:
		m = prev.EliminatedMonth
	case cur.Eliminated && (!prev.Eliminated || cur.EliminatedMonth != prev.EliminatedMonth):
		m = cur.EliminatedMonth
	case !cur.Eliminated && cur.RemarkedMonth != 0 && cur.RemarkedMonth != prev.RemarkedMonth:
		m = cur.RemarkedMonth
	case cur.IdentifiedMonth != 0 && cur.IdentifiedMonth != prev.IdentifiedMonth:
		m = cur.IdentifiedMonth
	}
	if m == 0 || (rec != 0 && m > rec) {
		return rec
	}
	return m
}

// stateAt is the state that describes a household in month: the latest
// recorded state holding by then (the first holds since always).
func stateAt(snaps []snapshot, month int) snapshot {
	at := snaps[0]
	for _, s := range snaps[1:] {
		if s.from <= month {
			at = s
		}
	}
	return at
}

// undoAfter takes the changes recorded after day out of the households'
// current village, type and members (household_deltas): the village and
// type on day are the ones the household was counted in then.
func undoAfter(ctx context.Context, q store.Querier, in string, args []any, day string, hs map[int64]*HouseholdAt) error {
	type place struct{ region, typ string }
	counted := map[int64]map[place]int{}
	err := store.Each(ctx, q, "stats: household changes after "+day, func(rows store.Scanner) error {
		var id int64
		var p place
		var n, members int
		if err := rows.Scan(&id, &p.region, &p.typ, &n, &members); err != nil {
			return err
		}
		h := hs[id]
		if h == nil {
			return nil
		}
		if counted[id] == nil {
			counted[id] = map[place]int{{h.Region, h.Type}: 1}
		}
		counted[id][p] -= n
		h.Members -= members
		return nil
	}, `SELECT household_id, region_code, type, households, members FROM household_deltas
		WHERE day > ? AND household_id IN `+in, append([]any{day}, args...)...)
	if err != nil {
		return err
	}
	for id, places := range counted {
		for p, n := range places {
			if n == 1 {
				hs[id].Region, hs[id].Type = p.region, p.typ
			}
		}
	}
	return nil
}

// dayOf is the calendar day of asOf as written (YYYY-MM-DD).
func dayOf(asOf time.Time) string { return civil.FromYMD(asOf.Date()).String() }
