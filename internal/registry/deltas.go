package registry

import (
	"context"
	"fmt"
	"sort"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// Share is what one household adds to the village_stats row of its village
// and type: one household, its current members, those chronically and
// seriously ill (as village_stats counts them), and whether any is ill.
type Share struct {
	Region, Type            string
	Members, Chronic, Major int
}

func (s Share) ill() int {
	if s.Chronic+s.Major > 0 {
		return 1
	}
	return 0
}

// Change is a household's share before and after a change.
type Change struct {
	HouseholdID   int64
	Before, After Share
}

// delta is one row of household_deltas: what a change adds to (or, when
// negative, takes from) a village and type's summary.
type delta struct {
	id                                       int64
	region, typ                              string
	households, members, chronic, major, ill int
	county                                   string // the household's county now (a record of its old village carries its new county)
}

// minus is d with every count negated, carried by the household's county
// now.
func (d delta) minus(county string) delta {
	return delta{d.id, d.region, d.typ, -d.households, -d.members, -d.chronic, -d.major, -d.ill, county}
}

func (s Share) delta(id int64) delta {
	return delta{id, s.Region, s.Type, 1, s.Members, s.Chronic, s.Major, s.ill(), region.County(s.Region)}
}

// RecordChanges writes the dated deltas of household_deltas for changes
// that take effect on day (YYYY-MM-DD): the difference in the household's
// village and type when both stay, else the old share taken out of the old
// ones and the new share added to the new ones. A change that leaves the
// share as it was writes nothing. Every transaction that changes a stored
// household's share calls it, so that village_stats minus the deltas dated
// after a day is the summary as it stood that day.
func RecordChanges(ctx context.Context, q store.Querier, day, source, now string, changes []Change) error {
	var ds []delta
	for _, c := range changes {
		b, a := c.Before.delta(c.HouseholdID), c.After.delta(c.HouseholdID)
		switch {
		case c.Before == c.After:
		case b.region == a.region && b.typ == a.typ:
			ds = append(ds, delta{a.id, a.region, a.typ, 0, a.members - b.members, a.chronic - b.chronic,
				a.major - b.major, a.ill - b.ill, a.county})
		default:
			ds = append(ds, b.minus(a.county), a)
		}
	}
	return insertDeltas(ctx, q, day, source, now, ds)
}

const deltaCols = "day, household_id, region_code, county, type, households, members, members_chronic, members_major, " +
	"households_ill, source, recorded_at"

func insertDeltas(ctx context.Context, q store.Querier, day, source, now string, ds []delta) error {
	for start := 0; start < len(ds); start += 80 {
		chunk := ds[start:min(start+80, len(ds))]
		args := make([]any, 0, len(chunk)*12)
		for _, d := range chunk {
			args = append(args, day, d.id, d.region, d.county, d.typ, d.households, d.members, d.chronic, d.major, d.ill, source, now)
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO household_deltas ("+deltaCols+") VALUES "+
			store.Placeholders(len(chunk), 12), args...); err != nil {
			return fmt.Errorf("registry: record household changes: %w", err)
		}
	}
	return nil
}

// shares reads the current share of the given households.
func shares(ctx context.Context, q store.Querier, ids []int64) (map[int64]Share, error) {
	out := make(map[int64]Share, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := q.QueryContext(ctx, `SELECT id, region_code, type, members, members_chronic, members_major
			FROM households WHERE id IN (`+qs(len(chunk))+")", int64Args(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("registry: household shares: %w", err)
		}
		for rows.Next() {
			var id int64
			var s Share
			if err := rows.Scan(&id, &s.Region, &s.Type, &s.Members, &s.Chronic, &s.Major); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// before notes a stored household's share as the import found it, the first
// time the import touches it.
func (w *writer) before(id int64, s Share) {
	if _, ok := w.shares[id]; !ok {
		w.shares[id] = s
	}
}

// recordChanges compares the shares of the households the import changed
// with their shares before it and records the differences, dated the
// import's day.
func (w *writer) recordChanges(ctx context.Context) error {
	ids := make([]int64, 0, len(w.shares))
	for id := range w.shares {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	after, err := shares(ctx, w.tx, ids)
	if err != nil {
		return err
	}
	changes := make([]Change, 0, len(ids))
	for _, id := range ids {
		changes = append(changes, Change{HouseholdID: id, Before: w.shares[id], After: after[id]})
	}
	return RecordChanges(ctx, w.tx, w.day, w.opt.Source, w.now, changes)
}
