package stats

import (
	"context"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/project"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestSectorsLinkage: the overview's sectors block holds project.FiguresAt
// and LabourAt of its region and as_of (docs/figures.md, "Sectors").
func TestSectorsLinkage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		testkit.Regions(t, db)
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO projects (code, name, year, county_code, villages, region_code, type,
			chain, central_fen, planned_fen, completed_fen, status, created_at, updated_by, updated_at) VALUES
			('P1', '养殖', 2026, '620321000000', '620321100201', '620321100201', '产业发展', '畜', 70, 100, 90, '实施中',
			'2026-01-01T00:00:00Z', 't', 't')`); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			region, day string
			projects    int
		}{{"620321000000", "2026-06-30", 1}, {"620321100202", "2026-06-30", 0}, {"620321000000", "2025-12-31", 0}} {
			o := overviewOn(t, db, c.region, c.day)
			d, _ := civil.ParseISO(c.day)
			want, err := project.FiguresAt(ctx, db.Reader(), store.MustScope(c.region), d)
			if err != nil {
				t.Fatal(err)
			}
			if o.Sectors.Projects != want || want.Projects != c.projects || o.Sectors.Labour != (Labour{}) {
				t.Errorf("%s on %s: %+v, want %+v", c.region, c.day, o.Sectors.Projects, want)
			}
		}
	})
}
