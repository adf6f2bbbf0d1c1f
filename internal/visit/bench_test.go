package visit_test

import (
	"context"
	"os"
	"testing"

	"fangpin/internal/demo"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/visit"
)

// engines runs fn on a SQLite database and, when FANGPIN_TEST_PG is set,
// on a PostgreSQL one.
func engines(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		if os.Getenv("FANGPIN_TEST_PG") == "" {
			b.Skip("FANGPIN_TEST_PG not set")
		}
		fn(b, storetest.Postgres(b))
	})
}

// BenchmarkMustVisit computes the must-visit list of the worked demo city
// (feeds, warnings and visits loaded) as the pages ask for it: the whole
// city's first page, the due of one page, one group's, and the largest
// village's whole list.
func BenchmarkMustVisit(b *testing.B) {
	if testing.Short() {
		b.Skip("imports and works the whole demo city")
	}
	engines(b, func(b *testing.B, db *store.DB) {
		workedCity(b, db)
		ctx := context.Background()
		city := store.MustScope(demo.CityCode)
		village, n := largestVillage(b, db)
		b.Logf("village %s: %d households", village, n)
		cases := []struct {
			name  string
			scope store.Scope
			f     visit.Filter
		}{
			{"city", city, visit.Filter{}},
			{"city-due", city, visit.Filter{DueOnly: true, Page: 3}},
			{"city-dibao", city, visit.Filter{Group: visit.GroupDibao}},
			{"all", store.ScopeAll(), visit.Filter{PerPage: 500}},
			{"village", store.MustScope(village), visit.Filter{PerPage: 500}},
			{"village-of-city", city, visit.Filter{Region: village, DueOnly: true, PerPage: 500}},
		}
		for _, c := range cases {
			b.Run(c.name, func(b *testing.B) {
				for b.Loop() {
					if _, _, err := visit.MustVisit(ctx, db.Reader(), c.scope, c.f, asOf); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}
