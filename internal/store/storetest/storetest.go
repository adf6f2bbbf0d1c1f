// Package storetest opens throw-away fangpin databases for tests: a temporary
// SQLite file always, and a fresh PostgreSQL database when FANGPIN_TEST_PG
// holds a DSN.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"fangpin/internal/store"
)

// Each runs fn once per available database engine, as a subtest named after
// the dialect, with a freshly migrated, empty database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv("FANGPIN_TEST_PG") == "" {
			t.Skip("FANGPIN_TEST_PG not set")
		}
		fn(t, Postgres(t))
	})
}

// SQLite returns a migrated database in a temporary file: a copy of one
// migrated once per test binary, which takes a fraction of migrating again.
// Open still runs the migrations, and finds none pending. Its writer
// commits with synchronous=NORMAL (store.FastSuffix): a test needs no
// power-cut safety, and FULL doubles the time of a test that writes much.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, migratedCopy(t)+store.FastSuffix)
}

// SQLiteDurable is SQLite as a server opens it (synchronous=FULL), for
// benchmarks that measure what a commit costs.
func SQLiteDurable(t testing.TB) *store.DB {
	t.Helper()
	return open(t, migratedCopy(t))
}

func migratedCopy(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fangpin.db")
	b, err := migrated()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// migrated returns the bytes of a freshly migrated SQLite database.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "fangpin-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "fangpin.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil { // the last close folds the WAL into the file
		return nil, err
	}
	return os.ReadFile(path)
})

// URL returns a fresh database URL of the engine named by kind ("sqlite" or
// "postgres"), for tests that drive the command line. It skips when
// PostgreSQL is asked for and not configured.
func URL(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "fangpin.db")
	}
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		t.Skip("FANGPIN_TEST_PG not set")
	}
	return createPGDatabase(t)
}

// Postgres returns a migrated, newly created PostgreSQL database that is
// dropped when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, createPGDatabase(t))
}

func open(t testing.TB, dbURL string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func createPGDatabase(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("FANGPIN_TEST_PG")
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "fangpin_t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
