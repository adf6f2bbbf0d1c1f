package visit

import (
	"context"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// The change counters (store.ChangeCount) of the must-visit list: what its
// groups are judged from (members, households, incomes, the department
// feeds it reads, open warnings, group settings, income lines), and the
// home visits. Migration 00029 keeps them.
const (
	TopicFacts  = "visit.facts"
	TopicVisits = "visit.visits"
)

// Lists serves the must-visit lists of a database as MustVisit computes
// them, remembering the whole list of each scope and day asked for under
// the change counters it was computed at: while the counters stand still,
// a page of the list costs a pass over the remembered list and the details
// of its own entries. A new visit only re-reads the last visits; any other
// change recomputes the list once. Safe for concurrent use.
type Lists struct {
	db    *store.DB
	facts *memo[factsKey, []Entry] // the groups' judgement (compute)
	lists *memo[listKey, []Entry]  // with the last visits, sorted (arrange)
}

type factsKey struct {
	prefix string
	day    civil.Date
	facts  int64
}

type listKey struct {
	factsKey
	visits int64
}

// remembered is how many entries Lists keeps of the lists it computed last
// (and as many of judgements): the scale-24 demo city's list has 229,340,
// which take 83 MiB with their judgement.
var remembered = 300_000

// NewLists serves the must-visit lists of db.
func NewLists(db *store.DB) *Lists {
	weigh := func(es []Entry) int { return len(es) + 1 }
	return &Lists{db: db, facts: newMemo[factsKey](remembered, weigh), lists: newMemo[listKey](remembered, weigh)}
}

// MustVisit is MustVisit of the package on the database's committed data.
func (l *Lists) MustVisit(ctx context.Context, scope store.Scope, f Filter, asOf time.Time) ([]Entry, int, error) {
	all, err := l.list(ctx, scope, f, asOf)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := store.Page{Page: f.Page, PerPage: f.PerPage}.Limits()
	page := []Entry{} // never nil, as MustVisit's
	total := 0
	for _, e := range all {
		if !f.keeps(e) {
			continue
		}
		if total >= offset && total < offset+limit {
			page = append(page, e)
		}
		total++
	}
	if err := details(ctx, l.db.Reader(), page); err != nil {
		return nil, 0, err
	}
	return page, total, nil
}

// ForEachMustVisit is ForEachMustVisit of the package on the database's
// committed data.
func (l *Lists) ForEachMustVisit(ctx context.Context, scope store.Scope, f Filter, asOf time.Time, fn func(Entry) error) error {
	all, err := l.list(ctx, scope, f, asOf)
	if err != nil {
		return err
	}
	var kept []Entry
	for _, e := range all {
		if f.keeps(e) {
			kept = append(kept, e)
		}
	}
	return eachDetailed(ctx, l.db.Reader(), kept, fn)
}

// list is the whole list of f's region, sorted, unfiltered; shared: the
// caller copies what it changes.
func (l *Lists) list(ctx context.Context, scope store.Scope, f Filter, asOf time.Time) ([]Entry, error) {
	s, err := f.narrow(scope)
	if err != nil {
		return nil, err
	}
	q := l.db.Reader()
	fk := factsKey{prefix: s.Prefix(), day: civil.DateOf(asOf)}
	if fk.facts, err = store.ChangeCount(ctx, q, TopicFacts); err != nil {
		return nil, err
	}
	lk := listKey{factsKey: fk}
	if lk.visits, err = store.ChangeCount(ctx, q, TopicVisits); err != nil {
		return nil, err
	}
	if es, ok := l.within(lk); ok {
		return es, nil
	}
	// The computation outlives a caller who gives up: others may wait for it.
	run := context.WithoutCancel(ctx)
	return l.lists.get(ctx, lk, func() ([]Entry, error) {
		judged, err := l.facts.get(run, fk, func() ([]Entry, error) { return compute(run, q, s, asOf) })
		if err != nil {
			return nil, err
		}
		visits, err := LastVisits(run, q, s, "", asOf)
		if err != nil {
			return nil, err
		}
		return arrange(judged, visits, Filter{}, fk.day.String()), nil
	})
}

// within returns the list of k's scope cut from a remembered list of a
// wider scope at the same counters and day, when there is one. It is the
// list computed for the scope itself: each household is judged by the
// settings in force in its own region, the wider scope's reads are a
// superset of the narrower's (see settings.widest), and the order is the
// same total order. A cut list is not remembered.
func (l *Lists) within(k listKey) ([]Entry, bool) {
	wide, ok := l.lists.find(func(o listKey) bool {
		return o != k && o.day == k.day && o.facts == k.facts && o.visits == k.visits && strings.HasPrefix(k.prefix, o.prefix)
	})
	if !ok {
		return nil, false
	}
	out := []Entry{}
	for _, e := range wide {
		if strings.HasPrefix(e.Region, k.prefix) {
			out = append(out, e)
		}
	}
	return out, true
}
