// Package demotest loads the demo city into a test database the way
// `fangpin demo` starts: the regions, the reference data every start of
// fangpin seeds, and the registry demo.WriteCSV writes, imported as of the
// demo's day.
package demotest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fangpin/internal/demo"
	"fangpin/internal/incomeline"
	"fangpin/internal/monitoring"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/visit"
	"fangpin/internal/workday"
)

// City loads the demo city of cfg into db, its ID numbers sealed with keys.
func City(tb testing.TB, db *store.DB, keys *pii.Keys, cfg demo.Config) {
	tb.Helper()
	ctx := context.Background()
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		tb.Fatal(err)
	}
	for _, seed := range []func(context.Context, store.Querier) error{incomeline.Seed, monitoring.Seed, visit.Seed} {
		if err := seed(ctx, db.Writer()); err != nil {
			tb.Fatal(err)
		}
	}
	if err := workday.Seed(ctx, db); err != nil { // the calendar, as every start of fangpin seeds it
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "demo.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = demo.WriteCSV(f, cfg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
	if res, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{Now: cfg.AsOf}); err != nil {
		tb.Fatal(err, res.Issues)
	}
}
