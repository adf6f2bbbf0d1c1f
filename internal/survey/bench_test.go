package survey

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// BenchmarkSurvey writes the city's survey report (figures and DOCX) as of
// today. With FANGPIN_BENCH_SQLITE (a database file, e.g. the scale-24 demo
// city of a million persons, /tmp/fp24/fangpin.db) or FANGPIN_BENCH_PG (a
// database URL) it reads that database and writes nothing to it; else it
// fills a temporary SQLite database with the scale-1 demo city. Target on
// the scale-24 city: ≤ 2 s (docs/survey.md).
func BenchmarkSurvey(b *testing.B) {
	ctx := context.Background()
	var db *store.DB
	url := os.Getenv("FANGPIN_BENCH_SQLITE")
	if url == "" {
		url = os.Getenv("FANGPIN_BENCH_PG")
	}
	asOf := civil.Today().UTC()
	if url != "" {
		var err error
		if db, err = store.Open(ctx, url); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
	} else {
		db = storetest.SQLite(b)
		demoCity(b, db, time.Now().In(civil.Zone))
	}
	for b.Loop() {
		r, err := Build(ctx, db, store.ScopeAll(), demo.CityCode, asOf)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.WriteDOCX(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
