package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/monitoring"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
	"fangpin/internal/visit"
)

// demoCity stores the demo city (scale 1) in a fresh SQLite database.
func demoCity(b *testing.B) (*store.DB, *pii.Keys) {
	b.Helper()
	ctx := context.Background()
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, civil.Zone)
	db := storetest.SQLite(b)
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "demo.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.WriteCSV(f, demo.Config{Seed: 1, Scale: 1, Year: asOf.Year(), AsOf: asOf}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	keys, _ := pii.New(make([]byte, 32))
	res, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{})
	if err != nil {
		for i, is := range res.Issues {
			if i < 5 {
				b.Log(is)
			}
		}
		b.Fatal(err)
	}
	return db, keys
}

// demoHandler serves the demo city (scale 1) to a city user.
func demoHandler(b *testing.B) http.Handler {
	db, keys := demoCity(b)
	return cityUser(b, db, keys)
}

// cityUser serves db to a user of the demo city.
func cityUser(b *testing.B, db *store.DB, keys *pii.Keys) http.Handler {
	_, h := asUser(b, Config{DB: db, Keys: keys, Root: demo.CityCode}, "bench", auth.RoleCity, demo.CityCode)
	return h
}

// benchPages times each target, a sub-benchmark a page, failing on any
// status but 200.
func benchPages(b *testing.B, h http.Handler, targets ...string) {
	for _, target := range targets {
		b.Run(target, func(b *testing.B) {
			for b.Loop() {
				if rec := get(b, h, target); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkPages times the dashboard of the demo city (its figures and those
// of each county) and the first page of its household list.
func BenchmarkPages(b *testing.B) {
	benchPages(b, demoHandler(b), "/overview?region="+demo.CityCode, "/households?region="+demo.CityCode,
		"/api/v1/stats/overview?region="+demo.CityCode)
}

// BenchmarkMonitoringPages times the monitoring pages of the demo city
// (scale 1: 168 monitored households among 14,000) as a city user: the
// city's page (figures and the first page of households failing a check),
// the must-visit list, and a monitored household's page.
func BenchmarkMonitoringPages(b *testing.B) {
	ctx := context.Background()
	db, keys := demoCity(b)
	if err := monitoring.Seed(ctx, db.Writer()); err != nil {
		b.Fatal(err)
	}
	if err := visit.Seed(ctx, db.Writer()); err != nil {
		b.Fatal(err)
	}
	items, _, err := registry.FindHouseholds(ctx, db.Reader(), keys, store.ScopeAll(), registry.Filter{Monitored: "current", PerPage: 1})
	if err != nil || len(items) == 0 {
		b.Fatalf("no monitored household: %v", err)
	}
	benchPages(b, cityUser(b, db, keys), "/monitoring", "/visits?due=1", "/households/"+items[0].Code)
}

// BenchmarkCityPages walks the pages a city user opens, at city scope, and
// reports each page's time to its first byte beside its whole time (the
// print sheets of the villages' QR codes are streamed), and the time of its
// first request (cold-ms), which computes what later ones find remembered
// (the must-visit list, see visit.Lists). The target is at most 300 ms a
// page on the scale-24 city, 200 ms on the default one (docs/architecture.md,
// "Remembered results").
//
// FANGPIN_BENCH_DATA=DIR (and FANGPIN_BENCH_DB=postgres://…) runs it on the
// city of `fangpin --data DIR demo --scale 24` (see BenchmarkHouseholdExport;
// the pages write audit entries and sessions there, so use a copy):
//
//	FANGPIN_BENCH_DATA=/tmp/fp24-copy go test ./internal/web -run '^$' -bench CityPages -benchtime 5x
func BenchmarkCityPages(b *testing.B) {
	h := exportBenchHandler(b)
	city := "region=" + demo.CityCode
	for _, target := range []string{"/overview?" + city, "/households?" + city, "/monitoring?" + city,
		"/visits?" + city, "/visits?due=1&" + city, "/visits?page=50&" + city, "/cases?" + city, "/warnings?" + city,
		"/qr?" + city, "/qr/sheets?" + city} {
		b.Run(target, func(b *testing.B) {
			serve := func() (first, all time.Duration) {
				w, start := &countingWriter{header: http.Header{}}, time.Now()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
				return w.first.Sub(start), time.Since(start)
			}
			_, cold := serve()
			var first time.Duration
			for b.Loop() {
				f, _ := serve()
				first += f
			}
			b.ReportMetric(cold.Seconds()*1000, "cold-ms")
			b.ReportMetric(first.Seconds()*1000/float64(b.N), "ms-to-first-byte")
		})
	}
}

// BenchmarkVisitsAfterChange times the city's must-visit page right after a
// cadre's change in one village (a member's work months written again),
// each time: the remembered lists re-judge that village alone
// (visit.Lists). It needs a city of its own (FANGPIN_BENCH_DATA, as
// BenchmarkCityPages: a copy):
//
//	FANGPIN_BENCH_DATA=/tmp/fp24-copy go test ./internal/web -run '^$' -bench VisitsAfterChange -benchtime 10x
func BenchmarkVisitsAfterChange(b *testing.B) {
	if os.Getenv("FANGPIN_BENCH_DATA") == "" {
		b.Skip("FANGPIN_BENCH_DATA names no demo city")
	}
	h := exportBenchHandler(b)
	ctx := context.Background()
	dbURL := os.Getenv("FANGPIN_BENCH_DB")
	if dbURL == "" {
		dbURL = filepath.Join(os.Getenv("FANGPIN_BENCH_DATA"), "fangpin.db")
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var person int64
	if err := db.Reader().QueryRowContext(ctx, `SELECT min(id) FROM persons WHERE region_code >= ? AND region_code < ?`,
		demo.CityCode[:4], demo.CityCode[:4]+"~").Scan(&person); err != nil {
		b.Fatal(err)
	}
	target := "/visits?region=" + demo.CityCode
	serve := func() {
		if rec := get(b, h, target); rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	serve() // the whole city judged once
	cpu := testkit.CPUTime()
	for b.Loop() {
		if _, err := db.Writer().ExecContext(ctx, `UPDATE persons SET work_months = work_months WHERE id = ?`, person); err != nil {
			b.Fatal(err)
		}
		serve()
	}
	b.ReportMetric(float64(testkit.CPUTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
