package feed

import (
	"crypto/rand"
	"testing"
)

func randomEntries(n int) []personEntry {
	es := make([]personEntry, n)
	for i := range es {
		rand.Read(es[i].key[:])
		es[i].id = int64(i + 1)
	}
	return es
}

func TestPersonIndex(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000, 100_000} {
		es := randomEntries(n)
		x := newPersonIndex([][]personEntry{es[:n/3], es[n/3:]})
		for _, e := range es {
			if id, ok := x.find(e.key); !ok || id != e.id {
				t.Fatalf("n=%d: find %x = %d %v, want %d", n, e.key, id, ok, e.id)
			}
		}
		for _, e := range randomEntries(100) {
			if _, ok := x.find(e.key); ok {
				t.Fatalf("n=%d: found a key never added", n)
			}
		}
	}
}

// BenchmarkPersonIndex builds the index of 3,000,000 persons and looks up
// each of them once, in random order.
func BenchmarkPersonIndex(b *testing.B) {
	es := randomEntries(3_000_000)
	for b.Loop() {
		x := newPersonIndex([][]personEntry{es})
		for i := range es {
			if _, ok := x.find(es[(i*7919)%len(es)].key); !ok {
				b.Fatal("missing")
			}
		}
	}
}
