package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"fangpin/internal/money"
	"fangpin/internal/project"
	"fangpin/internal/store"
)

// cmdProject runs "fangpin project import|list" (docs/cli.md).
func cmdProject(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, g, "project", []subcommand{{"import", cmdProjectImport}, {"list", cmdProjectList}, {"chains", cmdProjectChains}}, args, stdout, stderr)
}

// cmdProjectImport runs "fangpin project import --kind
// projects|beneficiaries|output FILE", all or nothing (docs/formats.md,
// "Projects").
func cmdProjectImport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("project import", stderr)
	kind := fs.String("kind", "", "projects, beneficiaries or output")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || !slices.Contains(project.Kinds, *kind) {
		return usageError{"project import 需要 --kind projects|beneficiaries|output 和一个文件"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := project.Import(ctx, a.db, store.ScopeAll(), *kind, pos[0], "cli")
	return importOutcome(stdout, stderr, pos[0], res.Issues, res.Count, res.Rows, err, "项目数据导入完成（"+*kind+"）")
}

// cmdProjectList runs "fangpin project list [--region CODE] [--year Y]
// [--type T] [--chain C]": one project a line, tab-separated.
func cmdProjectList(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("project list", stderr)
	code := fs.String("region", "", "12-digit region code (default: every region)")
	var f project.Filter
	fs.IntVar(&f.Year, "year", 0, "the library year")
	fs.StringVar(&f.Type, "type", "", "产业发展, 就业, 基础设施 or 其他")
	fs.StringVar(&f.Chain, "chain", "", "an industry chain")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"project list 不接受位置参数"}
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
	fmt.Fprintln(stdout, "项目编号\t年度\t项目名称\t类型\t产业链\t所在地\t计划投资（元）\t完成投资（元）\t衔接资金（元）\t状态\t受益户")
	for pg := 1; ; pg++ {
		ps, total, err := project.List(ctx, a.db.Reader(), scope, f, store.Page{Page: pg, PerPage: store.MaxPerPage})
		if err != nil {
			return err
		}
		for _, p := range ps {
			fmt.Fprintf(stdout, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", p.Code, p.Year, p.Name,
				strings.TrimSuffix(p.Type+"/"+p.Subtype, "/"), p.Chain, p.Region, money.Yuan(p.PlannedFen),
				money.Yuan(p.CompletedFen), money.Yuan(p.Funds.Linkage()), p.Status, p.Households)
		}
		if pg*store.MaxPerPage >= total {
			return nil
		}
	}
}

// cmdProjectChains runs "fangpin project chains [--set LIST]": the industry
// chains projects and output rows may name, and, with --set, new ones.
func cmdProjectChains(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("project chains", stderr)
	set := fs.String("set", "", "the chains, separated by 、 or commas")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"project chains 不接受位置参数"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	if *set != "" {
		if err := project.SetChains(ctx, a.db, project.SplitList(*set)); err != nil {
			return err
		}
	}
	chains, err := project.Chains(ctx, a.db.Reader())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "产业链：%s（设置 %s）\n", strings.Join(chains, "、"), project.KeyChains)
	return nil
}
