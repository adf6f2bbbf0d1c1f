package testkit

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fangpin/internal/store"
)

// Rows runs query on db's readers and returns every row's values as the
// driver gives them, whatever the columns: what tests dump and compare.
func Rows(t testing.TB, db *store.DB, query string, args ...any) [][]any {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Int runs a query of one integer (a count, an id) on db's readers.
func Int(t testing.TB, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Strings runs query on db's readers and returns each row's values printed
// and joined by spaces (text columns as text, not bytes): rows a test
// compares with the lines it expects.
func Strings(t testing.TB, db *store.DB, query string, args ...any) []string {
	t.Helper()
	var out []string
	for _, vals := range Rows(t, db, query, args...) {
		s := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			s[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(s, " "))
	}
	return out
}
