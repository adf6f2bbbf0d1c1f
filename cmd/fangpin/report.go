package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/report"
	"fangpin/internal/store"
)

// cmdReport runs "fangpin report KIND": the files fangpin writes from its
// records (docs/cli.md).
func cmdReport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"report: 缺少报表类型：tables、ledger、survey 或 thresholds (missing report kind)"}
	}
	switch args[0] {
	case "tables":
		return cmdReportTables(ctx, g, args[1:], stdout, stderr)
	case "ledger":
		return cmdReportLedger(ctx, g, args[1:], stdout, stderr)
	case "survey":
		return cmdReportSurvey(ctx, g, args[1:], stdout, stderr)
	case "thresholds":
		return cmdReportThresholds(ctx, g, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("report: 未知报表类型 %q (unknown report kind)", args[0])}
}

// cmdReportTables writes the standard tables of a region as of a day to an
// Excel workbook (docs/export.md, Standard tables).
func cmdReportTables(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report tables", stderr)
	regionCode := fs.String("region", "", "12-digit region code (default: the region holding all households)")
	asOf := fs.String("as-of", "", "date YYYY-MM-DD (default: today)")
	out := fs.String("out", "", "the workbook to write (.xlsx)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"report tables 不接受位置参数"}
	}
	if !strings.HasSuffix(strings.ToLower(*out), ".xlsx") {
		return usageError{"--out 应为 .xlsx 文件"}
	}
	a, code, date, err := openRegionAsOf(ctx, g, *regionCode, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	f, err := report.Dashboard(ctx, a.db, store.ScopeAll(), code, civil.DateOfUTC(date))
	if err != nil {
		return regionError(code, err)
	}
	var n int
	err = replaceFile(*out, func(w io.Writer) (err error) {
		n, err = report.Tables(ctx, a.db.Reader(), a.keys, store.ScopeAll(), f, w)
		return err
	}, func() error { // audited as the dashboard's download is
		return audit.New(a.db).Append(ctx, audit.Event{Action: "export.tables", Entity: "list", EntityID: "tables",
			Region: f.Region.Code, Detail: map[string]any{"list": "tables", "as_of": f.AsOf, "rows": n, "full": false}})
	})
	if err != nil {
		return fmt.Errorf("report tables: %w", err)
	}
	fmt.Fprintf(stdout, "%s %s 截至%s：统计报表已写入 %s（农户名单 %d 户）\n", f.Region.Code, f.Region.Name, f.AsOf, *out, n)
	return nil
}
