package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/labour"
	"fangpin/internal/money"
	"fangpin/internal/store"
)

// cmdLabour runs "fangpin labour rates|import|batch" (docs/cli.md).
func cmdLabour(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, g, "labour", []subcommand{{"rates", cmdLabourRates}, {"import", cmdLabourImport}, {"batch", cmdLabourBatch}}, args, stdout, stderr)
}

// cmdLabourRates lists the dated subsidy amounts and, with --set, adds one:
// labour rates [--set DEST[:PROVINCE] --from YYYY-MM-DD --amount YUAN].
func cmdLabourRates(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("labour rates", stderr)
	set := fs.String("set", "", "destination (市内县外, 省内市外, 省外 or 省外:PROVINCE) of a new amount")
	fromS := fs.String("from", "", "with --set: the first day it applies, YYYY-MM-DD")
	amount := fs.String("amount", "", "with --set: the amount in 元")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"labour rates 不接受位置参数"}
	}
	var r labour.Rate
	if *set != "" {
		var err error
		r.Destination, r.Province, _ = strings.Cut(*set, ":")
		if r.From, err = civil.ParseISO(*fromS); err != nil {
			return usageError{fmt.Sprintf("--from %q 无效，应为 YYYY-MM-DD", *fromS)}
		}
		if r.AmountFen, err = money.ParseYuan(*amount); err != nil {
			return usageError{fmt.Sprintf("--amount %q 无效，应为金额（元）", *amount)}
		}
	} else if *fromS != "" || *amount != "" {
		return usageError{"--from 和 --amount 只与 --set 一起使用"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	if *set != "" {
		if err := labour.SetRate(ctx, a.db, r); err != nil {
			return err
		}
	}
	rates, err := labour.Rates(ctx, a.db.Reader())
	if err != nil {
		return err
	}
	for _, r := range rates {
		p := r.Province
		if p == "" && r.Destination == labour.OutProv {
			p = "其他省份"
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", r.From, r.Destination, p, money.Yuan(r.AmountFen))
	}
	n, err := labour.MinMonths(ctx, a.db.Reader())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "务工时间要求：至少 %d 个月（设置 %s）\n", n, labour.KeyMinMonths)
	return nil
}

// cmdLabourImport runs "fangpin labour import FILE": typed transfers, all
// or nothing (docs/formats.md, "Labour transfers").
func cmdLabourImport(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("labour import", stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"labour import 需要一个文件"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := labour.Import(ctx, a.db, a.keys, store.ScopeAll(), pos[0], "cli")
	return importOutcome(stdout, stderr, pos[0], res.Issues, res.Count, res.Rows, err, "务工记录导入完成")
}

// cmdLabourBatch runs "fangpin labour batch --region CODE --year Y --out
// FILE.xlsx [--on YYYY-MM-DD] [--full]" (a new batch) or "labour batch --id
// N --out FILE.xlsx [--full]" (an earlier batch's workbook again).
func cmdLabourBatch(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("labour batch", stderr)
	code := fs.String("region", "", "12-digit region code")
	year := fs.Int("year", 0, "the year of the transfers")
	onS := fs.String("on", "", "the payment day whose rates and monitoring apply (default today)")
	id := fs.Int64("id", 0, "an earlier batch to write again")
	out := fs.String("out", "", "the workbook to write (.xlsx)")
	full := fs.Bool("full", false, "complete ID numbers (audited)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"labour batch 不接受位置参数"}
	}
	if *out == "" || filepath.Ext(*out) != ".xlsx" {
		return usageError{"labour batch 需要 --out FILE.xlsx"}
	}
	if *id == 0 && (*code == "" || *year == 0) {
		return usageError{"labour batch 需要 --region 和 --year（或 --id）"}
	}
	on := civil.Today()
	if *onS != "" {
		d, err := civil.ParseISO(*onS)
		if err != nil {
			return usageError{fmt.Sprintf("--on %q 无效，应为 YYYY-MM-DD", *onS)}
		}
		on = d
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	var b labour.Batch
	if *id != 0 {
		b, err = labour.LoadBatch(ctx, a.db.Reader(), store.ScopeAll(), *id)
	} else {
		b, err = labour.CreateBatch(ctx, a.db, store.ScopeAll(), *code, *year, on, "cli")
	}
	if err != nil {
		return err
	}
	if err := writeLabourBatch(ctx, a, *out, b, *full); err != nil {
		return fmt.Errorf("批次 %d 已记录，名单未写出（用 --id %d 重写）：%w", b.ID, b.ID, err)
	}
	fmt.Fprintf(stdout, "批次 %d：%d 人，%s 元，已写入 %s\n", b.ID, len(b.Lines), money.Yuan(b.AmountFen), *out)
	return nil
}

// writeLabourBatch writes the workbook to out, audited (export.full with
// --full) before it is put in place.
func writeLabourBatch(ctx context.Context, a *app, out string, b labour.Batch, full bool) error {
	return replaceFile(out, func(w io.Writer) error { return labour.WriteBatch(w, b, a.keys, full) }, func() error {
		return audit.New(a.db).Append(ctx, audit.Event{Action: exportAction(full), Entity: "labour_subsidy_batch",
			EntityID: strconv.FormatInt(b.ID, 10), Region: b.Region,
			Detail: map[string]any{"list": "labour_batch", "rows": len(b.Lines), "full": full}})
	})
}
