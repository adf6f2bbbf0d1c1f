package audit_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)

// clock returns a clock that starts at t0 and moves one minute per reading.
func clock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return t0.Add(time.Duration(n.Add(1)-1) * time.Minute) }
}

var (
	admin  = audit.Actor{UserID: 1, Username: "admin", Role: "admin", IP: "10.0.0.1"}
	cadre  = audit.Actor{UserID: 2, Username: "zhang", Role: "township", IP: "10.0.0.2"}
	system = audit.Actor{Username: "fangpin", Role: "system"}
)

// three appends the entries most tests start from.
func three(t *testing.T, l *audit.Log) {
	t.Helper()
	ctx := context.Background()
	events := []struct {
		a audit.Actor
		e audit.Event
	}{
		{system, audit.Event{Action: "household.import", Entity: "import", Region: "620321000000", Detail: map[string]int{"households": 12}}},
		{admin, audit.Event{Action: "login"}},
		{cadre, audit.Event{Action: "household.view_full_id", Entity: "household", EntityID: "H001", Region: "620321100201"}},
	}
	for _, ev := range events {
		if err := l.Append(audit.WithActor(ctx, ev.a), ev.e); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *store.DB, want int) {
	t.Helper()
	n, err := audit.Verify(context.Background(), db.Reader())
	if err != nil || n != want {
		t.Fatalf("Verify = %d, %v; want %d, nil", n, err, want)
	}
}

func TestAppendChains(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		three(t, audit.New(db).WithClock(clock()))
		verify(t, db, 3)
		es, total, err := audit.Find(context.Background(), db.Reader(), store.ScopeAll(), audit.Filter{})
		if err != nil || total != 3 || len(es) != 3 {
			t.Fatalf("Find = %d entries, total %d, %v", len(es), total, err)
		}
		first, second := es[2], es[1]
		if first.ID != 1 || first.PrevHash != "" || first.UserID != 0 || !first.At.Equal(t0) {
			t.Errorf("first entry = %+v", first)
		}
		if second.PrevHash != first.Hash || es[0].PrevHash != second.Hash || len(first.Hash) != 64 {
			t.Errorf("entries not chained: %+v", es)
		}
		if first.Detail != `{"households":12}` || second.Detail != "" {
			t.Errorf("details %q, %q", first.Detail, second.Detail)
		}
	})
}

func TestRecordCommitsWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if err := audit.Record(audit.WithActor(ctx, admin), tx, audit.Event{Action: "user.create", EntityID: "7"}); err != nil {
				t.Fatal(err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Transact = %v", err)
		}
		verify(t, db, 0)
		if err := audit.Record(audit.WithActor(ctx, admin), db.Writer(), audit.Event{Action: "user.create"}); err != nil {
			t.Fatal(err)
		}
		verify(t, db, 1)
		if err := audit.Record(audit.WithActor(ctx, admin), db.Writer(), audit.Event{}); err == nil {
			t.Error("event without an action recorded")
		}
	})
}

// TestConcurrentAppends appends from 8 goroutines, through Log.Append and
// through Record outside a transaction, and wants a gap-free, valid chain.
func TestConcurrentAppends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := audit.New(db)
		ways := map[string]func(audit.Event) error{
			"Append": func(e audit.Event) error { return l.Append(audit.WithActor(ctx, cadre), e) },
			"Record": func(e audit.Event) error { return audit.Record(audit.WithActor(ctx, cadre), db.Writer(), e) },
		}
		const goroutines, each = 8, 10
		done := 0
		for _, way := range []string{"Append", "Record"} {
			var wg sync.WaitGroup
			errs := make(chan error, goroutines*each)
			for g := range goroutines {
				wg.Go(func() {
					for i := range each {
						errs <- ways[way](audit.Event{Action: "household.view_full_id", EntityID: fmt.Sprint(g, "-", i)})
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("%s: %v", way, err)
				}
			}
			done += goroutines * each
			verify(t, db, done)
		}
		var n, hi int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT count(*), max(id) FROM audit_log").Scan(&n, &hi); err != nil || n != hi || n != int64(done) {
			t.Fatalf("count %d, max id %d, %v; want %d gap-free", n, hi, err, done)
		}
	})
}
