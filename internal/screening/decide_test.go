package screening

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

var fixedDays = casework.FixedDays{casework.StepAccept: 2, casework.StepVerify: 5, casework.StepTotal: 15}

// decide runs Decide in a transaction of its own.
func decide(db *store.DB, u auth.User, id int64, d Decision) (Warning, error) {
	var out Warning
	d.Now, d.Deadlines = day("2026-11-29"), fixedDays
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = Decide(context.Background(), tx, u.Scope(), u, id, d)
		return err
	})
	return out, err
}

func TestDecideOpenCase(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		w.screen(asOf)
		hh := w.warned(MedicalOOP)[0]
		x := w.warning(hh, MedicalOOP)
		got, err := decide(w.db, cadreA, x.ID, Decision{Kind: DecideOpenCase, Reason: "入户核实"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != StatusCase || got.CaseID == 0 || got.Decision != DecideOpenCase || got.DecidedBy != "cun_a" ||
			got.DecidedAt == "" {
			t.Fatalf("warning %+v", got)
		}
		c, _, err := casework.Find(context.Background(), w.db.Reader(), cadreA.Scope(), got.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Source != casework.SourceWarning || c.SourceRef != "warning:"+strconv.FormatInt(x.ID, 10) ||
			c.HouseholdID != hh || len(c.RiskTypes) != 1 || c.RiskTypes[0] != "因病" || c.HeadName != "张三" ||
			c.Region != villageA || c.AcceptDue != "2026-12-01" {
			t.Errorf("case %+v", c)
		}
		if _, err := decide(w.db, cadreA, x.ID, Decision{Kind: DecideHandled}); !isConflict(err) {
			t.Errorf("decided twice: %v", err)
		}
		if n := w.count("SELECT count(*) FROM audit_log WHERE action = 'warning.decide'"); n != 1 {
			t.Errorf("%d audit entries", n)
		}
	})
}

func TestDecideOthers(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		w.screen(asOf)
		hh := w.warned(Dropout)[0]
		drop, house := w.warning(hh, Dropout), w.warning(hh, UnsafeHouse)
		if _, err := decide(w.db, cadreA, drop.ID, Decision{Kind: DecideNotRisk, Reason: "  "}); !fault.InvalidOn(err, "reason") {
			t.Errorf("not_risk without a reason: %v", err)
		}
		if _, err := decide(w.db, cadreA, drop.ID, Decision{Kind: "maybe"}); !fault.InvalidOn(err, "decision") {
			t.Errorf("unknown decision: %v", err)
		}
		if _, err := decide(w.db, viewer, drop.ID, Decision{Kind: DecideHandled}); fault.KindOf(err) != fault.Forbidden {
			t.Errorf("viewer decided: %v", err)
		}
		got, err := decide(w.db, countyU, drop.ID, Decision{Kind: DecideNotRisk, Reason: "已复学"})
		if err != nil || got.Status != StatusDismissed || got.Reason != "已复学" || got.CaseID != 0 {
			t.Errorf("not_risk: %+v %v", got, err)
		}
		got, err = decide(w.db, cadreA, house.ID, Decision{Kind: DecideHandled})
		if err != nil || got.Status != StatusHandled {
			t.Errorf("handled: %+v %v", got, err)
		}
		if n := w.count("SELECT count(*) FROM cases"); n != 0 {
			t.Errorf("%d cases opened", n)
		}
	})
}

func isConflict(err error) bool { return fault.KindOf(err) == fault.Conflict }

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
