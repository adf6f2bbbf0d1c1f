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
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// demoHandler serves the demo city (scale 1).
func demoHandler(b *testing.B) http.Handler {
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
	_, h := asUser(b, Config{DB: db, Keys: keys, Root: demo.CityCode}, "bench", auth.RoleCity, demo.CityCode)
	return h
}

// BenchmarkPages times the dashboard of the demo city (its figures and those
// of each county) and the first page of its household list.
func BenchmarkPages(b *testing.B) {
	h := demoHandler(b)
	for _, target := range []string{"/overview?region=" + demo.CityCode, "/households?region=" + demo.CityCode,
		"/api/v1/stats/overview?region=" + demo.CityCode} {
		b.Run(target, func(b *testing.B) {
			for b.Loop() {
				if rec := get(b, h, target); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
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
