package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

func cmdImport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"import 需要类型: regions, households 或 feed"}
	}
	switch args[0] {
	case "regions":
		return importRegions(ctx, g, args[1:], stdout, stderr)
	case "households":
		return importHouseholds(ctx, g, args[1:], stdout, stderr)
	case "feed":
		return importFeed(ctx, g, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("未知的导入类型 %q（可用: regions, households, feed）", args[0])}
}

func importRegions(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import regions", stderr)
	effective := fs.String("effective", "", "the day from which changed names take effect (default: today)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"用法: fangpin import regions FILE [--effective YYYY-MM-DD]"}
	}
	day, err := dayFlag(*effective)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	res, err := region.ImportOn(ctx, a.db, pos[0], day)
	if err != nil {
		var re *region.RowError
		if errors.As(err, &re) {
			return rejectedError{fmt.Sprintf("%s %v（未导入任何数据）", pos[0], err)}
		}
		return err
	}
	renamed := ""
	if res.Renamed > 0 {
		renamed = fmt.Sprintf("（其中更名 %d，新名称自 %s 起生效）", res.Renamed, day)
	}
	fmt.Fprintf(stdout, "区划导入完成: %d 行, 新增 %d, 更新 %d%s, 未变 %d (%.1fs)\n",
		res.Rows, res.Inserted, res.Updated, renamed, res.Unchanged, time.Since(start).Seconds())
	return nil // the import recorded its audit entry in its transaction
}

func importHouseholds(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import households", stderr)
	skip := fs.Bool("skip-invalid", false, "import the valid households, reject households with a bad row")
	rejects := fs.String("rejects", "", "with --skip-invalid: write rejected rows with reasons to this CSV file")
	incomeYear := fs.Int("income-year", 0, "year of 人均纯收入 when the file has no 收入年度 column (default: last year)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"用法: fangpin import households FILE [--skip-invalid] [--rejects OUT.csv]"}
	}
	if *rejects != "" && !*skip {
		return usageError{"--rejects 需要与 --skip-invalid 一起使用"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	opt := registry.ImportOptions{SkipInvalid: *skip, IncomeYear: *incomeYear}
	if *rejects != "" {
		w, closeFn, err := registry.WriteRejectsFile(*rejects)
		if err != nil {
			return err
		}
		defer closeFn()
		opt.Rejects = w
	}
	start := time.Now()
	res, err := importHouseholdFile(ctx, a.db, a.keys, pos[0], opt)
	name := filepath.Base(pos[0])
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "%s 警告：%s\n", name, w)
	}
	printIssues(stderr, name, res.Issues, res.IssueCount)
	if errors.Is(err, registry.ErrRejected) {
		return rejectedError{fmt.Sprintf("%s：发现 %d 处错误，未导入任何数据", name, res.IssueCount)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "农户导入完成（%s，%d 行，%.1fs）: 户 %d（新增 %d，更新 %d，未变 %d），人 %d（新增 %d，更新 %d，未变 %d，移出 %d）\n",
		res.Encoding, res.Rows, time.Since(start).Seconds(), res.Households, res.HouseholdsInserted, res.HouseholdsUpdated,
		res.HouseholdsUnchanged, res.Persons, res.PersonsInserted, res.PersonsUpdated, res.PersonsUnchanged, res.PersonsLeft)
	if res.RejectedHouseholds > 0 {
		fmt.Fprintf(stdout, "拒绝 %d 户（%d 行）\n", res.RejectedHouseholds, res.RejectedRows)
	}
	return nil // the import recorded its audit entry in its transaction
}

// importHouseholdFile runs the household import as the command does (the
// bench measures this function).
func importHouseholdFile(ctx context.Context, db *store.DB, keys *pii.Keys, path string, opt registry.ImportOptions) (*registry.ImportResult, error) {
	// A large import keeps one entry per household and ID number to check
	// the file; collect garbage sooner so the process stays small.
	defer debug.SetGCPercent(debug.SetGCPercent(40))
	return registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, opt)
}

// printIssues lists an import's problems on stderr, and how many more
// there were.
func printIssues(stderr io.Writer, name string, issues []registry.Issue, count int) {
	for _, is := range issues {
		fmt.Fprintf(stderr, "%s %s\n", name, is)
	}
	if more := count - len(issues); more > 0 {
		fmt.Fprintf(stderr, "%s 另有 %d 处错误未列出\n", name, more)
	}
}

// importProblems prints an all-or-nothing import's problems (printIssues)
// and words its error: a rejected file is exit 3.
func importProblems(stderr io.Writer, path string, issues []registry.Issue, count int, err error) error {
	name := filepath.Base(path)
	printIssues(stderr, name, issues, count)
	if errors.Is(err, registry.ErrRejected) {
		return rejectedError{fmt.Sprintf("%s：发现 %d 处错误，未导入任何数据", name, count)}
	}
	return err
}

// importOutcome reports an all-or-nothing import: its problems on stderr
// (the listed ones, then how many more), a rejected file as exit 3, else
// "done：N 行" on stdout.
func importOutcome(stdout, stderr io.Writer, path string, issues []registry.Issue, count, rows int, err error, done string) error {
	if err := importProblems(stderr, path, issues, count, err); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s：%d 行\n", done, rows)
	return nil
}

// subcommand is one subcommand of a command group ("project import").
type subcommand struct {
	name string
	run  func(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error
}

// runSubcommand runs the subcommand args[0] of the group, or says which
// subcommands it has.
func runSubcommand(ctx context.Context, g globals, group string, subs []subcommand, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		for _, s := range subs {
			if s.name == args[0] {
				return s.run(ctx, g, args[1:], stdout, stderr)
			}
		}
	}
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], "、") + " 或 " + names[n-1]
	}
	if len(args) == 0 {
		return usageError{group + " 需要子命令 " + list}
	}
	return usageError{fmt.Sprintf("未知子命令 %s %q（可用：%s）", group, args[0], list)}
}
