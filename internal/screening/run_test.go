package screening

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// busyWorld fills a database with one household firing each rule.
func busyWorld(t *testing.T, db *store.DB) *world {
	w := newWorld(t, db)
	hh, head := w.family(villageA, 3)
	w.claim(head, 20260301, 2_500_000)
	w.income(hh, 2024, 1_000_000)
	w.income(hh, 2025, 500_000) // a drop, and below the line
	child := w.member(hh, person{birth: "2014-05-01"})
	w.education(child, 20260901, "辍学")
	w.housing(head, 20260301, "D")
	w.disaster(head, 20260701, 1_500_000)
	dead := w.member(hh, person{skill: "技能劳动力", inactive: true})
	w.death(dead, 20260801)
	w.disability(child, 20260401, 1)
	worker := w.member(hh, person{workMonths: 8})
	w.employment(worker, 20260501, "失业")
	return w
}

// TestRunIsIdempotent: a second screen on the same data creates no warning
// and counts the same households; every rule is in the result.
func TestRunIsIdempotent(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		first := w.screen(asOf)
		for _, r := range AllRules {
			if c := first.Rules[r]; c.Households != 1 || c.NewWarnings != 1 {
				t.Errorf("first run, %s: %+v", r, c)
			}
		}
		second := w.screen(asOf)
		for _, r := range AllRules {
			if c := second.Rules[r]; c.Households != 1 || c.NewWarnings != 0 {
				t.Errorf("second run, %s: %+v", r, c)
			}
		}
		if n := w.count("SELECT count(*) FROM warnings"); n != len(AllRules) {
			t.Errorf("%d warnings, want %d", n, len(AllRules))
		}
		if n := w.count("SELECT count(*) FROM screen_runs WHERE finished_at <> '' AND result LIKE '%unmatched_rows%'"); n != 2 {
			t.Errorf("%d runs recorded", n)
		}
		if n := w.count("SELECT count(*) FROM audit_log WHERE action = 'screen.run'"); n != 2 {
			t.Errorf("%d audit entries", n)
		}
	})
}

// TestResultJSON: the shape of screen --json (docs/figures.md).
func TestResultJSON(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	res := w.screen(asOf)
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got["as_of"] != asOf || got["unmatched_rows"] != 0.0 {
		t.Fatalf("result %s", b)
	}
	rules := got["rules"].(map[string]any)
	if len(rules) != 9 {
		t.Fatalf("rules %v", rules)
	}
	for _, r := range AllRules {
		want := map[string]any{"households": 0.0, "new_warnings": 0.0}
		if !reflect.DeepEqual(rules[string(r)], want) {
			t.Errorf("%s: %v", r, rules[string(r)])
		}
	}
}

// TestUnmatchedRows: stored feed rows of every kind whose ID matches nobody
// are counted, after the rematch hook has run.
func TestUnmatchedRows(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		_, head := w.family(villageA, 1)
		w.claim(0, 20260301, 100)
		w.claim(0, 20200301, 100) // outside every window: still unmatched
		w.education(0, 20260301, "在校")
		w.row("feed_civil", 0, "aid_type, amount_fen, start_day", "低保", 100, 20260101)
		w.disability(0, 20260301, 1)
		w.housing(0, 20260301, "D")
		w.disaster(0, 20260301, 100)
		w.employment(0, 20260301, "失业")
		late := w.death(0, 20260301)
		w.claim(head, 20260301, 100) // matched
		if res := w.screen(asOf); res.UnmatchedRows != 9 {
			t.Errorf("unmatched %d, want 9", res.UnmatchedRows)
		}
		rematch := func(ctx context.Context, q store.Querier) (int64, error) {
			r, err := q.ExecContext(ctx, "UPDATE feed_death SET person_id = ? WHERE id = ?", head, late)
			if err != nil {
				return 0, err
			}
			return r.RowsAffected()
		}
		res, err := Run(context.Background(), w.db, Options{AsOf: day(asOf), Scope: store.ScopeAll(), Rematch: rematch})
		if err != nil {
			t.Fatal(err)
		}
		if res.UnmatchedRows != 8 || res.Rematched != 1 {
			t.Errorf("after rematch: unmatched %d, rematched %d", res.UnmatchedRows, res.Rematched)
		}
	})
}

// TestEventPeriod: an event is warned once, though it stays in the window
// of screens in the next calendar year; a new event warns again.
func TestEventPeriod(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		hh, head := w.family(villageA, 2)
		w.disability(head, 20261201, 1)
		if res := w.screen("2026-12-20"); res.Rules[SevereDisability].NewWarnings != 1 {
			t.Fatalf("first: %+v", res.Rules[SevereDisability])
		}
		if res := w.screen("2027-03-01"); res.Rules[SevereDisability] != (RuleCount{Households: 1}) {
			t.Errorf("next year, same certificate: %+v", res.Rules[SevereDisability])
		}
		other := w.member(hh, person{})
		w.disability(other, 20270201, 2)
		if res := w.screen("2027-03-02"); res.Rules[SevereDisability] != (RuleCount{Households: 1, NewWarnings: 1}) {
			t.Errorf("a new certificate: %+v", res.Rules[SevereDisability])
		}
	})
}

// TestRunRequiresScope: the zero scope is refused.
func TestRunRequiresScope(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := Run(context.Background(), db, Options{AsOf: day(asOf)}); err == nil || !strings.Contains(err.Error(), "scope") {
		t.Fatalf("err %v", err)
	}
}
