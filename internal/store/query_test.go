package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// three is a query of three rows of two integers, the last 5 (its argument), 6.
const three = "SELECT 1 AS a, 2 AS b UNION ALL SELECT 3, 4 UNION ALL SELECT ?, 6"

// pair scans a row of two integers.
func pair(rows store.Scanner) ([2]int64, error) {
	var p [2]int64
	return p, rows.Scan(&p[0], &p[1])
}

// TestCollect: Collect, Values and Each read every row in order and wrap
// every error with what was read.
func TestCollect(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q := db.Reader()
		got, err := store.Collect(ctx, q, "test: pairs", pair,
			"SELECT 1, 2 UNION ALL SELECT 3, ? ORDER BY 1", 4)
		if err != nil || len(got) != 2 || got[0] != [2]int64{1, 2} || got[1] != [2]int64{3, 4} {
			t.Fatalf("Collect = %v, %v; want [[1 2] [3 4]]", got, err)
		}
		none, err := store.Collect(ctx, q, "test: none", pair, "SELECT 1, 2 WHERE 1 = 0")
		if err != nil || len(none) != 0 {
			t.Fatalf("Collect of no rows = %v, %v", none, err)
		}
		boom := errors.New("boom")
		_, err = store.Collect(ctx, q, "test: scan", func(store.Scanner) (int, error) { return 0, boom }, "SELECT 1")
		if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "test: scan: ") {
			t.Fatalf("scan error = %v; want it wrapped as test: scan", err)
		}
		codes, err := store.Values[string](ctx, q, "test: values", "SELECT 'a' UNION ALL SELECT ? ORDER BY 1", "b")
		if err != nil || len(codes) != 2 || codes[0] != "a" || codes[1] != "b" {
			t.Fatalf("Values = %q, %v; want [a b]", codes, err)
		}
		page, total, err := store.CollectPage(ctx, q, "test: page", pair, "SELECT count(*) FROM ("+three+") t",
			"SELECT * FROM ("+three+") t ORDER BY 1", []any{5}, store.Page{Page: 2, PerPage: 2})
		if err != nil || total != 3 || len(page) != 1 || page[0] != [2]int64{5, 6} {
			t.Fatalf("CollectPage = %v of %d, %v; want [[5 6]] of 3", page, total, err)
		}
		sum := int64(0)
		err = store.Each(ctx, q, "test: each", func(rows store.Scanner) error {
			p, err := pair(rows)
			sum += p[0] * p[1]
			return err
		}, "SELECT 1, 2 UNION ALL SELECT 3, 4")
		if err != nil || sum != 14 {
			t.Fatalf("Each summed %d, %v; want 14", sum, err)
		}
		seen := 0
		stop := errors.New("stop")
		err = store.ForEach(ctx, q, "test: for each", pair, func([2]int64) error { seen++; return stop },
			"SELECT 1, 2 UNION ALL SELECT 3, 4")
		if !errors.Is(err, stop) || seen != 1 {
			t.Fatalf("ForEach after fn's error: %d rows, %v; want 1, stop", seen, err)
		}
		_, err = store.Collect(ctx, q, "test: query", pair, "SELECT nothing FROM no_such_table")
		if err == nil || !strings.HasPrefix(err.Error(), "test: query: ") {
			t.Fatalf("query error = %v; want it wrapped as test: query", err)
		}
	})
}

// TestFound: no row is ErrNotFound, any other error keeps its cause, both
// named; no error stays nil.
func TestFound(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		in   error
		want error
		text string
	}{
		{nil, nil, ""},
		{sql.ErrNoRows, store.ErrNotFound, "test: row 7: "},
		{boom, boom, "test: row 7: boom"},
	}
	for _, c := range cases {
		got := store.Found(c.in, "test: row 7")
		if c.want == nil && got != nil || c.want != nil && (!errors.Is(got, c.want) || !strings.HasPrefix(got.Error(), c.text)) {
			t.Errorf("Found(%v) = %v; want %v named %q", c.in, got, c.want, c.text)
		}
	}
}
