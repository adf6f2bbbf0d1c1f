package monitoring

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeMeasureLedger: village A's measure ledger lists village A's two
// measures and not village B's, though all three meet the period.
func TestScopeMeasureLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hhA, _, _, _, _ := bPlan(t, db)
		var got []int64
		err := ForEachMeasure(context.Background(), db.Reader(), cadreA.Scope(), testkit.VillageA, "2026-01-01", "2026-12-31",
			func(r MeasureRow) error { got = append(got, r.HouseholdID); return nil })
		if err != nil || len(got) != 2 || got[0] != hhA || got[1] != hhA {
			t.Errorf("village A's measures by household: %v (want two of %d), %v", got, hhA, err)
		}
	})
}
