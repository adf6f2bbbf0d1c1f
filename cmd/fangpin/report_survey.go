package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
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
	write := r.WriteHTML
	if ext == ".docx" {
		write = r.WriteDOCX
	}
	if err := replaceFile(*out, write, nil); err != nil {
		return fmt.Errorf("写入 %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "%s\t%s\t%s\n", *out, r.Region.Name, r.AsOf)
	return nil
}

// cmdReportThresholds lists the survey report's thresholds (docs/survey.md)
// as KEY<TAB>VALUE<TAB>DEFAULT lines, after storing the KEY=VALUE pairs
// given (audited).
func cmdReportThresholds(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report thresholds", stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	values := map[string]int{}
	for _, kv := range pos {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || err != nil {
			return usageError{fmt.Sprintf("阈值应写作 KEY=整数，不能是 %q", kv)}
		}
		values[strings.TrimSpace(k)] = n
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	var set survey.Settings
	if len(values) == 0 {
		set, err = survey.LoadSettings(ctx, a.db.Reader())
	} else {
		set, err = survey.Change(ctx, a.db, values)
	}
	if err != nil {
		return err
	}
	for _, s := range set.List() {
		fmt.Fprintf(stdout, "%s\t%d\t%d\n", s.Key, s.Value, s.Deflt)
	}
	return nil
}
