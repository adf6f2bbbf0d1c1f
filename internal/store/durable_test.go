package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fangpin/internal/store"
)

// TestSQLiteWriterSyncsEveryCommit: the writer connection commits with
// synchronous=FULL, so an acknowledged receipt, case step or import is on
// disk (issue 15, item 7); readers keep NORMAL.
func TestSQLiteWriterSyncsEveryCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "fangpin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var w, r int
	if err := db.Writer().QueryRowContext(ctx, "PRAGMA synchronous").Scan(&w); err != nil {
		t.Fatal(err)
	}
	if err := db.Reader().QueryRowContext(ctx, "PRAGMA synchronous").Scan(&r); err != nil {
		t.Fatal(err)
	}
	if w != 2 || r != 1 {
		t.Fatalf("synchronous: writer %d, reader %d; want FULL (2) and NORMAL (1)", w, r)
	}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&w)
	})
	if err != nil || w != 2 {
		t.Fatalf("in a transaction: synchronous %d, %v", w, err)
	}
}

// TestSQLiteFilePrivate: the database file is created 0600 and an existing
// world-readable one is made private (issue 15, item 9).
func TestSQLiteFilePrivate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, pre := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "fangpin.db")
		if pre {
			os.WriteFile(path, nil, 0o644)
			os.Chmod(path, 0o644)
		}
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		db.Close()
		for _, p := range []string{path, path + "-wal"} {
			if st, err := os.Stat(p); err == nil && st.Mode().Perm() != 0o600 {
				t.Errorf("%s (existing %v): mode %v", filepath.Base(p), pre, st.Mode().Perm())
			}
		}
	}
}
