package screening

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"fangpin/internal/store"
)

// The benchmarks screen a generated city of benchSize() persons with as
// many medical claims (genCity). Generating 3,000,000 persons takes minutes;
// FANGPIN_BENCH_DB=PATH keeps the SQLite city in PATH and reuses it. The
// PostgreSQL variants run when FANGPIN_TEST_PG is set, in a database
// fangpin_bench_screen created afresh and dropped at the end.
//
//	go test ./internal/screening -run XXX -bench Screen -benchtime 3x

var (
	benchOnce sync.Map // dialect → *benchCity
	dropAtEnd []func()
)

type benchCity struct {
	once sync.Once
	db   *store.DB
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range dropAtEnd {
		f()
	}
	os.Exit(code)
}

// city returns the generated database of a dialect, made once per process.
func city(b *testing.B, dialect store.Dialect) *store.DB {
	b.Helper()
	if dialect == store.Postgres && os.Getenv("FANGPIN_TEST_PG") == "" {
		b.Skip("FANGPIN_TEST_PG not set")
	}
	v, _ := benchOnce.LoadOrStore(dialect, &benchCity{})
	c := v.(*benchCity)
	c.once.Do(func() { c.db, c.err = openCity(b, dialect) })
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c.db
}

func openCity(b *testing.B, dialect store.Dialect) (*store.DB, error) {
	ctx := context.Background()
	dbURL, fresh := "", true
	if dialect == store.Postgres {
		var err error
		if dbURL, err = benchPG(); err != nil {
			return nil, err
		}
	} else if dbURL = os.Getenv("FANGPIN_BENCH_DB"); dbURL != "" {
		_, err := os.Stat(dbURL)
		fresh = err != nil
	} else {
		dir, err := os.MkdirTemp("", "screenbench")
		if err != nil {
			return nil, err
		}
		dropAtEnd = append(dropAtEnd, func() { os.RemoveAll(dir) })
		dbURL = filepath.Join(dir, "fangpin.db")
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if fresh {
		t0 := time.Now()
		genCity(b, db, benchSize())
		b.Logf("%s: generated %d persons and claims in %v", dialect, benchSize(), time.Since(t0).Round(time.Second))
	}
	return db, nil
}

// benchPG creates the benchmark's PostgreSQL database and returns its URL.
func benchPG() (string, error) {
	dsn := os.Getenv("FANGPIN_TEST_PG")
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	const name = "fangpin_bench_screen"
	admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return "", err
	}
	dropAtEnd = append(dropAtEnd, func() {
		if a, err := sql.Open("pgx", dsn); err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// BenchmarkScreen times a whole screen (rematch hook aside) on the
// generated city: the first run, which stores the warnings, and then the
// repeated runs, which find every warning stored. It reports the peak
// resident memory of the process (ru_maxrss; with a reused
// FANGPIN_BENCH_DB it is the screen's own).
func BenchmarkScreen(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := city(b, d)
			ctx := context.Background()
			for _, t := range []string{"warning_files", "warnings", "screen_runs"} {
				if _, err := db.Writer().ExecContext(ctx, "DELETE FROM "+t); err != nil {
					b.Fatal(err)
				}
			}
			opt := Options{AsOf: day("2026-11-28"), Scope: store.ScopeAll()}
			t0 := time.Now()
			res, err := Run(ctx, db, opt)
			if err != nil {
				b.Fatal(err)
			}
			first := time.Since(t0)
			c0 := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Run(ctx, db, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/screen")
			b.ReportMetric(first.Seconds(), "s/first-run")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/screen")
			b.ReportMetric(float64(maxRSS())/(1<<20), "MiB-peak-rss")
			b.Logf("%s: %+v unmatched %d", d, res.Rules, res.UnmatchedRows)
		})
	}
}

// medicalSQL is medical_oop as one SQL statement, for comparison: the
// households whose current members' 个人自付 in the window exceeds 20,000 元
// or half the annual income.
const medicalSQL = `WITH s AS (
	SELECT p.household_id AS h, sum(m.oop_fen) AS oop FROM feed_medical m JOIN persons p ON p.id = m.person_id
	WHERE p.active = 1 AND m.settled > ? AND m.settled <= ? GROUP BY p.household_id),
inc AS (SELECT i.household_id AS h, i.per_capita_fen AS fen FROM household_incomes i JOIN s ON s.h = i.household_id
	WHERE i.year = (SELECT max(j.year) FROM household_incomes j WHERE j.household_id = i.household_id AND j.year <= ?)),
mem AS (SELECT p.household_id AS h, count(*) AS n FROM persons p JOIN s ON s.h = p.household_id
	WHERE p.active = 1 GROUP BY p.household_id)
SELECT count(*) FROM s LEFT JOIN inc ON inc.h = s.h LEFT JOIN mem ON mem.h = s.h
WHERE s.oop > 2000000 OR inc.fen IS NOT NULL AND 2 * s.oop > inc.fen * mem.n`

// BenchmarkScreenMedicalSQL times medicalSQL on the generated city and
// checks that it finds the households the screen finds.
func BenchmarkScreenMedicalSQL(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := city(b, d)
			ctx := context.Background()
			res, err := Run(ctx, db, Options{AsOf: day("2026-11-28"), Scope: store.ScopeAll()})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				var n int
				if err := db.Reader().QueryRowContext(ctx, medicalSQL, 20251128, 20261128, 2026).Scan(&n); err != nil {
					b.Fatal(err)
				}
				if n != res.Rules[MedicalOOP].Households {
					b.Fatalf("SQL finds %d households, the screen %d", n, res.Rules[MedicalOOP].Households)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/query")
		})
	}
}

// maxRSS is the peak resident memory of the process in bytes.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024
}

// cpuTime is the processor time the process used so far (user and system):
// on a shared machine a fairer measure than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkScreenPhases times the three phases of a repeated screen —
// load, the split into counties, evaluate and store county by county — in
// wall and processor time.
func BenchmarkScreenPhases(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := city(b, d)
			ctx := context.Background()
			opt := Options{AsOf: day("2026-11-28"), Scope: store.ScopeAll(), Now: time.Now}
			if _, err := Run(ctx, db, opt); err != nil { // store the warnings once
				b.Fatal(err)
			}
			var wall, cpu [3]time.Duration
			for b.Loop() {
				t, c := time.Now(), cpuTime()
				lap := func(i int) {
					wall[i], cpu[i] = wall[i]+time.Since(t), cpu[i]+cpuTime()-c
					t, c = time.Now(), cpuTime()
				}
				s, err := load(ctx, db, opt.Scope, opt.AsOf)
				if err != nil {
					b.Fatal(err)
				}
				lap(0)
				views, err := s.counties()
				if err != nil {
					b.Fatal(err)
				}
				lap(1)
				if err := persist(ctx, db, opt, views, &Result{Rules: map[Rule]RuleCount{}}, time.Now()); err != nil {
					b.Fatal(err)
				}
				lap(2)
				s.sp.close()
			}
			for i, name := range []string{"load", "split", "store"} {
				b.ReportMetric(wall[i].Seconds()*1000/float64(b.N), name+"-ms")
				b.ReportMetric(cpu[i].Seconds()*1000/float64(b.N), name+"-cpu-ms")
			}
		})
	}
}
