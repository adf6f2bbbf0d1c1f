package memo

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

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
