package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/entity"
	"fangpin/internal/money"
	"fangpin/internal/store"
)

// cmdEntity runs "fangpin entity import|list" (docs/cli.md).
func cmdEntity(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, g, "entity", []subcommand{{"import", cmdEntityImport}, {"list", cmdEntityList}}, args, stdout, stderr)
}

// cmdEntityImport runs "fangpin entity import --kind KIND FILE", all or
// nothing (docs/formats.md, "Business entities").
func cmdEntityImport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("entity import", stderr)
	kind := fs.String("kind", "", "entities, links, shares, agreements or payouts")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"entity import 需要一个文件"}
	}
	if !slices.Contains(entity.FileKinds, *kind) {
		return usageError{"--kind 应为 " + strings.Join(entity.FileKinds, "、")}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := entity.Import(ctx, a.db, store.ScopeAll(), *kind, pos[0], "cli")
	return importOutcome(stdout, stderr, pos[0], res.Issues, res.Count, res.Rows, err, "经营主体数据导入完成（"+*kind+"）")
}

// cmdEntityList runs "fangpin entity list [--region CODE] [--kind KIND]
// [--weak] [--as-of YYYY-MM-DD]": one line an entity, tab-separated.
func cmdEntityList(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("entity list", stderr)
	region := fs.String("region", "", "a region code (default: all)")
	kind := fs.String("kind", "", "龙头企业, 农民合作社, 家庭农场 or 其他")
	weak := fs.Bool("weak", false, "only entities linked only by 土地流转, 租赁 or 雇工")
	asOfS := fs.String("as-of", "", "the day of the overdue count, YYYY-MM-DD (default today)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"entity list 不接受位置参数"}
	}
	if *kind != "" && !slices.Contains(entity.Kinds, *kind) {
		return usageError{"--kind 应为 " + strings.Join(entity.Kinds, "、")}
	}
	day := civil.Today()
	if *asOfS != "" {
		var err error
		if day, err = civil.ParseISO(*asOfS); err != nil {
			return usageError{fmt.Sprintf("--as-of %q 无效，应为 YYYY-MM-DD", *asOfS)}
		}
	}
	scope, err := store.ScopeAll().Narrow(*region)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	rows, err := entity.List(ctx, a.db.Reader(), scope, entity.Filter{Kind: *kind, OnlyWeak: *weak}, day)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "名称\t类型\t等级\t县区\t联农带农方式\t联结农户\t入股资金（元）\t分红协议\t逾期未兑付")
	for _, r := range rows {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%d\t%d\n", r.Name, r.Kind, r.Level, r.County,
			strings.Join(r.Mechanisms, "、"), r.Households, money.Yuan(r.SharesFen), r.Agreements, r.Overdue)
	}
	return nil
}
