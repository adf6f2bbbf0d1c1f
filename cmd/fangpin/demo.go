package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/demo/lifecycle"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

func cmdDemo(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	scale := fs.Int("scale", 1, "multiply the demo city's households (for benchmarks)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same city")
	csvOut := fs.String("csv", "", "write the demo households as a household-template CSV file instead of loading them")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"demo 不接受位置参数"}
	}
	if *scale < 1 {
		return usageError{"--scale 应为正整数"}
	}
	if *csvOut != "" {
		return writeDemoCSV(*csvOut, *scale, *seed, stdout)
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := countHouseholds(ctx, a.db)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("数据库中已有 %d 户农户；demo 只填充空数据库", n)
	}
	return loadDemo(ctx, a, *scale, *seed, stdout)
}

func countHouseholds(ctx context.Context, db *store.DB) (int, error) {
	var n int
	err := db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM households").Scan(&n)
	return n, err
}

// loadDemo imports the Gansu divisions and the generated demo city through
// the same importers users run, so the demo data passes every check.
func loadDemo(ctx context.Context, a *app, scale int, seed uint64, stdout io.Writer) error {
	start := time.Now()
	if _, err := region.ImportReader(ctx, a.db, demo.Regions()); err != nil {
		return fmt.Errorf("demo: regions: %w", err)
	}
	f, err := os.CreateTemp(a.data, "demo-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	now := time.Now().In(civil.Zone)
	cfg := demo.Config{Seed: seed, Scale: scale, Year: now.Year(), AsOf: now}
	sum, err := demo.WriteCSV(f, cfg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo: generate: %w", err)
	}
	res, err := registry.NewImporter(a.db, a.keys, store.ScopeAll()).ImportFile(ctx, f.Name(),
		registry.ImportOptions{Now: now, Source: "demo"})
	if err != nil {
		for i, is := range res.Issues {
			if i == 10 {
				break
			}
			fmt.Fprintln(stdout, "demo:", is)
		}
		return fmt.Errorf("demo: import: %w", err)
	}
	fmt.Fprintf(stdout, "演示数据已生成: 金昌市 %d 户 %d 人（脱贫户 %d 户 %d 人，监测对象 %d 户）, %.1fs\n",
		sum.Households, sum.Persons, sum.FormerlyPoorHouseholds, sum.FormerlyPoorPersons, sum.Monitored,
		time.Since(start).Seconds())
	if scale > 1 {
		fmt.Fprintln(stdout, "（--scale 大于 1 时只生成档案，不生成部门数据、帮扶计划和走访记录）")
		return nil
	}
	start = time.Now()
	life, err := lifecycle.Run(ctx, a.db, a.keys, cfg, a.data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "演示业务数据: %s, %.1fs\n", life, time.Since(start).Seconds())
	return nil
}

// writeDemoCSV writes the demo city in the household template, e.g. to try
// or benchmark the importer on a file of a known shape.
func writeDemoCSV(path string, scale int, seed uint64, stdout io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	now := time.Now().In(civil.Zone)
	sum, err := demo.WriteCSV(f, demo.Config{Seed: seed, Scale: scale, Year: now.Year(), AsOf: now})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已写入 %s: %d 户 %d 人（区划请先导入: 甘肃省区划随 demo 命令内置，或 import regions gansu.csv）\n",
		path, sum.Households, sum.Persons)
	return nil
}

// demoRoot is the region shown first when serving the demo.
const demoRoot = demo.CityCode
