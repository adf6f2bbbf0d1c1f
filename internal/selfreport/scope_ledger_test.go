package selfreport

import (
	"context"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestScopeLedger: village A's self-report ledger lists village A's report
// and not village B's, received the same day.
func TestScopeLedger(t *testing.T) {
	db := storetest.SQLite(t)
	s, tokA := setup(t, db)
	ctx := context.Background()
	const villageA, villageB = "620321100201", "620321100202"
	tokB, err := s.VillageToken(ctx, store.ScopeAll(), villageB)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := s.Submit(ctx, valid(tokA, 51))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, valid(tokB, 52)); err != nil {
		t.Fatal(err)
	}
	var got []string
	day := civil.DateOf(s.now())
	err = ForEach(ctx, db.Reader(), nil, store.MustScope(villageA), villageA, day, day, false,
		func(e Entry) error { got = append(got, e.Receipt+" "+e.Region); return nil })
	if want := mine.Code + " " + villageA; err != nil || len(got) != 1 || got[0] != want {
		t.Errorf("village A's ledger: %v (want [%s]), %v", got, want, err)
	}
}
