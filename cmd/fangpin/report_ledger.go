package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/ledger"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// cmdReportLedger runs "fangpin report ledger --region CODE --from D --to D
// --out FILE.xlsx [--full]": the five ledgers of a region and period as one
// workbook (docs/reports.md), audited with its rows like a download.
func cmdReportLedger(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report ledger", stderr)
	code := fs.String("region", "", "12-digit region code")
	fromS := fs.String("from", "", "first day YYYY-MM-DD")
	toS := fs.String("to", "", "last day YYYY-MM-DD")
	out := fs.String("out", "", "the workbook to write (.xlsx)")
	full := fs.Bool("full", false, "complete ID and phone numbers (audited)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"report ledger 不接受位置参数"}
	}
	if *code == "" || *out == "" {
		return usageError{"report ledger 需要 --region 和 --out"}
	}
	if filepath.Ext(*out) != ".xlsx" {
		return usageError{"--out 应为 .xlsx 文件"}
	}
	from, err := civil.ParseISO(*fromS)
	if err != nil {
		return usageError{fmt.Sprintf("--from %q 无效，应为 YYYY-MM-DD", *fromS)}
	}
	to, err := civil.ParseISO(*toS)
	if err != nil {
		return usageError{fmt.Sprintf("--to %q 无效，应为 YYYY-MM-DD", *toS)}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	reg, err := region.Find(ctx, a.db.Reader(), *code)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("区划 %s 不存在", *code)
	}
	if err != nil {
		return err
	}
	res, err := writeLedger(ctx, a, *out, ledger.Request{Region: *code, RegionName: reg.Name, From: from, To: to,
		Full: *full, Today: civil.Today()})
	if err != nil {
		return err
	}
	for _, s := range res.Sheets {
		fmt.Fprintf(stdout, "%s\t%d\n", s.Name, s.Rows)
	}
	fmt.Fprintf(stdout, "已写入 %s：%d 行\n", *out, res.Rows)
	return nil
}

// writeLedger writes the workbook to out, audited before it is put in
// place, so a failure leaves no partial file.
func writeLedger(ctx context.Context, a *app, out string, req ledger.Request) (ledger.Result, error) {
	var res ledger.Result
	err := replaceFile(out, func(w io.Writer) error {
		x := export.NewXLSX(w)
		defer x.Abort()
		var err error
		if res, err = ledger.Write(ctx, a.db.Reader(), a.keys, store.ScopeAll(), x, req); err != nil {
			return err
		}
		return x.Close()
	}, func() error {
		return audit.New(a.db).Append(ctx, audit.Event{Action: exportAction(req.Full), Entity: "ledger", EntityID: "ledgers",
			Region: req.Region, Detail: map[string]any{"list": "ledgers", "filters": map[string]string{"region": req.Region,
				"from": req.From.String(), "to": req.To.String()}, "rows": res.Rows, "sheets": res.Sheets, "full": req.Full}})
	})
	return res, err
}
