package selfreport

import (
	"sync"
	"time"

	"fangpin/internal/fault"
)

// tooMany tells the family when they may try again (fault.RateLimited).
func tooMany(retry time.Duration) *fault.Error {
	m := int(retry.Minutes()) + 1
	return fault.Limited(retry, fault.T("提交次数太多了，请%d分钟后再试；如情况紧急，请直接联系村干部",
		"Too many reports: please try again in %d minutes. If it is urgent, call your village cadres directly", m))
}

// limiter counts events per key in fixed windows, in memory (one process).
type limiter struct {
	mu     sync.Mutex
	counts map[string]*window
	pruned time.Time
}

type window struct {
	start time.Time
	n     int
}

func newLimiter() *limiter { return &limiter{counts: map[string]*window{}} }

// allow counts one event for key and refuses it past max per period.
func (l *limiter) allow(key string, max int, period time.Duration, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.pruned) > time.Minute {
		l.prune(now)
	}
	w := l.counts[key]
	if w == nil || now.Sub(w.start) >= period {
		w = &window{start: now}
		l.counts[key] = w
	}
	if w.n >= max {
		return tooMany(period - now.Sub(w.start))
	}
	w.n++
	return nil
}

func (l *limiter) prune(now time.Time) {
	l.pruned = now
	for k, w := range l.counts {
		if now.Sub(w.start) > 24*time.Hour {
			delete(l.counts, k)
		}
	}
}
