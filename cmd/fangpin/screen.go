package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"fangpin/internal/auth"
	"fangpin/internal/feed"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// cmdScreen runs the warning rules over the whole registry (docs/cli.md,
// screen): stored unmatched feed rows are matched again first.
func cmdScreen(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("screen", stderr)
	asOf := fs.String("as-of", "", "date YYYY-MM-DD (default: today)")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"screen 不接受位置参数"}
	}
	date, err := parseDate(*asOf)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := screening.Run(ctx, a.db, screening.Options{AsOf: date, Scope: store.ScopeAll(),
		By: auth.User{Username: cliActor().Username}, Rematch: feed.Rematch})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	printScreen(stdout, res)
	return nil
}

// printScreen prints a Result as a table: the rule codes first, so that the
// columns line up whatever the width of the Chinese names.
func printScreen(w io.Writer, res *screening.Result) {
	fmt.Fprintf(w, "预警筛查（截至 %s）\n\n", res.AsOf)
	fmt.Fprintf(w, "%-20s %10s %10s  %s\n", "rule", "households", "new", "规则")
	total := 0
	for _, r := range screening.AllRules {
		c := res.Rules[r]
		total += c.NewWarnings
		fmt.Fprintf(w, "%-20s %10d %10d  %s\n", r, c.Households, c.NewWarnings, r.Label())
	}
	fmt.Fprintf(w, "\n触发户数为截至当日规则成立的农户数，新增预警为本次新生成的预警（共 %d 条）。\n", total)
	fmt.Fprintf(w, "未匹配到人员的部门数据：%d 行", res.UnmatchedRows)
	if res.Rematched > 0 {
		fmt.Fprintf(w, "（本次重新匹配上 %d 行）", res.Rematched)
	}
	fmt.Fprintln(w)
}
