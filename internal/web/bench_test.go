package web

import (
	"context"
	"net/http"
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
