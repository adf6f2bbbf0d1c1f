package testkit

import (
	"context"
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
