package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fangpin/internal/store"
	"fangpin/internal/survey"
)

// cmdReportSurvey writes the survey report (docs/survey.md) of a region as
// of a date to an HTML or DOCX file.
func cmdReportSurvey(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report survey", stderr)
	regionCode := fs.String("region", "", "12-digit region code (default: the region holding all households)")
	asOf := fs.String("as-of", "", "date YYYY-MM-DD (default: today)")
	out := fs.String("out", "", "FILE.html or FILE.docx")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"report survey 不接受位置参数"}
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".html" && ext != ".htm" && ext != ".docx" {
		return usageError{"--out 应为 .html 或 .docx 文件"}
	}
	a, code, date, err := openRegionAsOf(ctx, g, *regionCode, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := survey.Build(ctx, a.db, store.ScopeAll(), code, date)
	if err != nil {
		return regionError(code, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".survey-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if ext == ".docx" {
		err = r.WriteDOCX(tmp)
	} else {
		err = r.WriteHTML(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("写入 %s: %w", *out, err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\t%s\t%s\n", *out, r.Region.Name, r.AsOf)
	return nil
}
