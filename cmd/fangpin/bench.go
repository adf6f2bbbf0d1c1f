package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fangpin/internal/demo"
	"fangpin/internal/pii"
	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

func cmdBench(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "import" {
		return benchImport(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "screen" {
		return usageError{"用法: fangpin bench screen [--persons N] [--claims M] [--db sqlite|postgres://…]…"}
	}
	return benchScreen(ctx, args[1:], stdout, stderr)
}

// benchConfig is what `bench screen` measures.
type benchConfig struct {
	persons, claims int
	unregistered    float64
	crossing        float64
	seed            uint64
	dbs             []string
	dir             string
	keep            bool
	cpuProfile      string
	asOf            time.Time
	region          string // the division whose villages hold the households
}

// dbList is a repeatable --db flag.
type dbList []string

func (l *dbList) String() string     { return strings.Join(*l, ",") }
func (l *dbList) Set(s string) error { *l = append(*l, s); return nil }

// benchScreen measures the department cross-check on generated data: a
// registry of N persons written in bulk, an M-row medical feed imported
// through the real importer, then (once wired) the screen. Each database
// named by --db gets a fresh database: "sqlite" a file in a temporary
// folder, a postgres:// URL a new database on that server (dropped after).
func benchScreen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench screen", stderr)
	var c benchConfig
	var dbs dbList
	fs.IntVar(&c.persons, "persons", 100_000, "persons in the generated registry")
	fs.IntVar(&c.claims, "claims", 100_000, "rows of the generated medical feed")
	fs.Float64Var(&c.unregistered, "unregistered", 0.02, "share of claims for ID numbers nobody registered")
	fs.Float64Var(&c.crossing, "crossing", 0, "share of households given a claim that crosses medical_oop (0.18: the issue's first screen)")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed")
	c.regionFlag(fs)
	fs.Var(&dbs, "db", "sqlite (a temporary file) or a postgres:// server URL; repeat to compare")
	fs.StringVar(&c.dir, "dir", "", "folder for the generated files and SQLite databases (default: a temporary one)")
	fs.BoolVar(&c.keep, "keep", false, "keep the generated files and databases")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write CPU profiles of each import and screen to FILE.<engine>[.screen, .screen2]")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || c.persons < 1 || c.claims < 1 || c.unregistered < 0 || c.unregistered > 1 ||
		c.crossing < 0 || c.crossing > 1 {
		return usageError{"bench screen: --persons and --claims must be positive, --unregistered and --crossing between 0 and 1"}
	} else if !regcode.Valid(c.region) {
		return usageError{"bench screen: --region must be a 12-digit division code"}
	}
	if c.dbs = dbs; len(c.dbs) == 0 {
		c.dbs = []string{"sqlite"}
	}
	c.asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	return c.run(ctx, stdout)
}

// regionFlag adds --region: 金昌市 by default (two counties), a province to
// spread the households over all its counties.
func (c *benchConfig) regionFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.region, "region", demo.CityCode, "the division (12 digits) whose villages hold the generated households")
}

// workDir makes the bench's folder (a temporary one unless --dir names
// one) and returns what removes it when the bench made it and --keep is
// not given.
func (c *benchConfig) workDir() (cleanup func(), err error) {
	if c.dir != "" {
		return func() {}, os.MkdirAll(c.dir, 0o700)
	}
	if c.dir, err = os.MkdirTemp("", "fangpin-bench-"); err != nil {
		return nil, err
	}
	if c.keep {
		return func() {}, nil
	}
	d := c.dir
	return func() { os.RemoveAll(d) }, nil // only a folder the bench made itself
}

// openFresh opens a fresh, migrated database of target (see
// freshDatabase) and returns its URL; close closes and drops it.
func (c *benchConfig) openFresh(ctx context.Context, target string) (db *store.DB, url string, close func(), err error) {
	url, drop, err := c.freshDatabase(ctx, target)
	if err != nil {
		return nil, "", nil, err
	}
	if db, err = store.Open(ctx, url); err != nil {
		drop()
		return nil, "", nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		drop()
		return nil, "", nil, err
	}
	return db, url, func() { db.Close(); drop() }, nil
}

func (c *benchConfig) run(ctx context.Context, stdout io.Writer) error {
	cleanup, err := c.workDir()
	if err != nil {
		return err
	}
	defer cleanup()
	if !c.keep {
		defer os.Remove(filepath.Join(c.dir, "medical.csv"))
	}
	fmt.Fprintf(stdout, "bench screen: %d persons, %d claims, %d cores, %s\n", c.persons, c.claims, runtime.NumCPU(), c.dir)
	start := time.Now()
	people, err := newBenchPeople(c.persons, c.seed, c.region)
	if err != nil {
		return err
	}
	claims := filepath.Join(c.dir, "medical.csv")
	st, err := writeClaims(claims, people, claimPlan{rows: c.claims, unregistered: c.unregistered, crossing: c.crossing,
		asOf: c.asOf, seed: c.seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  generated          %6.1f s  (%d households; claims file %d MB, %d rows for unregistered numbers, %d heavy)\n",
		time.Since(start).Seconds(), len(people.sizes), st.bytes>>20, st.unregistered, st.heavy)
	people = nil // each engine generates its own copy and drops it before the screens
	keys, err := pii.New([]byte("fangpin bench key, not a secret!"))
	if err != nil {
		return err
	}
	var sum benchSummary
	for _, target := range c.dbs {
		if err := c.one(ctx, target, keys, claims, &sum, stdout); err != nil {
			return fmt.Errorf("bench %s: %w", target, err)
		}
	}
	sum.print(stdout)
	return nil
}
