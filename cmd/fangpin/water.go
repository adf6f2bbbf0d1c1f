package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/water"
)

// cmdWater runs "fangpin water import|list" (docs/cli.md).
func cmdWater(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, g, "water", []subcommand{{"import", cmdWaterImport}, {"list", cmdWaterList}}, args, stdout, stderr)
}

// cmdWaterImport runs "fangpin water import --kind schemes|samples|problems
// FILE", all or nothing (docs/formats.md, "Water supply").
func cmdWaterImport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("water import", stderr)
	kind := fs.String("kind", "", "schemes, samples or problems")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *kind == "" {
		return usageError{"water import 需要 --kind schemes|samples|problems 和一个文件"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := water.Import(ctx, a.db, store.ScopeAll(), *kind, pos[0], "cli")
	if err := importProblems(stderr, pos[0], res.Issues, res.Count, err); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "饮水安全数据导入完成：%d 行", res.Rows)
	if res.Skipped > 0 {
		fmt.Fprintf(stdout, "，%d 行已存在未重复导入", res.Skipped)
	}
	fmt.Fprintln(stdout)
	return nil
}

// cmdWaterList runs "fangpin water list [--region CODE] [--as-of DAY]": the
// figures, then one line a scheme (its villages, households served, open
// problems, latest sample) and one an open problem.
func cmdWaterList(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("water list", stderr)
	regionCode := fs.String("region", "", "12-digit region code (default: the region holding all households)")
	asOf := fs.String("as-of", "", "date YYYY-MM-DD (default: today)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"water list 不接受位置参数"}
	}
	a, code, date, err := openRegionAsOf(ctx, g, *regionCode, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	scope, err := store.ScopeAll().Narrow(code)
	if err != nil {
		return regionError(code, err)
	}
	day, q := civil.DateOfUTC(date), a.db.Reader()
	f, err := water.FiguresAt(ctx, q, scope, day)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "区划 %s 截至 %s：供水工程 %d 处，本年抽检水样 %d 份（合格 %d 份），未解决问题 %d 个，涉及 %d 户\n",
		code, day, f.Schemes, f.Samples, f.SamplesQualified, f.OpenProblems, f.HouseholdsAffected)
	schemes, err := water.Schemes(ctx, q, scope, day)
	if err != nil {
		return err
	}
	for _, s := range schemes {
		var vs []string
		for _, v := range s.Villages {
			vs = append(vs, fmt.Sprintf("%s:%d户", v.Region, v.Households))
		}
		latest := "无抽检"
		if s.Latest.Day != 0 {
			latest = s.Latest.Day.String() + " " + s.Latest.Result
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t未解决问题 %d\t最近抽检 %s\n", s.Code, s.Name, s.Kind, strings.Join(vs, " "),
			s.OpenProblems, latest)
	}
	problems, err := water.Problems(ctx, q, scope, day)
	if err != nil {
		return err
	}
	for _, p := range problems {
		if p.Open(day) {
			fmt.Fprintf(stdout, "问题 %d\t%s\t%s%s\t%s\t%s\n", p.ID, p.Reported, p.SchemeName, p.Household, p.Source, p.Description)
		}
	}
	return nil
}
