package stats

import (
	"context"
	"encoding/csv"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
	"weak"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// The benchmark's days: the demo city is imported on benchFirst, imported
// again with a year's worth of changes on benchSecond (demoChanges), and the
// overview is asked as of benchToday and a year back.
var (
	benchFirst  = time.Date(2026, 11, 28, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	benchSecond = time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
)

const (
	benchToday    = "2026-12-01"
	benchYearBack = "2025-12-01"
)

// benchDB returns the benchmark's database of the given engine: the file
// (SQLite) or database URL (PostgreSQL) named by FANGPIN_BENCH_SQLITE or
// FANGPIN_BENCH_PG when set, kept between runs and filled the first time,
// else a temporary one filled now. Filling the demo city at
// FANGPIN_BENCH_SCALE (default 24: about a million persons) takes minutes.
func benchDB(b *testing.B, engine string) *store.DB {
	b.Helper()
	env := map[string]string{"sqlite": "FANGPIN_BENCH_SQLITE", "postgres": "FANGPIN_BENCH_PG"}[engine]
	var db *store.DB
	if url := os.Getenv(env); url != "" {
		ctx := context.Background()
		var err error
		if db, err = store.Open(ctx, url); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
	} else if engine == "sqlite" {
		db = storetest.SQLite(b)
	} else {
		db = storetest.Postgres(b)
	}
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM households").Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		demoDB(b, db)
	}
	return db
}

// demoDB fills db with the demo city at FANGPIN_BENCH_SCALE (default 24:
// about a million persons), imported on benchFirst, and imports it again on
// benchSecond with the changes of demoChanges.
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
	cfg := demo.Config{Seed: 1, Scale: scale, Year: 2026, AsOf: date("2026-11-28")}
	keys, _ := pii.New(make([]byte, 32))
	for _, run := range []struct {
		now    time.Time
		change bool
	}{{benchFirst, false}, {benchSecond, true}} {
		path := filepath.Join(b.TempDir(), "h.csv")
		if err := writeDemo(path, cfg, run.change); err != nil {
			b.Fatal(err)
		}
		res, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{Now: run.now})
		if err != nil {
			b.Fatal(err, res.Issues)
		}
		os.Remove(path)
		b.Logf("import on %s: %d households (%d changed), %d persons left", run.now.Format("2006-01-02"),
			res.Households, res.HouseholdsUpdated, res.PersonsLeft)
	}
}

// writeDemo writes the demo city as a CSV file, with demoChanges applied
// when change is set.
func writeDemo(path string, cfg demo.Config, change bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write(demo.Header)
	c := &demoChanges{}
	if _, err := demo.Generate(cfg, func(row []string) error {
		if change {
			row = c.apply(row)
		}
		if row != nil {
			return w.Write(row)
		}
		return nil
	}); err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}

// demoChanges turns the demo city into the same city some time later, by
// household (chosen by a hash of its code): a member other than the head
// leaves 1 household in 25, 1 in 200 moves to the village listed before
// its own, 1 in 100 households never monitored changes type, and 1 in 3
// monitored households is eliminated in December.
type demoChanges struct {
	code, village, previous string
	kind                    uint32
	left                    bool // a member of this household has left
}

func (c *demoChanges) apply(row []string) []string {
	const colVillage, colCode, colType, colRelation = 0, 1, 2, 6
	const colCategory, colEliminated, colMode, colMonth, colRemarked = 21, 23, 24, 25, 26
	if row[colCode] != c.code {
		if row[colVillage] != c.village {
			c.previous, c.village = c.village, row[colVillage]
		}
		h := fnv.New32a()
		h.Write([]byte(row[colCode]))
		c.code, c.kind, c.left = row[colCode], h.Sum32()%600, false
	} else if c.kind%25 == 0 && !c.left && row[colRelation] != "户主" {
		c.left = true
		return nil
	}
	if c.kind%200 == 7 && c.previous != "" {
		row[colVillage] = c.previous
	}
	switch {
	case c.kind%100 == 3 && row[colCategory] == "":
		row[colType] = map[string]string{"脱贫户": "一般农户", "一般农户": "脱贫户"}[row[colType]]
	case c.kind%3 == 1 && row[colCategory] != "" && row[colEliminated] == "否":
		row[colEliminated], row[colMode], row[colMonth], row[colRemarked] = "是", "帮扶消除", "202612", ""
	}
	return row
}

// BenchmarkOverview times the overview of the demo city and of its largest
// township, as of benchToday and a year back, on each engine
// (FANGPIN_TEST_PG or FANGPIN_BENCH_PG for PostgreSQL).
func BenchmarkOverview(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			if engine == "postgres" && os.Getenv("FANGPIN_TEST_PG") == "" && os.Getenv("FANGPIN_BENCH_PG") == "" {
				b.Skip("FANGPIN_TEST_PG not set")
			}
			benchOverview(b, benchDB(b, engine))
		})
	}
}

