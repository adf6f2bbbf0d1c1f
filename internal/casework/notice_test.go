package casework

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fangpin/internal/notify"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// Every source of a case tells its village exactly once, through the
// transaction that opens the case.
func TestOpenNotifiesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addHousehold(t, db, "6203211002010001", testkit.VillageA, false)
		for _, src := range []Source{SourceSelfReport, SourceScreening, SourceWarning} {
			c := open(t, db, NewCase{HouseholdID: hh, Source: src, By: cadreA}, t0)
			if n := testkit.Int(t, db, "SELECT count(*) FROM notifications WHERE case_id = ?", c.ID); n != 1 {
				t.Errorf("%s: %d notifications, want 1", src, n)
			}
			news, err := notify.Feed(context.Background(), db.Reader(), store.MustScope(testkit.VillageA), 0, 1)
			if err != nil || len(news) != 1 {
				t.Fatalf("%s: village sees %v, %v", src, news, err)
			}
			if n := news[0]; n.Kind != notify.KindNew || n.CaseID != c.ID || n.Region != testkit.VillageA ||
				!strings.Contains(n.Message, src.Label()) || !strings.Contains(n.Message, c.AcceptDue) {
				t.Errorf("%s: notification %+v of case %+v", src, n, c)
			}
		}
	})
}

func TestRolledBackCaseNotifiesNoOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		errLater := errors.New("a later step failed")
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if _, err := Open(ctx, tx, store.MustScope(testkit.County), NewCase{Region: testkit.VillageA, HeadName: "张三",
				Source: SourceSelfReport, RiskTypes: []string{"因病"}}, t0, fixed); err != nil {
				return err
			}
			return errLater
		})
		if !errors.Is(err, errLater) {
			t.Fatal(err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM notifications"); n != 0 {
			t.Errorf("%d notifications of a rolled-back case", n)
		}
	})
}

// An elimination proposal comes from the household's own cadres and waits
// for no acceptance: it tells no one.
func TestEliminationNotifiesNoOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addMonitored(t, db, monitored{code: "6203211002010009"})
		if _, _, err := openElim(db, hh, "帮扶消除"); err != nil {
			t.Fatal(err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM notifications"); n != 0 {
			t.Errorf("%d notifications of an elimination case", n)
		}
	})
}

func TestNotifyOverdueOncePerDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		open(t, db, NewCase{Region: testkit.VillageB}, t0)
		late := t0.AddDate(0, 0, 4) // past the acceptance deadline of two working days
		n, err := NotifyOverdue(ctx, db.Writer(), store.ScopeAll(), late)
		if err != nil || n != 2 {
			t.Fatalf("overdue %d: %v", n, err)
		}
		if n, err := NotifyOverdue(ctx, db.Writer(), store.ScopeAll(), late); err != nil || n != 0 {
			t.Fatalf("overdue posted again: %d %v", n, err)
		}
		own, err := notify.Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 0, 10)
		if err != nil || len(own) != 2 || own[0].Kind != notify.KindOverdue || own[0].CaseID != a.ID {
			t.Fatalf("village A sees %+v: %v", own, err)
		}
		if !strings.Contains(own[0].Message, a.AcceptDue) || own[0].Ref != a.AcceptDue {
			t.Errorf("overdue notice %+v of case due %s", own[0], a.AcceptDue)
		}
	})
}

// TestStepsSettleNotifications: once a case is accepted, neither its
// arrival ("待受理") nor its missed acceptance deadline ask for action; a
// decided case asks nothing.
func TestStepsSettleNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		late := t0.AddDate(0, 0, 4)
		if _, err := NotifyOverdue(ctx, db.Writer(), store.ScopeAll(), late); err != nil {
			t.Fatal(err)
		}
		feed := func() []notify.Notification {
			t.Helper()
			ns, err := notify.Feed(ctx, db.Reader(), store.MustScope(testkit.VillageA), 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			return ns
		}
		if ns := feed(); len(ns) != 2 {
			t.Fatalf("before acceptance the village sees %+v", ns)
		}
		must(t, db, townUser, a.ID, ActAccept, nil, late, StateAccepted)
		if ns := feed(); len(ns) != 0 {
			t.Fatalf("after acceptance the village still sees %+v", ns)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM notifications WHERE settled_at IS NOT NULL"); n != 2 {
			t.Errorf("%d notifications settled, want 2", n)
		}
	})
}
