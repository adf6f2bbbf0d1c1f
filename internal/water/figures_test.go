package water

import (
	"context"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestScopeFigures: each water figure at its edges — samples from 1 January
// to as_of, a problem open from the day it is reported until the day it is
// resolved, households of the region only.
func TestScopeFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := fixture(t, db)
		schemes(t, db)
		mustImport(t, db, store.ScopeAll(), KindSamples, sampleHead,
			"S1,2025-12-31,合格,", // the year before
			"S1,2026-01-01,合格,", // 1 January counts
			"S1,2026-06-30,不合格,",
			"S1,2026-07-01,合格,", // after as_of
			"S3,2026-03-01,合格,") // village B only
		mustImport(t, db, store.ScopeAll(), KindProblems, problemHead,
			"S1,,走访,停水,2026-06-30,,",           // reported on as_of: open
			"S2,,走访,停水,2026-06-01,2026-06-30,", // resolved on as_of: closed
			"S2,,走访,停水,2026-07-01,,",           // reported after as_of
			"S3,,走访,停水,2026-06-01,2026-07-01,", // resolved after as_of: open, village B only
			",A1,走访,水窖渗漏,2026-06-02,,")         // a household's: not a scheme's
		asOf := civil.FromYMD(2026, 6, 30)
		for _, c := range []struct {
			region string
			want   Figures
		}{
			{villageA, Figures{Schemes: 2, Samples: 2, SamplesQualified: 1, OpenProblems: 2, HouseholdsAffected: 40}},
			{villageB, Figures{Schemes: 2, Samples: 3, SamplesQualified: 2, OpenProblems: 2, HouseholdsAffected: 17}},
			{townA, Figures{Schemes: 3, Samples: 3, SamplesQualified: 2, OpenProblems: 3, HouseholdsAffected: 57}},
			{"620302100201", Figures{}},
		} {
			got, err := FiguresAt(ctx, db.Reader(), store.MustScope(c.region), asOf)
			if err != nil || got != c.want {
				t.Errorf("%s: %v %+v, want %+v", c.region, err, got, c.want)
			}
		}
		// the day before the S2 problem was resolved it is open
		got, _ := FiguresAt(ctx, db.Reader(), store.MustScope(villageA), asOf.AddDays(-1))
		if got.OpenProblems != 2 || got.HouseholdsAffected != 5 || got.Samples != 1 {
			t.Errorf("29 June: %+v", got)
		}
		_ = ids
	})
}
