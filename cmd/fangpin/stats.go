package main

import (
	"context"
	"database/sql"
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
	a, code, date, err := openRegionAsOf(ctx, g, *regionCode, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	o, err := stats.Compute(ctx, a.db, store.ScopeAll(), code, date)
	if err != nil {
		return regionError(code, err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(o)
}

// openRegionAsOf parses the date, opens the database and resolves the
// region (defaultRegion when empty) of a command asking for figures.
func openRegionAsOf(ctx context.Context, g globals, code, asOf string) (*app, string, time.Time, error) {
	date, err := parseDate(asOf)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	if code == "" {
		if code, err = defaultRegion(ctx, a.db.Reader()); err != nil {
			a.Close()
			return nil, "", time.Time{}, err
		}
	}
	return a, code, date, nil
}

// regionError words a region that does not exist.
func regionError(code string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("区划 %s 不存在", code)
	}
	return err
}

// parseDate reads YYYY-MM-DD (civil.ParseISO) as midnight UTC; "" is today
// in China.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return civil.Today().UTC(), nil
	}
	d, err := civil.ParseISO(s)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("日期 %q 无效，应为 YYYY-MM-DD", s)}
	}
	return d.UTC(), nil
}

// defaultRegion is stats.DefaultRegion for the whole country, or its first
// province when no household is stored yet: a command needs a stored region,
// where a page would list the provinces.
func defaultRegion(ctx context.Context, q store.Querier) (string, error) {
	code, err := stats.DefaultRegion(ctx, q, store.ScopeAll())
	if code != "" || err != nil {
		return code, err
	}
	var first sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT min(code) FROM regions WHERE level = 1").Scan(&first); err != nil {
		return "", fmt.Errorf("default region: %w", err)
	}
	if !first.Valid {
		return "", errors.New("没有区划数据，请先导入区划 (fangpin import regions FILE)")
	}
	return first.String, nil
}
