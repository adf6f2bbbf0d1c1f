package main

import (
	"context"
	"fmt"
	"io"
)

// cmdReport runs "fangpin report KIND": the files fangpin writes from its
// records (docs/cli.md).
func cmdReport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"report: 缺少报表类型：ledger 或 survey (missing report kind)"}
	}
	switch args[0] {
	case "ledger":
		return cmdReportLedger(ctx, g, args[1:], stdout, stderr)
	case "survey":
		return cmdReportSurvey(ctx, g, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("report: 未知报表类型 %q (unknown report kind)", args[0])}
}
