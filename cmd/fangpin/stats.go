package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

func cmdStats(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("stats", stderr)
	regionCode := fs.String("region", "", "12-digit region code (default: the region holding all households)")
	asOf := fs.String("as-of", "", "date YYYY-MM-DD (default: today)")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"stats 不接受位置参数"}
	}
	if !*asJSON {
		return usageError{"stats 目前只支持 --json 输出"}
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
	code := *regionCode
	if code == "" {
		if code, err = stats.DefaultRegion(ctx, a.db.Reader()); err != nil {
			return err
		}
	}
	o, err := stats.Compute(ctx, a.db, store.ScopeAll(), code, date)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("区划 %s 不存在", code)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(o)
}

// parseDate reads YYYY-MM-DD; "" is today in China.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		n := time.Now().In(civil.Zone)
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, usageError{fmt.Sprintf("日期 %q 无效，应为 YYYY-MM-DD", s)}
	}
	return t, nil
}
