package auth

import (
	"strings"
	"sync"
	"time"
)

// Limits configures the login throttle.
type Limits struct {
	AccountFailures int           // failed logins per username within Window before it is locked
	IPFailures      int           // failed logins per client address within Window before it is locked
	Window          time.Duration // failures older than this are forgotten
	Lockout         time.Duration // how long a lock lasts
	MaxEntries      int           // memory bound: usernames and addresses tracked at once
}

// DefaultLimits: 5 failures per account or 20 per address within 15 minutes
// lock that account or address for 15 minutes.
var DefaultLimits = Limits{AccountFailures: 5, IPFailures: 20, Window: 15 * time.Minute,
	Lockout: 15 * time.Minute, MaxEntries: 100_000}

// throttle counts failed logins per username and per address in process
// memory. That is enough for the single fangpin process the project runs; a
// restart forgets the counts, and several processes behind one address would
// each count on their own (the limit then multiplies by their number).
//
// Usernames are counted whether or not they exist, so a lock reveals nothing.
// Memory stays bounded: entries without a lock or a recent failure are pruned
// once a minute, and at MaxEntries unlocked entries are dropped to make room
// (a flood of distinct names can then reset some counts, but never lift a
// lock; locks, five failures each, expire on their own).
type throttle struct {
	l         Limits
	mu        sync.Mutex
	entries   map[string]*tally
	nextPrune time.Time
}

// tally is one username's or address's recent failures.
type tally struct {
	failures    []time.Time // within the window, oldest first
	lockedUntil time.Time
}

// tkey names a counted thing and its limit.
type tkey struct {
	id  string
	max int
}

func newThrottle(l Limits) *throttle {
	return &throttle{l: l, entries: map[string]*tally{}}
}

// keys returns the counters a login attempt touches.
func (t *throttle) keys(username, ip string) []tkey {
	ks := []tkey{{"u:" + strings.ToLower(strings.TrimSpace(username)), t.l.AccountFailures}}
	if ip != "" {
		ks = append(ks, tkey{"ip:" + ip, t.l.IPFailures})
	}
	return ks
}

// locked returns how long the longest lock among keys still lasts (0: none).
func (t *throttle) locked(now time.Time, keys []tkey) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		if e := t.entries[k.id]; e != nil {
			wait = max(wait, e.lockedUntil.Sub(now))
		}
	}
	return wait
}

// fail records a failed attempt and returns the lock it caused (0: none).
func (t *throttle) fail(now time.Time, keys []tkey) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(now, len(keys))
	var wait time.Duration
	for _, k := range keys {
		e := t.entries[k.id]
		if e == nil {
			e = &tally{}
			t.entries[k.id] = e
		}
		wait = max(wait, e.fail(now, k.max, t.l))
	}
	return wait
}

func (e *tally) fail(now time.Time, limit int, l Limits) time.Duration {
	e.forget(now.Add(-l.Window))
	e.failures = append(e.failures, now)
	if len(e.failures) < limit {
		return 0
	}
	e.failures = nil
	e.lockedUntil = now.Add(l.Lockout)
	return l.Lockout
}

// forget drops failures at or before since.
func (e *tally) forget(since time.Time) {
	i := 0
	for i < len(e.failures) && !e.failures[i].After(since) {
		i++
	}
	e.failures = e.failures[i:]
}

// reset clears a username's failures after a successful login. The
// address keeps its count: one good password must not unlock a scan.
func (t *throttle) reset(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, t.keys(username, "")[0].id)
}

// prune drops stale entries once a minute, and unlocked ones as needed to
// leave room for n more within MaxEntries.
func (t *throttle) prune(now time.Time, n int) {
	if now.Before(t.nextPrune) && len(t.entries)+n <= t.l.MaxEntries {
		return
	}
	t.nextPrune = now.Add(time.Minute)
	since := now.Add(-t.l.Window)
	for id, e := range t.entries {
		e.forget(since)
		if len(e.failures) == 0 && !e.lockedUntil.After(now) {
			delete(t.entries, id)
		}
	}
	for id, e := range t.entries {
		if len(t.entries)+n <= t.l.MaxEntries {
			break
		}
		if !e.lockedUntil.After(now) {
			delete(t.entries, id)
		}
	}
}
