package memo

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMemoPanic: a computation that panics leaves its key free: a caller
// waiting for it gets an error, and the next caller computes again.
func TestMemoPanic(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a key left held would block for ever
	defer cancel()
	m := New[string](5, func(v int) int { return 1 })
	started, release := make(chan struct{}), make(chan struct{})
	waited := make(chan error, 1)
	go func() {
		defer func() { recover() }()
		m.Get(ctx, "k", func() (int, error) { close(started); <-release; panic("broken") })
	}()
	<-started
	go func() { _, err := m.Get(ctx, "k", func() (int, error) { return 0, nil }); waited <- err }()
	for { // the second caller has found the entry once it has counted its use
		m.mu.Lock()
		n := m.tick
		m.mu.Unlock()
		if n == 2 {
			break
		}
		runtime.Gosched()
	}
	close(release)
	if err := <-waited; err == nil {
		t.Error("a caller waiting for a panicked computation got no error")
	}
	if m.Has("k") {
		t.Error("the key of a panicked computation is still held")
	}
	if v, err := m.Get(ctx, "k", func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Errorf("after the panic: %d, %v", v, err)
	}
}

// TestMemo: a value is computed once for concurrent callers, a failure is
// not remembered, and the least recently used values go first once the
// weight is over the bound (the newest stays whatever its weight).
func TestMemo(t *testing.T) {
	ctx := context.Background()
	m := New[string](5, func(v []int) int { return len(v) })
	var calls atomic.Int32
	compute := func(v ...int) func() ([]int, error) {
		return func() ([]int, error) { calls.Add(1); return v, nil }
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := m.Get(ctx, "a", compute(1, 2)); err != nil || len(v) != 2 {
				t.Errorf("a = %v, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("a computed %d times", calls.Load())
	}
	boom := errors.New("boom")
	if _, err := m.Get(ctx, "b", func() ([]int, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	m.Get(ctx, "b", compute(3, 4)) // weight 4: a and b
	m.Get(ctx, "a", compute())     // a used last
	m.Get(ctx, "c", compute(5, 6)) // weight 6: b goes
	if calls.Load() != 3 || m.weight != 4 {
		t.Fatalf("%d computations, weight %d", calls.Load(), m.weight)
	}
	m.Get(ctx, "a", compute())
	m.Get(ctx, "b", compute(3, 4)) // again: c goes (a used since)
	if calls.Load() != 4 || m.m["c"] != nil || m.m["a"] == nil {
		t.Fatalf("%d computations, remembered %v", calls.Load(), m.m)
	}
	m.Get(ctx, "d", compute(1, 2, 3, 4, 5, 6, 7)) // heavier than the bound: only it stays
	if len(m.m) != 1 || m.m["d"] == nil {
		t.Fatalf("remembered %v", m.m)
	}
}
