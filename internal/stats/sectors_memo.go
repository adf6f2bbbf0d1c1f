package stats

import (
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"fangpin/internal/civil"
	"fangpin/internal/memo"
	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// TopicSectors is the change counter of the sectors block (store.ChangeCount,
// migration 00035): what it reads of a county — households, members, their
// change records and monitoring records, measures, retrofit records, moves
// and dropout follow-ups — counts under "sectors@<county>" (the first 6
// digits of the region code, store.VillageCounts), the department feeds and,
// on PostgreSQL, a TRUNCATE under TopicSectors itself.
const TopicSectors = "sectors"

// rememberedEntries is how many entries the remembered counties' blocks
// hold at most, over all days (the least recently used go first): the
// scale-24 demo city's block has about 1.4 million, 54 MiB.
var rememberedEntries = 3_000_000

// sectorMemo remembers the sectors block of a database by county and day
// (docs/architecture.md, "Remembered results"): a county's entries under
// its counter and those of the counties linked to it on that day
// (linkedCounties), a region's block assembled from its counties'. Only the
// Whole figures, the region's own, are computed at each call.
type sectorMemo struct {
	counties *memo.Memo[countyKey, map[string][]SectorEntry]
	blocks   *memo.Memo[blockKey, *SectorDetail] // a region's, assembled, without the Whole figures
	links    *memo.Memo[linkKey, map[string][]string]
	// computed counts the blocks computed, of a county (counties), of a
	// wider scope at once (scopes) or of a region inside a county whose
	// entries are not remembered (regions), for tests.
	computed struct{ counties, scopes, regions atomic.Int64 }
}

// countyKey is a county's entries on a day at its counters.
type countyKey struct {
	county string
	day    civil.Date
	global int64 // TopicSectors
	n      int64 // the sum of the counters of the county and the counties linked to it
	linked int   // how many counties were summed
}

// blockKey is a region's block on a day at its counties' counters: n and
// counties sum their countyKey's n and linked.
type blockKey struct {
	prefix    string
	day       civil.Date
	global, n int64
	counties  int
}

// linkKey is the counties linked on a day at the counters: sum is the sum
// of every county's counter (they only grow).
type linkKey struct {
	day         civil.Date
	global, sum int64
	counties    int
}

// sectorMemos holds the memo of each open database; a database's goes when
// the database is collected.
var sectorMemos = struct {
	sync.Mutex
	m map[weak.Pointer[store.DB]]*sectorMemo
}{m: map[weak.Pointer[store.DB]]*sectorMemo{}}

// sectorMemoOf is the memo of db.
func sectorMemoOf(db *store.DB) *sectorMemo {
	k := weak.Make(db)
	sectorMemos.Lock()
	defer sectorMemos.Unlock()
	if m := sectorMemos.m[k]; m != nil {
		return m
	}
	weigh := func(es map[string][]SectorEntry) int {
		n := 1
		for _, e := range es {
			n += len(e)
		}
		return n
	}
	m := &sectorMemo{counties: memo.New[countyKey](rememberedEntries, weigh),
		blocks: memo.New[blockKey](rememberedEntries, func(d *SectorDetail) int { return weigh(d.Entries) }),
		links:  memo.New[linkKey](1000, func(l map[string][]string) int { return len(l) + 1 })}
	sectorMemos.m[k] = m
	runtime.AddCleanup(db, func(k weak.Pointer[store.DB]) {
		sectorMemos.Lock()
		delete(sectorMemos.m, k)
		sectorMemos.Unlock()
	}, k)
	return m
}

// rememberedSectors is the sectors block of the scope s as of asOf on the
// database's committed data, as sectorsNow computes it: the entries of its
// counties remembered under their counters (read first, so that what is
// remembered is never newer than counted), those not remembered computed
// — county by county, or, when more than one of a wider scope is missing,
// in one pass over the scope whose entries are remembered county by county
// —, a region inside a county taking its villages' entries of the county's
// when the county's are remembered, else computing its own; the block
// assembled remembered under its counties' counters; the Whole figures
// computed now for the region itself.
func rememberedSectors(ctx context.Context, db *store.DB, s store.Scope, asOf time.Time) (*SectorDetail, error) {
	m := sectorMemoOf(db)
	q := db.Reader()
	day := civil.FromYMD(asOf.Date())
	global, err := store.ChangeCount(ctx, q, TopicSectors)
	if err != nil {
		return nil, err
	}
	all, err := store.VillageCounts(ctx, q, TopicSectors, store.ScopeAll())
	if err != nil {
		return nil, err
	}
	changed, err := changedSince(ctx, q, asOf)
	if err != nil {
		return nil, err
	}
	// The computation outlives a caller who gives up: others may wait for it.
	run := context.WithoutCancel(ctx)
	links := map[string][]string{}
	if changed {
		lk := linkKey{day: day, global: global, counties: len(all)}
		for _, n := range all {
			lk.sum += n
		}
		if links, err = m.links.Get(ctx, lk, func() (map[string][]string, error) { return linkedCounties(run, q, day) }); err != nil {
			return nil, err
		}
	}
	p := s.Prefix()
	var counties []string
	for _, c := range slices.Sorted(maps.Keys(all)) {
		if strings.HasPrefix(c, p) || (len(p) > len(c) && strings.HasPrefix(p, c)) {
			counties = append(counties, c)
		}
	}
	key := func(c string) countyKey {
		k := countyKey{county: c, day: day, global: global, n: all[c], linked: 1}
		for _, l := range links[c] {
			k.n, k.linked = k.n+all[l], k.linked+1
		}
		return k
	}
	bk := blockKey{prefix: p, day: day, global: global}
	for _, c := range counties {
		k := key(c)
		bk.n, bk.counties = bk.n+k.n, bk.counties+k.linked
	}
	d, err := m.blocks.Get(ctx, bk, func() (*SectorDetail, error) {
		if len(p) > 6 && len(counties) == 1 && !m.counties.Has(key(counties[0])) {
			// a region inside a county not remembered: its own rows cost less than the county's
			m.computed.regions.Add(1)
			entries, err := sectorEntries(run, q, s, asOf, changed)
			if err != nil {
				return nil, err
			}
			return newSectorDetail(Sectors{}, entries), nil
		}
		parts, err := m.parts(run, q, s, asOf, changed, counties, key)
		if err != nil {
			return nil, err
		}
		if len(parts) == 1 {
			return newSectorDetail(Sectors{}, within(parts[0], p)), nil
		}
		size := map[string]int{} // a wider region holds its counties whole
		for _, part := range parts {
			for k, es := range part {
				size[k] += len(es)
			}
		}
		entries := make(map[string][]SectorEntry, len(size))
		for k, n := range size {
			entries[k] = make([]SectorEntry, 0, n)
		}
		for _, part := range parts {
			for k, es := range part {
				entries[k] = append(entries[k], es...)
			}
		}
		return newSectorDetail(Sectors{}, entries), nil
	})
	if err != nil {
		return nil, err
	}
	sec := d.Sectors // the Whole figures are 0 here
	if err := WholeSectors(ctx, q, s, day, &sec); err != nil {
		return nil, fmt.Errorf("stats: sectors: %w", err)
	}
	return &SectorDetail{Sectors: sec, Entries: d.Entries, lists: d.lists}, nil
}

// parts is the entries of each of the counties (of the scope s, or holding
// it), those remembered under key and the others computed.
func (m *sectorMemo) parts(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time, changed bool,
	counties []string, key func(string) countyKey) ([]map[string][]SectorEntry, error) {
	parts := make([]map[string][]SectorEntry, len(counties))
	missing := 0
	for _, c := range counties {
		if !m.counties.Has(key(c)) {
			missing++
		}
	}
	if missing > 1 {
		m.computed.scopes.Add(1)
		entries, err := sectorEntries(ctx, q, s, asOf, changed)
		if err != nil {
			return nil, err
		}
		parts = byCounty(entries, counties)
		for i, c := range counties {
			m.counties.Put(key(c), parts[i])
		}
		return parts, nil
	}
	for i, c := range counties {
		var err error
		if parts[i], err = m.counties.Get(ctx, key(c), func() (map[string][]SectorEntry, error) {
			m.computed.counties.Add(1)
			cs, err := store.ScopeOf(regcode.Pad(c))
			if err != nil {
				return nil, fmt.Errorf("stats: change counter of county %q: %w", c, err)
			}
			entries, err := sectorEntries(ctx, q, cs, asOf, changed)
			if err != nil || cs.Prefix() == c {
				return entries, err
			}
			return within(entries, c), nil // a code whose county digits are 00 is a city's: keep the county's villages
		}); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// byCounty splits entries by the counties (sorted codes, none the prefix
// of another) of their villages: the i-th map holds counties[i]'s.
func byCounty(entries map[string][]SectorEntry, counties []string) []map[string][]SectorEntry {
	of := func(village string) int {
		i, found := slices.BinarySearch(counties, village[:min(len(village), 6)])
		if !found || !strings.HasPrefix(village, counties[i]) {
			return -1
		}
		return i
	}
	out := make([]map[string][]SectorEntry, len(counties))
	for i := range out {
		out[i] = map[string][]SectorEntry{}
	}
	for k, es := range entries {
		size := make([]int, len(counties))
		for _, e := range es {
			if i := of(e.Village); i >= 0 {
				size[i]++
			}
		}
		for i, n := range size {
			if n > 0 {
				out[i][k] = make([]SectorEntry, 0, n)
			}
		}
		for _, e := range es {
			if i := of(e.Village); i >= 0 {
				out[i][k] = append(out[i][k], e)
			}
		}
	}
	return out
}

// within is the entries of the villages whose code starts with prefix.
func within(entries map[string][]SectorEntry, prefix string) map[string][]SectorEntry {
	out := map[string][]SectorEntry{}
	for k, es := range entries {
		var kept []SectorEntry
		for _, e := range es {
			if strings.HasPrefix(e.Village, prefix) {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			out[k] = slices.Clip(kept)
		}
	}
	return out
}

// linkedCounties returns, per county, the other counties linked to it on
// day: a household that lay in one county on day and lies in another now
// has its rows counted in the first county's block, but counted changes
// raise the second's counter; its change records after day name both
// (household_deltas: the place it left and the place it came to). Linked
// counties form groups (a county linked to two links them): each county's
// block is remembered under the counters of its whole group.
func linkedCounties(ctx context.Context, q store.Querier, day civil.Date) (map[string][]string, error) {
	group := map[string]string{} // union-find: county → a county of its group
	find := func(c string) string {
		for group[c] != "" && group[c] != c {
			c = group[c]
		}
		return c
	}
	var last int64
	var first string
	err := store.Each(ctx, q, "stats: counties linked after "+day.String(), func(rows store.Scanner) error {
		var hh int64
		var c string
		if err := rows.Scan(&hh, &c); err != nil {
			return err
		}
		if hh != last {
			last, first = hh, c
			return nil
		}
		if a, b := find(first), find(c); a != b {
			if group[a] == "" {
				group[a] = a
			}
			group[b] = a
		}
		return nil
	}, `SELECT DISTINCT household_id, substr(region_code, 1, 6) FROM household_deltas
		WHERE day > ? ORDER BY household_id`, day.String())
	if err != nil {
		return nil, err
	}
	members := map[string][]string{}
	for c := range group {
		r := find(c)
		members[r] = append(members[r], c)
	}
	out := map[string][]string{}
	for _, ms := range members {
		for _, c := range ms {
			for _, o := range ms {
				if o != c {
					out[c] = append(out[c], o)
				}
			}
		}
	}
	return out, nil
}
