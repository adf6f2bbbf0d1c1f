package visit

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/memo"
	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// The change counters (store.ChangeCount) of the must-visit list: what its
// groups are judged from — members, households, incomes, the department
// feeds it reads and open warnings counted by village
// (store.VillageCounts, migration 00034); group settings and income lines,
// which apply across villages, under TopicFacts itself — and the home
// visits. Migrations 00029 and 00034 keep them.
const (
	TopicFacts  = "visit.facts"
	TopicVisits = "visit.visits"
)

// Lists serves the must-visit lists of a database as MustVisit computes
// them. It remembers each village's judgement under the village's change
// counter (and TopicFacts), and the whole list of each scope and day asked
// for under the counters it was assembled at: while they stand still, a
// page of the list costs a pass over the remembered list and the details
// of its own entries. A new visit only re-reads the last visits; a change
// in a village re-judges that village alone, so a city's list after a
// cadre's change costs the village's judgement, not the city's. Safe for
// concurrent use.
type Lists struct {
	db    *store.DB
	facts *memo.Memo[villageKey, []Entry] // a village's judgement (compute)
	lists *memo.Memo[listKey, []Entry]    // a scope's, with the last visits, sorted (arrange)
	// judged counts the judgements computed, of a village (villages) or of
	// a whole scope at once (scopes), for tests.
	judged struct{ villages, scopes atomic.Int64 }
	asked  asked // the scopes asked for, for Refresh
}

// asked is when each scope's list (by prefix) was last asked for.
type asked struct {
	mu sync.Mutex
	at map[string]time.Time
}

// villageKey is a village's judgement on a day at its counters.
type villageKey struct {
	village string
	day     civil.Date
	global  int64 // TopicFacts
	n       int64 // the village's
}

// listKey is a scope's list on a day at its counters: sum is the sum of
// its villages' counters, which only grow, so any change in the scope
// changes the sum.
type listKey struct {
	prefix         string
	day            civil.Date
	global, sum    int64
	visits, places int64 // TopicVisits; how many villages
}

// remembered is how many entries Lists keeps of the lists it computed last
// (and as many of judgements): the scale-24 demo city's list has 229,340,
// which take 83 MiB with their judgement.
var remembered = 300_000

// wholesale is how many villages of a list, not remembered, are judged in
// one pass over the scope instead of village by village.
var wholesale = 8

// NewLists serves the must-visit lists of db.
func NewLists(db *store.DB) *Lists {
	weigh := func(es []Entry) int { return len(es) + 1 }
	return &Lists{db: db, facts: memo.New[villageKey](remembered, weigh), lists: memo.New[listKey](remembered, weigh),
		asked: asked{at: map[string]time.Time{}}}
}

// refreshed is how many of the scopes asked for in the last day Refresh
// keeps ready, the widest first.
const refreshed = 4

// Refresh computes the lists asked for in the last day again as of asOf's
// day (a server gives today), when their data changed or the day is new: the widest scopes
// asked for (at most refreshed; a scope inside another asked for is served
// from the same villages' judgements), so that the next request — the first
// of a new day, the first after a cadre's change — finds its list
// remembered. A server calls it every minute or so in the background.
func (l *Lists) Refresh(ctx context.Context, asOf time.Time) error {
	now := time.Now()
	l.asked.mu.Lock()
	var prefixes []string
	for p, at := range l.asked.at {
		if now.Sub(at) > 24*time.Hour {
			delete(l.asked.at, p)
		} else {
			prefixes = append(prefixes, p)
		}
	}
	l.asked.mu.Unlock()
	slices.Sort(prefixes) // a prefix sorts before the prefixes it holds
	var widest []string
	for _, p := range prefixes {
		if n := len(widest); n == 0 || !strings.HasPrefix(p, widest[n-1]) {
			widest = append(widest, p)
		}
	}
	slices.SortStableFunc(widest, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
	for _, p := range widest[:min(refreshed, len(widest))] {
		scope := store.ScopeAll()
		if p != "" {
			var err error
			if scope, err = store.ScopeOf(regcode.Pad(p)); err != nil {
				return err
			}
		}
		if _, err := l.judgedList(ctx, scope, asOf); err != nil {
			return err
		}
	}
	return nil
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
	l.asked.mu.Lock()
	l.asked.at[s.Prefix()] = time.Now()
	l.asked.mu.Unlock()
	return l.judgedList(ctx, s, asOf)
}

// judgedList is list's list of the scope s.
func (l *Lists) judgedList(ctx context.Context, s store.Scope, asOf time.Time) ([]Entry, error) {
	q := l.db.Reader()
	day := civil.DateOf(asOf)
	global, err := store.ChangeCount(ctx, q, TopicFacts)
	if err != nil {
		return nil, err
	}
	counts, err := store.VillageCounts(ctx, q, TopicFacts, s)
	if err != nil {
		return nil, err
	}
	lk := listKey{prefix: s.Prefix(), day: day, global: global, places: int64(len(counts))}
	for _, n := range counts {
		lk.sum += n
	}
	if lk.visits, err = store.ChangeCount(ctx, q, TopicVisits); err != nil {
		return nil, err
	}
	// The computation outlives a caller who gives up: others may wait for it.
	run := context.WithoutCancel(ctx)
	return l.lists.Get(ctx, lk, func() ([]Entry, error) {
		judged, err := l.judge(run, q, s, asOf, global, counts)
		if err != nil {
			return nil, err
		}
		visits, err := LastVisits(run, q, s, "", asOf)
		if err != nil {
			return nil, err
		}
		return arrange(judged, visits, Filter{}, day.String()), nil
	})
}

// judge is compute's list of the scope s, assembled from its villages'
// judgements in the order of their codes (compute's order: village, then
// household code): those remembered at the villages' counters, the others
// computed village by village, or, when more than wholesale are missing,
// in one pass over the scope whose result is remembered village by village.
// Each household is judged by the settings in force in its own village, so
// a village's judgement is the same whatever the scope it was computed in.
func (l *Lists) judge(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time, global int64, counts map[string]int64) ([]Entry, error) {
	day := civil.DateOf(asOf)
	villages := slices.Sorted(maps.Keys(counts))
	key := func(v string) villageKey { return villageKey{village: v, day: day, global: global, n: counts[v]} }
	missing := 0
	for _, v := range villages {
		if !l.facts.Has(key(v)) {
			missing++
		}
	}
	if missing > wholesale {
		l.judged.scopes.Add(1)
		all, err := compute(ctx, q, s, asOf)
		if err != nil {
			return nil, err
		}
		for i := 0; i < len(all); {
			j := i + 1
			for j < len(all) && all[j].Region == all[i].Region {
				j++
			}
			if _, ok := counts[all[i].Region]; ok {
				l.facts.Put(key(all[i].Region), all[i:j:j])
			}
			i = j
		}
		for _, v := range villages {
			l.facts.Put(key(v), nil) // a village with nobody on the list; kept when judged above
		}
		return all, nil
	}
	parts := make([][]Entry, len(villages))
	size := 0
	for i, v := range villages {
		es, err := l.facts.Get(ctx, key(v), func() ([]Entry, error) {
			l.judged.villages.Add(1)
			vs, err := store.ScopeOf(v)
			if err != nil {
				return nil, fmt.Errorf("visit: change counter of village %q: %w", v, err)
			}
			return compute(ctx, q, vs, asOf)
		})
		if err != nil {
			return nil, err
		}
		parts[i], size = es, size+len(es)
	}
	out := make([]Entry, 0, size)
	for _, es := range parts {
		out = append(out, es...)
	}
	return out, nil
}
