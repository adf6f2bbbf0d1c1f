package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestThrottleMemoryBound(t *testing.T) {
	l := DefaultLimits
	l.MaxEntries = 100
	th := newThrottle(l)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	locked := th.keys("victim", "")
	for i := 0; i < l.AccountFailures; i++ {
		th.fail(now, locked)
	}
	for i := 0; i < 1000; i++ {
		th.fail(now, th.keys(fmt.Sprintf("flood%d", i), fmt.Sprintf("203.0.113.%d", i%250)))
		if len(th.entries) > l.MaxEntries {
			t.Fatalf("%d entries after %d failures, max %d", len(th.entries), i+1, l.MaxEntries)
		}
	}
	if th.locked(now, locked) != l.Lockout {
		t.Error("the flood lifted a lock")
	}
	th.fail(now.Add(time.Hour), th.keys("late", ""))
	if len(th.entries) != 1 {
		t.Errorf("%d entries an hour later, want 1", len(th.entries))
	}
}

func TestThrottledMinutes(t *testing.T) {
	for d, want := range map[time.Duration]int{0: 1, time.Second: 1, time.Minute: 1, 61 * time.Second: 2, 15 * time.Minute: 15} {
		if got := minutes(d); got != want {
			t.Errorf("Minutes(%v) = %d, want %d", d, got, want)
		}
	}
}
