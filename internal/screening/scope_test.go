package screening

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// The TestScope* tests are what the store's mutant test runs with one scope
// filter dropped at a time: each filter must be caught by one of them.

// TestScopeRunInOneVillage: a screen of village A neither counts nor warns
// a household of village B.
func TestScopeRunInOneVillage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		mine, _ := w.claimantsAB()
		res, err := Run(context.Background(), w.db, Options{AsOf: day(asOf), Scope: cadreA.Scope(), By: cadreA})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Rules[MedicalOOP]; c != (RuleCount{Households: 1, NewWarnings: 1}) {
			t.Errorf("counted %+v", c)
		}
		if got := w.warned(MedicalOOP); len(got) != 1 || got[0] != mine {
			t.Errorf("warned %v", got)
		}
	})
}

// TestScopeWarningsOfAnotherVillage: a warning of village B is not found,
// listed, counted, shown or decided with village A's scope.
func TestScopeWarningsOfAnotherVillage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx, r := context.Background(), w.db.Reader()
		a := cadreA.Scope()
		hA, hB := w.claimantsAB()
		w.screen(asOf)
		mine, theirs := w.warning(hA, MedicalOOP), w.warning(hB, MedicalOOP)
		if _, err := Find(ctx, r, a, theirs.ID); !isNotFound(err) {
			t.Errorf("Find: %v", err)
		}
		if _, err := Find(ctx, r, a, mine.ID); err != nil {
			t.Errorf("Find own: %v", err)
		}
		list, total, err := List(ctx, r, a, Filter{})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != mine.ID {
			t.Errorf("List: %v of %d, %v", list, total, err)
		}
		if _, _, err := List(ctx, r, a, Filter{Region: villageB}); !isNotFound(err) {
			t.Errorf("List of village B: %v", err)
		}
		counts, err := Counts(ctx, r, a, Filter{})
		if err != nil || counts[MedicalOOP][StatusOpen] != 1 {
			t.Errorf("Counts: %v, %v", counts, err)
		}
		if _, err := Evidence(ctx, r, a, theirs); !isNotFound(err) {
			t.Errorf("Evidence: %v", err)
		}
		if _, err := decide(w.db, cadreA, theirs.ID, Decision{Kind: DecideHandled}); !isNotFound(err) {
			t.Errorf("Decide: %v", err)
		}
		if x := w.warning(hB, MedicalOOP); x.Status != StatusOpen {
			t.Errorf("warning of village B changed: %+v", x)
		}
	})
}

// TestScopeListOneVillage: a county's warnings narrowed to village A are
// village A's only, in the list and in the counts.
func TestScopeListOneVillage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx, r := context.Background(), w.db.Reader()
		hA, _ := w.claimantsAB()
		w.screen(asOf)
		mine := w.warning(hA, MedicalOOP)
		f := Filter{Region: villageA}
		list, total, err := List(ctx, r, countyU.Scope(), f)
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != mine.ID {
			t.Errorf("List of village A: %v of %d, %v", list, total, err)
		}
		if counts, err := Counts(ctx, r, countyU.Scope(), f); err != nil || counts[MedicalOOP][StatusOpen] != 1 {
			t.Errorf("Counts of village A: %v, %v", counts, err)
		}
	})
}

func TestScopeRequired(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	var zero store.Scope
	if _, err := Find(ctx, db.Reader(), zero, 1); err == nil {
		t.Error("Find without a scope")
	}
	if _, _, err := List(ctx, db.Reader(), zero, Filter{}); err == nil {
		t.Error("List without a scope")
	}
	if _, err := Counts(ctx, db.Reader(), zero, Filter{}); err == nil {
		t.Error("Counts without a scope")
	}
}

// TestScopeForEach: the whole-list walk of an export keeps to the scope and
// gives List's rows in List's order.
func TestScopeForEach(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		hA, _ := w.claimantsAB()
		w.screen(asOf)
		mine := w.warning(hA, MedicalOOP)
		var got []int64
		err := ForEach(ctx, w.db.Reader(), cadreA.Scope(), Filter{}, func(x Warning) error { got = append(got, x.ID); return nil })
		if err != nil || len(got) != 1 || got[0] != mine.ID {
			t.Errorf("ForEach: %v, %v", got, err)
		}
		if err := ForEach(ctx, w.db.Reader(), cadreA.Scope(), Filter{Region: villageB}, func(Warning) error { return nil }); !isNotFound(err) {
			t.Errorf("foreign region: %v", err)
		}
	})
}
