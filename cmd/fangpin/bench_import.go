package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"fangpin/internal/demo"
	"fangpin/internal/pii"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// benchImportNow is the clock of the benchmark's imports.
var benchImportNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// benchImport measures the household import (`fangpin import households`)
// on a generated template file of N persons: into a fresh SQLite file and a
// fresh database on each PostgreSQL server given, where it also times a raw
// COPY of the same file into a table with the registry's indexes.
func benchImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench import", stderr)
	var c benchConfig
	var dbs dbList
	fs.IntVar(&c.persons, "persons", 100_000, "persons in the generated household file")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed")
	c.regionFlag(fs)
	fs.Var(&dbs, "db", "sqlite (a temporary file) or a postgres:// server URL; repeat to compare")
	fs.StringVar(&c.dir, "dir", "", "folder for the generated file and SQLite databases (default: a temporary one)")
	fs.BoolVar(&c.keep, "keep", false, "keep the generated file and databases")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of each import to FILE.<engine>")
	out := fs.String("out", "", "only write the generated file to OUT.csv (to time `import households` by hand)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || c.persons < 1 || !regcode.Valid(c.region) {
		return usageError{"用法: fangpin bench import [--persons N] [--region CODE] [--db sqlite|postgres://…]… [--cpuprofile F]"}
	}
	if c.dbs = dbs; len(c.dbs) == 0 {
		c.dbs = []string{"sqlite"}
	}
	cleanup, err := c.workDir()
	if err != nil {
		return err
	}
	defer cleanup()
	file := filepath.Join(c.dir, "households.csv")
	if *out != "" {
		file, c.dbs = *out, nil
	} else if !c.keep {
		defer os.Remove(file)
	}
	fmt.Fprintf(stdout, "bench import: %d persons, %d cores, %s\n", c.persons, runtime.NumCPU(), c.dir)
	start := time.Now()
	people, err := newBenchPeople(c.persons, c.seed, c.region)
	if err != nil {
		return err
	}
	size, err := writeHouseholdFile(file, people, c.seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  generated          %6.1f s  (%d households; file %d MB)\n",
		time.Since(start).Seconds(), len(people.sizes), size>>20)
	people = nil // the file is all the imports need
	keys, err := pii.New([]byte("fangpin bench key, not a secret!"))
	if err != nil {
		return err
	}
	for _, target := range c.dbs {
		if err := c.importOne(ctx, target, keys, file, stdout); err != nil {
			return fmt.Errorf("bench %s: %w", target, err)
		}
	}
	return nil
}

// importOne imports the file into a fresh database of target and prints
// the figures.
func (c *benchConfig) importOne(ctx context.Context, target string, keys *pii.Keys, file string, stdout io.Writer) error {
	db, url, closeDB, err := c.openFresh(ctx, target)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		return err
	}
	engine := string(db.Dialect)
	runtime.GC()
	debug.FreeOSMemory()
	before := residentRSS()
	resetPeakRSS()
	stop, err := c.startProfile(engine)
	if err != nil {
		return err
	}
	cpu0, start := cpuSeconds(), time.Now()
	res, err := importHouseholdFile(ctx, db, keys, file, registry.ImportOptions{Now: benchImportNow})
	secs := time.Since(start).Seconds()
	stop()
	if err != nil {
		if res != nil && len(res.Issues) > 0 {
			err = fmt.Errorf("%w: %v", err, res.Issues[0])
		}
		return err
	}
	fmt.Fprintf(stdout, "%s\n  import households  %6.1f s  %d persons, %d households, %.0f persons/s\n",
		engine, secs, res.PersonsInserted, res.HouseholdsInserted, float64(res.PersonsInserted)/secs)
	fmt.Fprintf(stdout, "                              CPU %.1f s in this process; peak RSS %d MB (%d MB before the import); load average %s\n",
		cpuSeconds()-cpu0, peakRSS()>>20, before>>20, loadAverage())
	if db.Dialect != store.Postgres {
		return nil
	}
	raw, err := rawHouseholdCopy(ctx, url, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  raw COPY baseline  %6.1f s  (the same file into one table, then the registry's indexes on it; fangpin/COPY = %.2f)\n",
		raw, secs/raw)
	return nil
}

