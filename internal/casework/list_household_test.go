package casework

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestListByHousehold: Filter.HouseholdID keeps one household's cases (the
// household page lists them), within the scope.
func TestListByHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h1 := addHousehold(t, db, "6203210001", testkit.VillageA, false)
		h2 := addHousehold(t, db, "6203210002", testkit.VillageA, false)
		a := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: h1}, days(0))
		open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: h2}, days(0))
		open(t, db, NewCase{Region: testkit.VillageA}, days(0))
		b := open(t, db, NewCase{Region: testkit.VillageA, HouseholdID: h1}, days(1))
		cs, total, err := List(ctx, db.Reader(), store.MustScope(testkit.County), Filter{HouseholdID: h1})
		if err != nil || total != 2 || len(cs) != 2 || cs[0].ID != a.ID || cs[1].ID != b.ID {
			t.Fatalf("cases of household 1: %d %v", total, err)
		}
		if _, total, _ := List(ctx, db.Reader(), store.MustScope(testkit.VillageB), Filter{HouseholdID: h1}); total != 0 {
			t.Errorf("another village sees %d cases of the household", total)
		}
	})
}