func benchOverview(b *testing.B, db *store.DB) {
	ctx := context.Background()
	var town string
	if err := db.Reader().QueryRowContext(ctx, `SELECT substr(region_code, 1, 9) || '000' FROM village_stats
		GROUP BY substr(region_code, 1, 9) ORDER BY sum(members) DESC LIMIT 1`).Scan(&town); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, region, day string }{
		{"city/today", demo.CityCode, benchToday}, {"city/year-back", demo.CityCode, benchYearBack},
		{"township/today", town, benchToday}, {"township/year-back", town, benchYearBack},
	} {
		b.Run(c.name, func(b *testing.B) {
			o, err := Compute(ctx, db, store.ScopeAll(), c.region, date(c.day)) // warm the cache
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s as of %s: %d households, %d persons, %d monitored", o.Region.Name, c.day,
				o.Households.Total, o.Persons.Total, o.Monitoring.Cumulative.Households)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Compute(ctx, db, store.ScopeAll(), c.region, date(c.day)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/overview")
		})
	}
}

// BenchmarkSectors times the overview's sectors block of a whole demo city
// as of today (FANGPIN_BENCH_AS_OF to change it; FANGPIN_BENCH_REGION for
// another region) on the SQLite database FANGPIN_BENCH_SECTORS: a copy of
// a demo data directory's fangpin.db, migrated (the benchmark writes
// nothing but with FANGPIN_BENCH_CHANGE). The first call computes every
// county (cpu-ms/first); the operations after it are served from the
// remembered block (cpu-ms/op) — or, with FANGPIN_BENCH_CHANGE=1, each
// follows a change to one household of the city's first village (an UPDATE
// its county's counter counts), so that county is computed again; with
// FANGPIN_BENCH_COLD=1 each forgets what was remembered first. Skipped
// without a database. The database is built by
//
//	export FANGPIN_KEY=$(printf 'fangpin bench key, not a secret!' | base64 -w0)
//	fangpin --data D demo --scale 24
//	go run ./internal/stats/benchdb -scale 24 -out F   # the demo's feeds, KIND.csv
//	for k in medical education civil disability housing disaster employment death insurance doctor; do
//	  fangpin --data D import feed $k F/$k.csv; done
//	fangpin --data D retrofit import F/retrofit.csv
func BenchmarkSectors(b *testing.B) {
	path := os.Getenv("FANGPIN_BENCH_SECTORS")
	if path == "" {
		b.Skip("FANGPIN_BENCH_SECTORS names no database")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	asOf := civil.Today().Time()
	if s := os.Getenv("FANGPIN_BENCH_AS_OF"); s != "" {
		asOf = date(s)
	}
	code, err := DefaultRegion(ctx, db.Reader(), store.ScopeAll())
	if err != nil {
		b.Fatal(err)
	}
	if r := os.Getenv("FANGPIN_BENCH_REGION"); r != "" {
		code = r
	}
	var hh int64
	change := os.Getenv("FANGPIN_BENCH_CHANGE") == "1"
	if change {
		if err := db.Reader().QueryRowContext(ctx, "SELECT min(id) FROM households WHERE region_code = (SELECT min(region_code) FROM households)").Scan(&hh); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() // on a shared machine the process's CPU time says more than the wall clock
	s, err := ComputeSectors(ctx, db, store.ScopeAll(), code, asOf)
	if err != nil {
		b.Fatal(err)
	}
	first := cpuTime() - cpu
	cold := os.Getenv("FANGPIN_BENCH_COLD") == "1"
	cpu = cpuTime()
	for b.Loop() {
		if cold {
			forgetSectors(db)
		}
		if change {
			if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET members = members WHERE id = ?", hh); err != nil {
				b.Fatal(err)
			}
		}
		if s, err = ComputeSectors(ctx, db, store.ScopeAll(), code, asOf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(first.Milliseconds()), "cpu-ms/first")
	b.Logf("%s as of %s: %+v", code, asOf.Format(time.DateOnly), *s)
	if d, err := ComputeSectorDetail(ctx, db, store.ScopeAll(), code, asOf); err == nil { // remembered
		n := 0
		for _, es := range d.Entries {
			n += len(es)
		}
		b.Logf("%d entries", n)
	}
}

// forgetSectors drops what is remembered of db's sectors (benchmarks of
// the computation).
func forgetSectors(db *store.DB) {
	sectorMemos.Lock()
	delete(sectorMemos.m, weak.Make(db))
	sectorMemos.Unlock()
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
