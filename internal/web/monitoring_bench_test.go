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
	"fangpin/internal/monitoring"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/visit"
)

// BenchmarkMonitoringPages times the monitoring pages of the demo city
// (scale 1: 168 monitored households among 14,000) as a city user: the
// city's page (figures and the first page of households failing a check),
// the must-visit list, and a monitored household's page.
func BenchmarkMonitoringPages(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "demo.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, civil.Zone)
	if _, err := demo.WriteCSV(f, demo.Config{Seed: 1, Scale: 1, Year: asOf.Year(), AsOf: asOf}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	keys, _ := pii.New(make([]byte, 32))
	if _, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
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
	_, h := asUser(b, Config{DB: db, Keys: keys, Root: demo.CityCode}, "bench", auth.RoleCity, demo.CityCode)
	for _, target := range []string{"/monitoring", "/visits?due=1", "/households/" + items[0].Code} {
		b.Run(target, func(b *testing.B) {
			for b.Loop() {
				if rec := get(b, h, target); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
