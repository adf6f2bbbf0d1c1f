// Package memo remembers computed results by key, bounded by weight (docs/architecture.md, "Remembered results").
package memo

import (
	"context"
	"errors"
	"sync"
)

// errPanicked is what callers waiting for a computation that panicked get.
var errPanicked = errors.New("memo: the computation panicked")

// Memo remembers the results of a computation by key, of a total weight
// of at most max (the least recently used go first; the newest stays
// whatever its weight). Callers asking for a key being
// computed wait for that computation instead of starting their own; a
// failed computation is not remembered.
type Memo[K comparable, V any] struct {
	mu     sync.Mutex
	max    int
	weigh  func(V) int
	weight int // of the entries computed
	tick   uint64
	m      map[K]*memoEntry[V]
}

type memoEntry[V any] struct {
	done   chan struct{}
	v      V
	err    error
	used   uint64
	weight int
}

func New[K comparable, V any](max int, weigh func(V) int) *Memo[K, V] {
	return &Memo[K, V]{max: max, weigh: weigh, m: map[K]*memoEntry[V]{}}
}

// Get returns the value of k, computing it with compute when it is not
// remembered. A caller waiting for another's computation stops waiting
// when ctx ends.
func (m *Memo[K, V]) Get(ctx context.Context, k K, compute func() (V, error)) (V, error) {
	m.mu.Lock()
	m.tick++
	e, ok := m.m[k]
	if ok {
		e.used = m.tick
		m.mu.Unlock()
		select {
		case <-e.done:
			return e.v, e.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
	e = &memoEntry[V]{done: make(chan struct{}), used: m.tick}
	m.m[k] = e
	m.mu.Unlock()

	finished := false
	defer func() {
		if !finished { // compute panicked: forget k, so that it is not left "being computed" for ever, and let the waiters go
			m.mu.Lock()
			if m.m[k] == e {
				delete(m.m, k)
			}
			m.mu.Unlock()
			e.err = errPanicked
			close(e.done)
		}
	}()
	e.v, e.err = compute()
	finished = true
	m.mu.Lock()
	if m.m[k] == e {
		if e.err != nil {
			delete(m.m, k)
		} else {
			e.weight = m.weigh(e.v)
			m.weight += e.weight
			m.evict(k)
		}
	}
	m.mu.Unlock()
	close(e.done)
	return e.v, e.err
}

// evict drops the least recently used computed entries but keep while
// their weight is over max (m.mu held).
func (m *Memo[K, V]) evict(keep K) {
	for m.weight > m.max {
		var oldest *memoEntry[V]
		var key K
		for k, e := range m.m {
			if k != keep && e.weight > 0 && (oldest == nil || e.used < oldest.used) {
				oldest, key = e, k
			}
		}
		if oldest == nil {
			return
		}
		m.weight -= oldest.weight
		delete(m.m, key)
	}
}

// Has reports whether k is remembered or being computed.
func (m *Memo[K, V]) Has(k K) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.m[k]
	return ok
}

// Put remembers v as k's value unless k is remembered or being computed.
func (m *Memo[K, V]) Put(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.m[k]; ok {
		return
	}
	m.tick++
	e := &memoEntry[V]{done: make(chan struct{}), v: v, used: m.tick, weight: m.weigh(v)}
	close(e.done)
	m.m[k] = e
	m.weight += e.weight
	m.evict(k)
}
