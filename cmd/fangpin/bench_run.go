package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"fangpin/internal/feed"
	"fangpin/internal/pii"
	"fangpin/internal/regcode"
	"fangpin/internal/screening"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// one measures one database engine. It generates the registry again (the
// same, from the seed) and lets go of it before the import, so that the
// memory measured is the step's, not the generator's.
func (c *benchConfig) one(ctx context.Context, target string, keys *pii.Keys, claims string,
	sum *benchSummary, stdout io.Writer) error {
	db, url, closeDB, err := c.openFresh(ctx, target)
	if err != nil {
		return err
	}
	defer closeDB()
	engine := string(db.Dialect)
	people, err := newBenchPeople(c.persons, c.seed, c.region)
	if err != nil {
		return err
	}
	resetPeakRSS()
	start := time.Now()
	if err := people.load(ctx, db, keys, c.asOf); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n  registry (bulk)    %6.1f s  %d persons; peak RSS %d MB\n", engine, time.Since(start).Seconds(),
		len(people.ids), peakRSS()>>20)
	people = nil
	before := residentRSS()
	cpu0 := cpuSeconds()
	res, secs, peak, err := c.importClaims(ctx, db, keys, claims, engine)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  import medical     %6.1f s  %d rows (%d matched, %d unmatched), %.0f rows/s\n",
		secs, res.Rows, res.Matched, res.Unmatched, float64(res.Rows)/secs)
	fmt.Fprintf(stdout, "                              CPU %.1f s in this process; peak RSS %d MB (%d MB before the import); load average %s\n",
		cpuSeconds()-cpu0, peak>>20, before>>20, loadAverage())
	if db.Dialect == store.Postgres {
		raw, err := rawCopy(ctx, url, claims)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  raw COPY baseline  %6.1f s  (the same CSV into a bare text table; import/raw = %.1f)\n", raw, secs/raw)
	}
	// the planner's statistics, as autovacuum would gather them soon after a
	// bulk load: without them PostgreSQL plans the one query as nested loops
	if _, err := db.Writer().ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	line := benchLine{engine: engine}
	for i, label := range []string{"screen (first)", "screen (again)"} {
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		before := residentRSS()
		stop := c.profile(engine+".screen"+strings.Repeat("2", i), true)
		cpu0, start := cpuSeconds(), time.Now()
		out, err := screening.Run(ctx, db, screening.Options{AsOf: c.asOf, Scope: store.ScopeAll(), Rematch: feed.Rematch})
		secs := time.Since(start).Seconds()
		stop()
		if err != nil {
			return err
		}
		r := out.Rules[screening.MedicalOOP]
		fmt.Fprintf(stdout, "  %-18s %6.1f s  medical_oop: %d households, %d new warnings; CPU %.1f s; peak RSS %d MB (%d MB before); load average %s\n",
			label, secs, r.Households, r.NewWarnings, cpuSeconds()-cpu0, peakRSS()>>20, before>>20, loadAverage())
		if i == 1 && r.NewWarnings != 0 {
			return fmt.Errorf("bench: the second screen created %d warnings; it must create none", r.NewWarnings)
		}
		if i == 0 {
			line.first, line.firstRSS, line.households = secs, peakRSS(), r.Households
		} else {
			line.again, line.againRSS = secs, peakRSS()
		}
	}
	resetPeakRSS()
	n, secs, err := oneQuery(ctx, db, c.asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  one query          %6.1f s  medical_oop as one SQL query: %d households; peak RSS %d MB\n",
		secs, n, peakRSS()>>20)
	if n != line.households {
		return fmt.Errorf("bench: the one query found %d households, the screen %d", n, line.households)
	}
	if line.query = secs; db.Dialect == store.Postgres {
		sum.pgQuery = secs
	}
	sum.lines = append(sum.lines, line)
	return c.overviews(ctx, db, stdout)
}

// overviews times the dashboard's figures (stats.Compute: the overview with
// its sectors block) as of the bench's day for the whole registry's region
// and for its largest county, after the screens.
func (c *benchConfig) overviews(ctx context.Context, db *store.DB, stdout io.Writer) error {
	top, err := stats.DefaultRegion(ctx, db.Reader(), store.ScopeAll())
	if err != nil {
		return err
	}
	var county string
	if err := db.Reader().QueryRowContext(ctx, `SELECT substr(region_code, 1, 6) FROM households
		GROUP BY substr(region_code, 1, 6) ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&county); err != nil {
		return fmt.Errorf("bench: largest county: %w", err)
	}
	for _, code := range []string{top, regcode.Pad(county)} {
		runtime.GC()
		resetPeakRSS()
		cpu0, start := cpuSeconds(), time.Now()
		o, err := stats.Compute(ctx, db, store.ScopeAll(), code, c.asOf)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  overview %s %6.1f s  %d households, %d persons; CPU %.1f s; peak RSS %d MB\n",
			code, time.Since(start).Seconds(), o.Households.Total, o.Persons.Total, cpuSeconds()-cpu0, peakRSS()>>20)
	}
	return nil
}

// profile starts a CPU profile to FILE.name when --cpuprofile and on is
// set, and returns the function that stops it.
func (c *benchConfig) profile(name string, on bool) func() {
	if c.cpuProfile == "" || !on {
		return func() {}
	}
	f, err := os.Create(c.cpuProfile + "." + name)
	if err != nil {
		return func() {}
	}
	if pprof.StartCPUProfile(f) != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// importClaims imports the claims file through the real importer and
// returns the result, the seconds it took and the peak resident memory
// while it ran.
func (c *benchConfig) importClaims(ctx context.Context, db *store.DB, keys *pii.Keys, path, engine string) (*feed.Result, float64, int64, error) {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	defer c.profile(engine, true)()
	start := time.Now()
	res, err := feed.Import(ctx, db, keys, feed.Medical, path, feed.Options{Username: "bench", Region: c.region,
		Now: c.asOf.Add(12 * time.Hour)})
	secs := time.Since(start).Seconds()
	if err != nil {
		if res != nil && len(res.Issues) > 0 {
			err = fmt.Errorf("%w: %v", err, res.Issues[0])
		}
		return nil, 0, 0, err
	}
	return res, secs, peakRSS(), nil
}

// resetPeakRSS resets the kernel's high-water mark of resident memory, so
// that peakRSS measures what follows, not the data generation before.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads VmHWM (bytes) from /proc/self/status (0 where unknown).
func peakRSS() int64 { return procStatus("VmHWM:") }

// residentRSS reads VmRSS (bytes).
func residentRSS() int64 { return procStatus("VmRSS:") }

// cpuSeconds is the user and system CPU time of this process so far: on a
// shared machine it tells the work apart from the waiting.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// loadAverage is the first field of /proc/loadavg: other processes compete
// for the cores during the measurement.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// procStatus reads a kB field of /proc/self/status in bytes (0 where unknown).
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// freshDatabase returns the URL of a new, empty database for target and a
// function that removes it (unless --keep).
func (c *benchConfig) freshDatabase(ctx context.Context, target string) (string, func(), error) {
	if target == "sqlite" {
		path := filepath.Join(c.dir, fmt.Sprintf("bench-%d.db", time.Now().UnixNano()))
		return path, func() {
			if !c.keep {
				for _, suffix := range []string{"", "-wal", "-shm"} {
					os.Remove(path + suffix)
				}
			}
		}, nil
	}
	if !store.IsPostgres(target) {
		return "", nil, usageError{fmt.Sprintf("--db %q: want sqlite or a postgres:// URL", target)}
	}
	return createPGBenchDB(ctx, target, c.keep)
}