// startProfile starts a CPU profile to c.cpuProfile.engine when asked, and
// returns the function that stops it.
func (c *benchConfig) startProfile(engine string) (func(), error) {
	if c.cpuProfile == "" {
		return func() {}, nil
	}
	f, err := os.Create(c.cpuProfile + "." + engine)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

var (
	benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
	benchGiven    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文红梅玉春生海")
	benchEdu      = []string{"小学", "初中", "初中", "高中", "文盲或半文盲"}
	benchSkills   = []string{"普通劳动力", "普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "无劳动力"}
)

// writeHouseholdFile writes the people as a household-template CSV file
// (demo.Header's columns): a household phone, the head's own phone, an
// income of last year, and one household in twenty under monitoring. It
// returns the file's size.
func writeHouseholdFile(path string, p *benchPeople, seed uint64) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(seed^0x40, seed))
	w.WriteString(strings.Join(demo.Header, ",") + "\n")
	row := make([]string, len(demo.Header))
	next := 0
	for h, size := range p.sizes {
		for i := range row {
			row[i] = ""
		}
		row[0], row[1], row[2] = p.villages[p.homes[h]], fmt.Sprintf("B%011d", h+1), "一般农户"
		if p.poor[h] {
			row[2] = "脱贫户"
		}
		row[14] = fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1_000_000_000))
		row[19], row[20] = strconv.FormatFloat(float64(p.income[h])/100, 'f', 2, 64), "2025"
		if r.IntN(20) == 0 {
			row[21], row[22], row[23], row[27] = "突发严重困难户", "202603", "否", "因病"
		}
		for m := range int(size) {
			id := p.ids[next]
			next++
			row[3] = string(benchSurnames[r.IntN(len(benchSurnames))]) + string(benchGiven[r.IntN(len(benchGiven))]) +
				string(benchGiven[r.IntN(len(benchGiven))])
			row[4], row[5], row[6] = id, "男", benchRelations[m]
			if (id[16]-'0')%2 == 0 {
				row[5] = "女"
			}
			row[7], row[8], row[10], row[11] = "汉族", benchEdu[r.IntN(len(benchEdu))], "健康", benchSkills[r.IntN(len(benchSkills))]
			if r.IntN(8) == 0 {
				row[10] = "长期慢性病"
			}
			row[15] = ""
			if m == 0 {
				row[15] = row[14]
			}
			row[16], row[17], row[18] = "否", "否", "是"
			w.WriteString(strings.Join(row, ",") + "\n")
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}

// rawCopyIndexes give the flat table of the raw COPY baseline one index for
// each secondary index and key of the registry's tables (households,
// persons, household_incomes, monitoring_history), on the file's columns
// that hold the same values: c00 区划, c01 户编号, c02 户类型, c03 姓名,
// c04 证件号码, c11 劳动技能, c17 特困, c19 收入, c20 年度, c21 类别, c22 识别.
var rawCopyIndexes = []string{
	"CREATE INDEX ON bench_households (c01)",                           // households.code (one row per person here: not unique)
	"CREATE INDEX ON bench_households (c00, c02)",                      // households_region
	"CREATE INDEX ON bench_households (c00, c22, c21) WHERE c21 <> ''", // households_monitored
	"CREATE INDEX ON bench_households (c00, c01, c22) WHERE c21 <> ''", // households_plan
	"CREATE INDEX ON bench_households (c00, c01)",                      // households_region_code
	"CREATE UNIQUE INDEX ON bench_households (c04)",                    // persons_id_idx
	"CREATE INDEX ON bench_households (c01, c03)",                      // persons primary key, persons_household
	"CREATE INDEX ON bench_households (c03)",                           // persons_name
	"CREATE INDEX ON bench_households (c01, c11) WHERE c11 IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')", // persons_labour
	"CREATE INDEX ON bench_households (c01) WHERE c17 = '是'",                                   // persons_tekun
	"CREATE INDEX ON bench_households (c01, c20)",                                              // household_incomes key
	"CREATE INDEX ON bench_households (c00, c20)",                                              // household_incomes_region
	"CREATE INDEX ON bench_households (c01, c20, c19)",                                         // household_incomes_latest
	"CREATE INDEX ON bench_households (c00) WHERE c21 <> ''",                                   // monitoring_history_region
}

// rawHouseholdCopy is the PostgreSQL baseline: COPY of the household file
// into one table of text columns, then the registry's indexes built on it
// (the faster of the two orders for a bulk load), with no checking,
// encryption or matching. It returns the seconds it took.
func rawHouseholdCopy(ctx context.Context, dbURL, path string) (float64, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	cols := make([]string, len(demo.Header))
	for i := range cols {
		cols[i] = fmt.Sprintf("c%02d text", i)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE bench_households ("+strings.Join(cols, ", ")+")"); err != nil {
		return 0, err
	}
	start := time.Now()
	if err := copyCSV(ctx, conn, "bench_households", path); err != nil {
		return 0, err
	}
	for _, ddl := range rawCopyIndexes {
		if _, err := conn.Exec(ctx, ddl); err != nil {
			return 0, fmt.Errorf("%s: %w", ddl, err)
		}
	}
	secs := time.Since(start).Seconds()
	_, err = conn.Exec(ctx, "DROP TABLE bench_households")
	return secs, err
}
