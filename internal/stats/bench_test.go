package stats

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"fangpin/internal/demo"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// demoDB fills db with the demo city at FANGPIN_BENCH_SCALE (default 24:
// about a million persons).
func demoDB(b *testing.B, db *store.DB) {
	b.Helper()
	scale := 24
	if s, err := strconv.Atoi(os.Getenv("FANGPIN_BENCH_SCALE")); err == nil && s > 0 {
		scale = s
	}
	ctx := context.Background()
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "h.csv")
	f, _ := os.Create(path)
	now := date("2026-11-28")
	if _, err := demo.WriteCSV(f, demo.Config{Seed: 1, Scale: scale, Year: 2026, AsOf: now}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	keys, _ := pii.New(make([]byte, 32))
	if res, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{Now: now}); err != nil {
		b.Fatal(err, res.Issues)
	}
}

func benchOverview(b *testing.B, db *store.DB) {
	demoDB(b, db)
	ctx := context.Background()
	asOf := date("2026-11-28")
	o, err := Compute(ctx, db, store.ScopeAll(), demo.CityCode, asOf) // warm the cache
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d households, %d persons", o.Households.Total, o.Persons.Total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Compute(ctx, db, store.ScopeAll(), demo.CityCode, asOf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/overview")
}

// BenchmarkOverviewSQLite times the city overview on the demo city.
func BenchmarkOverviewSQLite(b *testing.B) { benchOverview(b, storetest.SQLite(b)) }

// BenchmarkOverviewPostgres does the same on PostgreSQL.
func BenchmarkOverviewPostgres(b *testing.B) {
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		b.Skip("FANGPIN_TEST_PG not set")
	}
	benchOverview(b, storetest.Postgres(b))
}
