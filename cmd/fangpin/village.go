package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/stats"
	"fangpin/internal/store"
	"fangpin/internal/village"
)

// cmdVillage runs "fangpin village import|list" (docs/cli.md).
func cmdVillage(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, g, "village", []subcommand{{"import", cmdVillageImport}, {"list", cmdVillageList}}, args, stdout, stderr)
}

// cmdVillageImport runs "fangpin village import FILE": 和美乡村 indicators,
// all or nothing (docs/formats.md, "Village indicators").
func cmdVillageImport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	pos, err := parseFlags(newFlags("village import", stderr), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"village import 需要一个文件"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := village.Import(ctx, a.db, store.ScopeAll(), pos[0], "cli")
	return importOutcome(stdout, stderr, pos[0], res.Issues, res.Count, res.Rows, err, "和美乡村指标导入完成")
}

// cmdVillageList runs "fangpin village list [--region CODE] [--year Y]
// [--out FILE.xlsx]": the year's village rows with the region's figures,
// as text or as a workbook (audited).
func cmdVillageList(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("village list", stderr)
	code := fs.String("region", "", "12-digit region code (default: everything)")
	year := fs.Int("year", civil.Today().Year(), "the year")
	out := fs.String("out", "", "write the table as a workbook (.xlsx)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"village list 不接受位置参数"}
	}
	if *out != "" && filepath.Ext(*out) != ".xlsx" {
		return usageError{"--out 应为 .xlsx 文件"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	scope, err := store.ScopeAll().Narrow(*code)
	if err != nil {
		return err
	}
	q := a.db.Reader()
	asOf := village.AsOf(*year, civil.Today())
	rows, registered, f, err := stats.VillageTable(ctx, q, scope, asOf.Time())
	if err != nil {
		return err
	}
	places := region.NewPlaces(ctx, q)
	if *out != "" {
		return replaceFile(*out, func(w io.Writer) error {
			return village.WriteTable(w, fmt.Sprintf("和美乡村建设指标（%d年度，截至%s）", *year, asOf), rows, village.PlaceNames(places), registered, f)
		}, func() error {
			return audit.New(a.db).Append(ctx, audit.Event{Action: exportAction(false), Entity: "village_indicators",
				Region: scope.Prefix(), Detail: map[string]any{"list": "villages", "rows": len(rows), "year": *year}})
		})
	}
	names := village.PlaceNames(places)
	for _, i := range rows {
		n := names(i.Region)
		fmt.Fprintf(stdout, "%s\t%s\t规划%s\t%s\t改厕%d/%d\t卫生厕所%d/%d\t保洁员%d\t车辆%d\t污水%s\t清单%s\t%s\n", i.Region, n[2],
			village.YesNo(i.PlanDone), i.DemoLevel, i.ToiletsDone, i.ToiletsPlanned, i.SanitaryHouseholds, registered[i.Region],
			i.Cleaners, i.Vehicles, village.YesNo(i.SewageTreated), village.YesNo(i.AllLists()), strings.Join(i.Titles, village.TitleSep))
	}
	fmt.Fprintf(stdout, "%d年度截至%s：%d个村，完成村庄规划%d个，省级示范村%d个、市级示范村%d个，改厕%d座（任务%d座），卫生厕所%d户/在册%d户，"+
		"配备保洁员和车辆%d个村，污水治理%d个村，三项清单齐全%d个村\n", *year, asOf, f.Villages, f.PlanDone, f.DemoProvincial, f.DemoCity,
		f.ToiletsDone, f.ToiletsPlanned, f.SanitaryHouseholds, f.RegisteredHouseholds, f.WithCleanersVehicles, f.SewageTreated, f.AllLists)
	return nil
}
