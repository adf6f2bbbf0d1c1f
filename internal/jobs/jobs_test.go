package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestJobLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id, err := Create(ctx, db.Writer(), "feed.medical", 7, "620300000000")
		if err != nil {
			t.Fatal(err)
		}
		j, err := Find(ctx, db, id)
		if err != nil || j.Status != Queued || j.UserID != 7 || j.Region != "620300000000" || j.Kind != "feed.medical" || j.FinishedAt != "" {
			t.Fatalf("created %+v %v", j, err)
		}
		Progress(ctx, db, id, 10, 100, "读取中")
		Progress(ctx, db, id, 20, 100, "读取中")
		if j, _ := Find(ctx, db, id); j.Status != Running || j.Done != 20 || j.Total != 100 || j.Message != "读取中" {
			t.Errorf("running %+v", j)
		}
		waitStored(t, db, id, 20)
		if err := Finish(ctx, db, id, map[string]int{"rows": 100}, nil); err != nil {
			t.Fatal(err)
		}
		Progress(ctx, db, id, 30, 100, "late") // after the end: never shown as running again
		until(t, "a late report is dropped", func() bool { return lookup(key{db, id}) == nil })
		j, err = Find(ctx, db, id)
		if err != nil || j.Status != Done || string(j.Result) != `{"rows":100}` || j.FinishedAt == "" || j.Done != 20 {
			t.Errorf("done %+v %v", j, err)
		}
		var r map[string]int
		if json.Unmarshal(j.Result, &r) != nil || r["rows"] != 100 {
			t.Errorf("result %s", j.Result)
		}
	})
}

// waitStored waits until the background writer has stored done.
func waitStored(t *testing.T, db *store.DB, id int64, done int) {
	t.Helper()
	until(t, "progress stored", func() bool {
		n := testkit.Int(t, db, "SELECT done FROM jobs WHERE id = ?", id)
		return n == done
	})
}

// until polls cond until it holds. The deadline only guards against a hang:
// how soon the background writer gets to it is no part of the tests.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after a minute", what)
		}
	}
}

func TestJobFailedAndInterrupted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := Create(ctx, db.Writer(), "screen", 0, "")
		b, _ := Create(ctx, db.Writer(), "screen", 0, "")
		var none *struct{ Rows int }
		if err := Finish(ctx, db, a, none, errors.New("磁盘已满")); err != nil {
			t.Fatal(err)
		}
		if j, _ := Find(ctx, db, a); j.Status != Failed || j.Message != "磁盘已满" || j.Result != nil {
			t.Errorf("failed %+v", j)
		}
		if n, err := Interrupted(ctx, db.Writer()); err != nil || n != 1 {
			t.Errorf("interrupted %d %v", n, err)
		}
		if j, _ := Find(ctx, db, b); j.Status != Failed || j.FinishedAt == "" {
			t.Errorf("interrupted %+v", j)
		}
		if _, err := Find(ctx, db, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing job: %v", err)
		}
	})
}

// TestProgressDoesNotWaitForTheWriter: on SQLite a transaction holds the only
// writer connection; Progress must return all the same. The transaction
// stays open until the calls have returned, so calls that waited for the
// writer would never return (the deadline only ends the test).
func TestProgressDoesNotWaitForTheWriter(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	id, _ := Create(ctx, db.Writer(), "feed.death", 0, "")
	returned := make(chan struct{})
	err := db.Transact(ctx, func(tx *store.Tx) error {
		go func() {
			defer close(returned)
			for i := range 1000 {
				Progress(ctx, db, id, i, 1000, "")
			}
		}()
		select {
		case <-returned:
		case <-time.After(time.Minute):
			t.Error("Progress waits for the writer connection the transaction holds")
			return nil
		}
		if j, _ := Find(ctx, db, id); j.Done != 999 {
			t.Errorf("in-memory progress %+v", j)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	<-returned
	if err := Finish(ctx, db, id, nil, nil); err != nil {
		t.Fatal(err)
	}
	if j, _ := Find(ctx, db, id); j.Status != Done || j.Done != 999 {
		t.Errorf("finished %+v", j)
	}
}
