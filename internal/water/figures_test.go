package water

import (
	"context"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// figures: each water figure at its edges — samples from 1 January to
// as_of, a problem open from the day it is reported until the day it is
// resolved, households of the region only. F1 serves village C (40
// households) and D (10), F2 C only (5), F3 D only (7).
func figures(t *testing.T, db *store.DB) {
	{
		ctx := context.Background()
		mustImport(t, db, store.ScopeAll(), KindSchemes, schemeHead,
			"F1,水厂,集中供水,"+testkit.VillageC+",40,", "F1,水厂,集中供水,"+testkit.VillageD+",10,",
			"F2,水窖,分散供水,"+testkit.VillageC+",5,", "F3,水厂三,集中供水,"+testkit.VillageD+",7,")
		mustImport(t, db, store.ScopeAll(), KindSamples, sampleHead,
			"F1,2025-12-31,合格,", // the year before
			"F1,2026-01-01,合格,", // 1 January counts
			"F1,2026-06-30,不合格,",
			"F1,2026-07-01,合格,", // after as_of
			"F3,2026-03-01,合格,") // village D only
		mustImport(t, db, store.ScopeAll(), KindProblems, problemHead,
			"F1,,走访,停水,2026-06-30,,",           // reported on as_of: open
			"F2,,走访,停水,2026-06-01,2026-06-30,", // resolved on as_of: closed
			"F2,,走访,停水,2026-07-01,,",           // reported after as_of
			"F3,,走访,停水,2026-06-01,2026-07-01,", // resolved after as_of: open, village D only
			",C1,走访,水窖渗漏,2026-06-02,,")         // a household's: not a scheme's
		asOf := civil.FromYMD(2026, 6, 30)
		for _, c := range []struct {
			region string
			want   Figures
		}{
			{testkit.VillageC, Figures{Schemes: 2, Samples: 2, SamplesQualified: 1, OpenProblems: 2, HouseholdsAffected: 40}},
			{testkit.VillageD, Figures{Schemes: 2, Samples: 3, SamplesQualified: 2, OpenProblems: 2, HouseholdsAffected: 17}},
			{testkit.Township2, Figures{Schemes: 3, Samples: 3, SamplesQualified: 2, OpenProblems: 3, HouseholdsAffected: 57}},
			{"620302100201", Figures{}},
		} {
			got, err := FiguresAt(ctx, db.Reader(), store.MustScope(c.region), asOf)
			if err != nil || got != c.want {
				t.Errorf("%s: %v %+v, want %+v", c.region, err, got, c.want)
			}
		}
		// the day before the F2 problem was resolved it is open
		got, _ := FiguresAt(ctx, db.Reader(), store.MustScope(testkit.VillageC), asOf.AddDays(-1))
		if got.OpenProblems != 2 || got.HouseholdsAffected != 5 || got.Samples != 1 {
			t.Errorf("29 June: %+v", got)
		}
	}
}
