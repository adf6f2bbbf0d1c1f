package registry

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"fangpin/internal/demo"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// benchScale is the demo scale of the import benchmark: 24 gives about one
// million persons. FANGPIN_BENCH_SCALE overrides it.
func benchScale() int {
	if s, err := strconv.Atoi(os.Getenv("FANGPIN_BENCH_SCALE")); err == nil && s > 0 {
		return s
	}
	return 24
}

// demoCSV writes the demo city at the benchmark scale to a file once per run.
func demoCSV(b *testing.B) (string, demo.Summary) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "households.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	sum, err := demo.WriteCSV(f, demo.Config{Seed: 1, Scale: benchScale(), Year: 2026, AsOf: now})
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	return path, sum
}

func benchImport(b *testing.B, open func(testing.TB) *store.DB) {
	path, sum := demoCSV(b)
	b.Logf("%d households, %d persons", sum.Households, sum.Persons)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := open(b)
		if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := NewImporter(db, testkit.Keys(b), store.ScopeAll()).ImportFile(ctx, path,
			ImportOptions{Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err, res.Issues[:min(5, len(res.Issues))])
		}
		if res.PersonsInserted != sum.Persons {
			b.Fatalf("imported %d persons of %d", res.PersonsInserted, sum.Persons)
		}
		b.ReportMetric(float64(sum.Persons)/b.Elapsed().Seconds()*float64(i+1), "persons/s")
	}
}

// BenchmarkImportSQLite imports the demo city (about 1,000,000 persons at the
// default scale) into a new SQLite file.
func BenchmarkImportSQLite(b *testing.B) { benchImport(b, storetest.SQLite) }

// BenchmarkImportPostgres does the same on PostgreSQL (FANGPIN_TEST_PG).
func BenchmarkImportPostgres(b *testing.B) {
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		b.Skip("FANGPIN_TEST_PG not set")
	}
	benchImport(b, storetest.Postgres)
}
