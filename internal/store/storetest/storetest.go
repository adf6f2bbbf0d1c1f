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
	"strings"
	"sync"
	"testing"
	"time"

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
	MigratedFile(t, path)
	return path
}

// MigratedFile writes a migrated SQLite database at path (a copy of the one
// this test binary migrated once): what a command line test puts in its data
// folder so that its first command does not migrate all over again.
func MigratedFile(t testing.TB, path string) {
	t.Helper()
	b, err := migrated()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
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

// URL returns a fresh, empty database URL of the engine named by kind
// ("sqlite" or "postgres"), for tests that drive the command line through
// its first migration. It skips when PostgreSQL is asked for and not
// configured.
func URL(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "fangpin.db")
	}
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		t.Skip("FANGPIN_TEST_PG not set")
	}
	return createPGDatabase(t, "")
}

// MigratedURL is URL for a database already migrated (copied from this
// binary's template): for command line tests of everything after the first
// migration, which URL's tests cover.
func MigratedURL(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return migratedCopy(t)
	}
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		t.Skip("FANGPIN_TEST_PG not set")
	}
	return createPGDatabase(t, pgTemplate(t))
}

// Postgres returns a migrated, newly created PostgreSQL database that is
// dropped when the test ends: a copy of a template database migrated once
// per schema (CREATE DATABASE … TEMPLATE), which takes a fraction of
// migrating again. Open still runs the migrations, and finds none pending.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, createPGDatabase(t, pgTemplate(t)))
}

// keptTemplates is how many templates of other schemas a server keeps
// (other checkouts and branches use them; the oldest go first).
const keptTemplates = 6

// pgTemplate returns the name of a migrated template database for this
// binary's migrations, creating it when no test binary has yet: its name
// carries the schema's digest, so a changed migration makes a new one (and
// only the few newest of other schemas are kept). Test binaries of several
// packages run at once; an advisory lock lets one of them create it while
// the others wait.
func pgTemplate(t testing.TB) string {
	t.Helper()
	pgTemplateMu.Lock()
	defer pgTemplateMu.Unlock()
	if pgTemplateName != "" {
		return pgTemplateName
	}
	name, err := ensurePGTemplate()
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	pgTemplateName = name
	return name
}

var (
	pgTemplateMu   sync.Mutex
	pgTemplateName string // the template this binary found or made
)

// forgetPGTemplate makes the next pgTemplate look again (another checkout's
// tests dropped it meanwhile).
func forgetPGTemplate() {
	pgTemplateMu.Lock()
	pgTemplateName = ""
	pgTemplateMu.Unlock()
}

func ensurePGTemplate() (string, error) {
	ctx := context.Background()
	dsn := os.Getenv("FANGPIN_TEST_PG")
	name := "fangpin_tpl_" + store.SchemaDigest()[:16]
	if parts := os.Getenv(store.PartitionsEnv); parts != "" { // the same schema, partitioned by county
		name += "_p" + parts
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	const lock = 7_114_212 // any constant the test binaries agree on
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lock); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lock)
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		return "", err
	}
	if n == 1 {
		return name, nil
	}
	// Build it under a temporary name and rename it when migrated, so no
	// binary ever copies a half-migrated template.
	building := name + "_new"
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, withDatabase(dsn, building))
	if err != nil {
		return "", err
	}
	err = db.Migrate(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
		return "", err
	}
	// Of the templates of other schemas (earlier ones, other branches'),
	// only the newest few stay.
	rows, err := conn.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'fangpin\\_tpl\\_%' AND datname <> $1
		ORDER BY oid DESC OFFSET $2`, name, keptTemplates)
	if err != nil {
		return "", err
	}
	var old []string
	for rows.Next() {
		var o string
		if rows.Scan(&o) == nil {
			old = append(old, o)
		}
	}
	rows.Close()
	for _, o := range old {
		conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+o+" WITH (FORCE)")
	}
	return name, nil
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
	t.Cleanup(func() { checkDatabase(t, db) })
	return db
}

// checkDatabase fails the test whose database holds a row with the wrong
// county (store.CountyMismatches): every INSERT into a household-level table
// names the county, and every test that writes one proves it. It fails it
// too when an index is left invalid (store.InvalidIndexes), as one rebuilt
// "ON ONLY" a partitioned table was. A database
// the test closed or broke on purpose is not checked.
func checkDatabase(t testing.TB, db *store.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	bad, err := db.CountyMismatches(ctx)
	if err != nil {
		return
	}
	for table, n := range bad {
		t.Errorf("%d rows of %s carry the wrong county (store.CountyMismatches)", n, table)
	}
	invalid, err := db.InvalidIndexes(ctx)
	if err != nil {
		return
	}
	for _, name := range invalid {
		t.Errorf("index %s is invalid: some partition lacks it (store.InvalidIndexes)", name)
	}
}

// createPGDatabase creates a database, a copy of template when one is
// named, and returns its URL; the database is dropped when the test ends.
func createPGDatabase(t testing.TB, template string) string {
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
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	// Copying a template fails while another session is connected to it
	// (SQLSTATE 55006), which only the instant of a concurrent copy is.
	// A template another checkout's tests dropped (SQLSTATE 3D000) is made
	// again.
	for try := 0; ; try++ {
		_, err = admin.Exec(create)
		if err != nil && template != "" && try < 20 && strings.Contains(err.Error(), "3D000") {
			forgetPGTemplate()
			template = pgTemplate(t)
			create = "CREATE DATABASE " + name + " TEMPLATE " + template
			continue
		}
		if err == nil || try == 20 || !strings.Contains(err.Error(), "55006") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
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
	return withDatabase(dsn, name)
}

// withDatabase returns dsn naming database name instead of its own.
func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}
