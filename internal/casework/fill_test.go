package casework

import (
	"context"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeFillDeadlines: cases opened without a calendar get their
// deadlines from their opening, only inside the scope; an elimination case
// gets no acceptance deadline; NoticeOver turns true once the notice ran.
func TestScopeFillDeadlines(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	mine := open(t, db, NewCase{Region: testkit.VillageA, IDIndex: "idx-a"}, t0)
	theirs := open(t, db, NewCase{Region: testkit.VillageB, IDIndex: "idx-b"}, t0)
	db.Writer().ExecContext(ctx, "UPDATE cases SET accept_due = '', verify_due = '', total_due = ''")
	n, err := FillDeadlines(ctx, db.Writer(), cadreA.Scope(), fixed)
	if err != nil || n != 1 {
		t.Fatalf("filled %d, %v", n, err)
	}
	c, _ := load(ctx, db.Reader(), store.ScopeAll(), mine.ID)
	if c.AcceptDue != mine.AcceptDue || c.TotalDue != mine.TotalDue || c.Due() == "" {
		t.Errorf("own case: %+v, want the deadlines of %+v", c, mine)
	}
	if o, _ := load(ctx, db.Reader(), store.ScopeAll(), theirs.ID); o.TotalDue != "" {
		t.Errorf("a case outside the scope got deadlines: %+v", o)
	}
	if n, err := FillDeadlines(ctx, db.Writer(), cadreA.Scope(), fixed); err != nil || n != 0 {
		t.Errorf("again: %d, %v", n, err)
	}
	c.State, c.NoticeStart = StateNotice, "2026-03-02"
	if c.NoticeOver(time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)) || !c.NoticeOver(time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)) {
		t.Error("NoticeOver: the notice runs NoticeDays")
	}
}

// TestEliminationDeadlines: an elimination case is due like any case.
func TestEliminationDeadlines(t *testing.T) {
	db := storetest.SQLite(t)
	hh := addMonitored(t, db, monitored{code: "6203211002010109"})
	var c Case
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		c, _, err = OpenElimination(context.Background(), tx, cadreA.Scope(), NewElimination{HouseholdID: hh,
			Mode: ModeAssisted, By: cadreA, Deadlines: fixed}, t0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.AcceptDue != "" || c.VerifyDue == "" || c.Due() != c.VerifyDue || !c.Overdue(t0.AddDate(0, 1, 0)) {
		t.Errorf("elimination case deadlines: %+v", c)
	}
}
