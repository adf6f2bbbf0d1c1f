package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

const goodPass = "Gansu-Jinchang-7x"

// cheap keeps argon2 fast in tests: 64 KiB, one pass.
var cheap = HashParams{Time: 1, Memory: 64, Threads: 1}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a Service on a database holding the regions of testkit.
type fixture struct {
	*Service
	db     *store.DB
	clock  *clock
	hashes atomic.Int64 // argon2 runs
}

func newFixture(t *testing.T, db *store.DB, opts ...Option) *fixture {
	t.Helper()
	testkit.Regions(t, db)
	f := &fixture{db: db, clock: newClock()}
	opts = append([]Option{WithHashParams(cheap), WithClock(f.clock.Now)}, opts...)
	f.Service = NewService(db, opts...)
	f.onHash = func() { f.hashes.Add(1) }
	return f
}

// eachFixture runs fn on a fixture of each engine (storetest.Each).
func eachFixture(t *testing.T, fn func(t *testing.T, ctx context.Context, f *fixture)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, context.Background(), newFixture(t, db)) })
}

// user creates a user with goodPass.
func (f *fixture) user(t *testing.T, name string, role Role, region string) User {
	t.Helper()
	u, err := f.CreateUser(context.Background(), NewUser{Username: name, Role: role, Region: region, Password: goodPass})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return u
}

// wantErr fails unless err matches want (errors.Is), or is nil when want is.
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if want == nil && err != nil || want != nil && !errors.Is(err, want) {
		t.Fatalf("%s: err = %v, want %v", what, err, want)
	}
}
