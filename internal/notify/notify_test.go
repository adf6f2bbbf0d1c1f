package notify

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

var day = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// memSender keeps the messages; it refuses every one while down.
type memSender struct {
	sent []string
	down bool
}

func (m *memSender) Send(_ context.Context, region, text string) error {
	if m.down {
		return errors.New("gateway down")
	}
	m.sent = append(m.sent, region+":"+text)
	return nil
}

// post posts n in a transaction of its own that commits unless rollback.
func post(t *testing.T, db *store.DB, n Notification, rollback bool) bool {
	t.Helper()
	var fresh bool
	errRollback := errors.New("rolled back")
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		if fresh, err = Post(context.Background(), tx, n, day); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if err != nil && !(rollback && errors.Is(err, errRollback)) {
		t.Fatal(err)
	}
	return fresh
}

// TestScopeFeedAndPostOnce: a notification is posted once per case and
// kind, and a village sees only its own (its name starts with TestScope so
// that the store's mutation proof runs it).
func TestScopeFeedAndPostOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := Notification{Region: testkit.VillageA, Kind: KindNew, CaseID: 1, Message: "新案件 1"}
		b := Notification{Region: testkit.VillageB, Kind: KindNew, CaseID: 2, Message: "新案件 2"}
		late := Notification{Region: testkit.VillageA, Kind: KindOverdue, CaseID: 1, Ref: "2026-03-04", Message: "案件 1 已超过办理时限"}
		for i, c := range []struct {
			n    Notification
			want bool
		}{{a, true}, {b, true}, {a, false}, {late, true}, {late, false}} {
			if got := post(t, db, c.n, false); got != c.want {
				t.Errorf("post %d: new %v, want %v", i, got, c.want)
			}
		}
		own, err := Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 0, 10)
		if err != nil || len(own) != 2 {
			t.Fatalf("village A sees %d notifications: %v", len(own), err)
		}
		if own[0].Kind != KindOverdue || own[0].Ref != "2026-03-04" || own[1].CaseID != 1 {
			t.Errorf("village A sees %+v", own)
		}
	})
}

func TestDeliverOnlyCommitted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		post(t, db, Notification{Region: testkit.VillageA, Kind: KindNew, CaseID: 1, Message: "一"}, false)
		post(t, db, Notification{Region: testkit.VillageA, Kind: KindNew, CaseID: 2, Message: "二"}, true)
		sms := &memSender{down: true}
		if n, err := Deliver(ctx, db, sms, day); err == nil || n != 0 {
			t.Fatalf("gateway down: sent %d, err %v", n, err)
		}
		sms.down = false // the refused message is tried again
		if n, err := Deliver(ctx, db, sms, day); err != nil || n != 1 {
			t.Fatalf("sent %d: %v", n, err)
		}
		post(t, db, Notification{Region: testkit.VillageB, Kind: KindNew, CaseID: 3, Message: "三"}, false)
		if n, err := Deliver(ctx, db, sms, day); err != nil || n != 1 {
			t.Fatalf("second round sent %d: %v", n, err)
		}
		if want := []string{testkit.VillageA + ":一", testkit.VillageB + ":三"}; !slices.Equal(sms.sent, want) {
			t.Errorf("sent %q, want %q (the rolled-back one never, each once)", sms.sent, want)
		}
	})
}

func TestDeliverMoreThanABatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i := range deliverBatch + 20 {
			if _, err := Post(ctx, db.Writer(), Notification{Region: testkit.VillageA, Kind: KindNew, CaseID: int64(i + 1), Message: "新"}, day); err != nil {
				t.Fatal(err)
			}
		}
		sms := &memSender{}
		if n, err := Deliver(ctx, db, sms, day); err != nil || n != deliverBatch+20 || len(sms.sent) != n {
			t.Fatalf("sent %d (%d messages): %v", n, len(sms.sent), err)
		}
	})
}

// TestSettle: a step on a case settles its arrival once it no longer waits,
// and its overdue notices of deadlines other than the current one.
func TestSettle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, n := range []Notification{{Region: testkit.VillageA, Kind: KindNew, CaseID: 1, Message: "新案件 1"},
			{Region: testkit.VillageA, Kind: KindOverdue, CaseID: 1, Ref: "2026-03-04", Message: "超期 1"},
			{Region: testkit.VillageA, Kind: KindNew, CaseID: 2, Message: "新案件 2"}} {
			post(t, db, n, false)
		}
		left := func() []string {
			t.Helper()
			ns, err := Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range ns {
				out = append(out, n.Message)
			}
			return out
		}
		steps := []struct {
			waiting bool
			due     string
			want    []string
		}{
			{true, "2026-03-04", []string{"新案件 2", "超期 1", "新案件 1"}}, // still waiting, same deadline
			{false, "2026-03-04", []string{"新案件 2", "超期 1"}},         // accepted, still late on the same deadline
			{false, "2026-03-09", []string{"新案件 2"}},                 // the late step taken
		}
		for i, s := range steps {
			if err := Settle(ctx, db.Writer(), 1, s.waiting, s.due, day); err != nil {
				t.Fatal(err)
			}
			if got := left(); !slices.Equal(got, s.want) {
				t.Errorf("step %d: feed %q, want %q", i, got, s.want)
			}
		}
	})
}

// TestScopeMarkRead: a user marks a notification of the scope read, and it
// leaves that user's feed only; a notification outside the scope is not
// found (its name starts with TestScope so that the store's mutation proof
// runs it).
func TestScopeMarkRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for id, name := range map[int64]string{1: "cun_a", 2: "cun_a2"} {
			if _, err := db.Writer().ExecContext(ctx, `INSERT INTO users (id, username, role, region_code, password_hash,
				created_at, updated_at, password_changed_at) VALUES (?, ?, 'village', ?, 'x', 't', 't', 't')`, id, name, testkit.VillageA); err != nil {
				t.Fatal(err)
			}
		}
		post(t, db, Notification{Region: testkit.VillageA, Kind: KindNew, CaseID: 1, Message: "新案件 1"}, false)
		post(t, db, Notification{Region: testkit.VillageB, Kind: KindNew, CaseID: 2, Message: "新案件 2"}, false)
		own, err := Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 1, 10)
		if err != nil || len(own) != 1 {
			t.Fatalf("feed %+v %v", own, err)
		}
		var other int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM notifications WHERE case_id = 2").Scan(&other); err != nil {
			t.Fatal(err)
		}
		if err := MarkRead(ctx, db.Writer(), store.MustScope(testkit.VillageA), other, 1, day); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another village's notification: %v", err)
		}
		for range 2 { // twice: the second changes nothing
			if err := MarkRead(ctx, db.Writer(), store.MustScope(testkit.VillageA), own[0].ID, 1, day); err != nil {
				t.Fatal(err)
			}
		}
		if ns, _ := Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 1, 10); len(ns) != 0 {
			t.Errorf("the reader still sees %+v", ns)
		}
		if ns, _ := Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 2, 10); len(ns) != 1 {
			t.Errorf("another user of the village sees %+v", ns)
		}
	})
}
