package feed

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math/bits"
	"sync"

	"fangpin/internal/store"
)

// indexKey is a keyed index (pii.Keys.Index) decoded from its 32 hex digits:
// half the memory of the string and no pointer for the collector to chase.
type indexKey [16]byte

// parseIndexKey decodes a stored id_idx.
func parseIndexKey(s []byte) (indexKey, bool) {
	var k indexKey
	if len(s) != 32 {
		return k, false
	}
	_, err := hex.Decode(k[:], s)
	return k, err == nil
}

type personEntry struct {
	key indexKey
	id  int64
}

// personIndex finds a registered person's id by the keyed index of their ID
// number. The entries are grouped into buckets by their leading bits (a
// counting sort: the keys are HMAC outputs, so the buckets fill evenly), with
// a table of where each bucket starts. A lookup reads one start and compares
// one or two keys; building it hashes nothing and allocates two arrays, where
// a Go map of millions of entries costs several times the time and memory.
type personIndex struct {
	shift   uint
	starts  []uint32 // bucket b holds entries[starts[b]:starts[b+1]]
	entries []personEntry
}

func (x *personIndex) bucket(k indexKey) uint64 { return binary.BigEndian.Uint64(k[:8]) >> x.shift }

// find returns the id of the person whose ID number has index k.
func (x *personIndex) find(k indexKey) (int64, bool) {
	b := x.bucket(k)
	for _, e := range x.entries[x.starts[b]:x.starts[b+1]] {
		if e.key == k {
			return e.id, true
		}
	}
	return 0, false
}

// newPersonIndex sorts the loaded parts into buckets.
func newPersonIndex(parts [][]personEntry) *personIndex {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	nb := max(1, bits.Len(uint(n))-1) // n/2 to n buckets: one or two entries each
	x := &personIndex{shift: uint(64 - nb), starts: make([]uint32, 1<<nb+1)}
	for _, p := range parts {
		for i := range p {
			x.starts[x.bucket(p[i].key)+1]++
		}
	}
	for b := 1; b < len(x.starts); b++ {
		x.starts[b] += x.starts[b-1]
	}
	next := make([]uint32, 1<<nb)
	copy(next, x.starts)
	x.entries = make([]personEntry, n)
	for _, p := range parts {
		for i := range p {
			b := x.bucket(p[i].key)
			x.entries[next[b]] = p[i]
			next[b]++
		}
	}
	return x
}

// loadRanges split the index space for loading in parallel: the keyed index
// is uniformly distributed, so each range holds about a quarter of the persons.
var loadRanges = [][2]string{{"", "4"}, {"4", "8"}, {"8", "c"}, {"c", "~"}}

// loadPersons reads id_idx → id of every person, left members included: a
// department's row is about the person, whatever household they are in now;
// the screen decides what the row means for a household. The four ranges are
// read two at a time (an index range scan on SQLite).
func loadPersons(ctx context.Context, q store.Querier) (*personIndex, error) {
	parts := make([][]personEntry, len(loadRanges))
	errs := make([]error, len(loadRanges))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, r := range loadRanges {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			parts[i], errs[i] = loadRange(ctx, q, r[0], r[1])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return newPersonIndex(parts), nil
}

func loadRange(ctx context.Context, q store.Querier, lo, hi string) ([]personEntry, error) {
	var out []personEntry
	var e personEntry
	var idx sql.RawBytes
	err := store.Each(ctx, q, "feed: read person index", func(rows store.Scanner) error {
		if err := rows.Scan(&e.id, &idx); err != nil {
			return err
		}
		var ok bool
		if e.key, ok = parseIndexKey(idx); ok {
			out = append(out, e)
		}
		return nil
	}, "SELECT id, id_idx FROM persons WHERE id_idx >= ? AND id_idx < ?", lo, hi)
	if err != nil {
		return nil, err
	}
	return out, nil
}
