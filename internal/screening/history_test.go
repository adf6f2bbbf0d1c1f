package screening

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestHistory: a region's history holds the versions set for it, above it
// and nationally, newest first, and none of another region's.
func TestHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		created := "2025-12-01T00:00:00Z"
		national := setRule(t, db, RuleVersion{Rule: MedicalOOP, EffectiveFrom: "2026-01-01", Enabled: true,
			AmountFen: 3_000_000, Percent: 50, WindowMonths: 12}, created)
		inCounty := setRule(t, db, RuleVersion{Rule: MedicalOOP, Region: county, EffectiveFrom: "2026-02-01", Enabled: true,
			AmountFen: 1_000_000, Percent: 50, WindowMonths: 12}, created)
		later := setRule(t, db, RuleVersion{Rule: MedicalOOP, Region: county, EffectiveFrom: "2026-03-01", Enabled: false}, created)
		other := setRule(t, db, RuleVersion{Rule: MedicalOOP, Region: villageB, EffectiveFrom: "2026-01-01", Enabled: false}, created)
		drop := setRule(t, db, RuleVersion{Rule: IncomeDrop, EffectiveFrom: "2026-01-01", Enabled: true, Percent: 40}, created)
		ctx := context.Background()
		tests := []struct {
			region string
			want   []int64
		}{
			{villageA, []int64{later.ID, inCounty.ID, national.ID, drop.ID}},
			{villageB, []int64{later.ID, inCounty.ID, other.ID, national.ID, drop.ID}},
			{"", []int64{national.ID, drop.ID}},
		}
		for _, tt := range tests {
			got, err := History(ctx, db.Reader(), tt.region)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, len(got))
			for i, v := range got {
				ids[i] = v.ID
			}
			if len(ids) != len(tt.want) {
				t.Errorf("%q: versions %v, want %v", tt.region, ids, tt.want)
				continue
			}
			for i := range ids {
				if ids[i] != tt.want[i] {
					t.Errorf("%q: versions %v, want %v", tt.region, ids, tt.want)
					break
				}
			}
		}
		if got, _ := History(ctx, db.Reader(), villageA); got[0].Enabled || got[1].AmountFen != 1_000_000 {
			t.Errorf("fields not read: %+v", got[:2])
		}
		if _, err := History(ctx, db.Reader(), "62"); err == nil {
			t.Error("a malformed region is accepted")
		}
	})
}
