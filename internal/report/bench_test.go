package report

import (
	"context"
	"os"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// BenchmarkDashboard… compute the dashboard of the scale-24 demo city (a
// million persons) in the SQLite database named by FANGPIN_BENCH_SQLITE (a
// copy of /tmp/fp24/fangpin.db: it is migrated), or
// FANGPIN_BENCH_PG; skipped without one. Run once, e.g.
//
//	FANGPIN_BENCH_SQLITE=/tmp/dash24/fangpin.db go test -run - -bench Dashboard -benchtime 10x ./internal/report/
//
// Beside the wall time per dashboard each reports the process's CPU time
// per dashboard (cpu-ms/op), which a loaded machine disturbs less.
func BenchmarkDashboardCityToday(b *testing.B)        { benchDashboard(b, benchCity, 0) }
func BenchmarkDashboardCityYearBack(b *testing.B)     { benchDashboard(b, benchCity, -1) }
func BenchmarkDashboardTownshipToday(b *testing.B)    { benchDashboard(b, benchTownship, 0) }
func BenchmarkDashboardTownshipYearBack(b *testing.B) { benchDashboard(b, benchTownship, -1) }

const (
	benchCity     = "620300000000" // 金昌市, the demo city
	benchTownship = "620302100000" // its largest township
)

func benchDashboard(b *testing.B, code string, years int) {
	url := os.Getenv("FANGPIN_BENCH_SQLITE")
	if url == "" {
		url = os.Getenv("FANGPIN_BENCH_PG")
	}
	if url == "" {
		b.Skip("FANGPIN_BENCH_SQLITE or FANGPIN_BENCH_PG names the demo city's database")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	today := civil.Today()
	day := civil.FromYMD(today.Year()+years, today.UTC().Month(), today.Day())
	if _, err := Dashboard(ctx, db, store.ScopeAll(), code, day); err != nil { // warm
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := testkit.CPUTime()
	for i := 0; i < b.N; i++ {
		if _, err := Dashboard(ctx, db, store.ScopeAll(), code, day); err != nil {
			b.Fatal(err)
		}
	}
	// the process's CPU time per dashboard: on a shared machine the wall
	// time grows with the load, this far less
	b.ReportMetric(float64(testkit.CPUTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
