package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"fangpin/internal/audit"
)

// cmdAudit runs "fangpin audit verify": exit 0 when the chain holds, 1 naming
// the first broken entry.
func cmdAudit(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"audit: 缺少子命令 verify (missing subcommand)"}
	}
	if args[0] != "verify" {
		return usageError{fmt.Sprintf("audit: 未知子命令 %q (unknown subcommand)", args[0])}
	}
	pos, err := parseFlags(newFlags("audit verify", stderr), args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"audit verify: 不接受参数 (takes no arguments)"}
	}
	return auditVerify(ctx, g, stdout)
}

func auditVerify(ctx context.Context, g globals, stdout io.Writer) error {
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := audit.Verify(ctx, a.db.Reader())
	var be *audit.BrokenError
	if errors.As(err, &be) {
		return fmt.Errorf("审计链在第 %d 条记录处断开：%s", be.ID, be.Reason)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "审计链完整：%d 条记录\n", n)
	return nil
}
