// Package store opens fangpin's database (SQLite by default, PostgreSQL for
// larger deployments), applies the embedded migrations and hides the few
// differences between the two dialects.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // pure-Go SQLite driver "sqlite"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open fangpin database: a writer pool and a reader pool (the same
// pool on PostgreSQL; on SQLite one writer connection beside several readers).
type DB struct {
	Dialect Dialect
	w, r    *sql.DB
	dsn     string
}

// IsPostgres reports whether the URL names a PostgreSQL database.
func IsPostgres(dbURL string) bool {
	return strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://")
}

// Open opens the database named by dbURL: a SQLite path (optionally
// "sqlite:PATH") or a postgres:// URL. It does not migrate; call Migrate.
func Open(ctx context.Context, dbURL string) (*DB, error) {
	if IsPostgres(dbURL) {
		return openPostgres(ctx, dbURL)
	}
	path, fast := strings.CutSuffix(strings.TrimPrefix(dbURL, "sqlite:"), FastSuffix)
	return openSQLite(ctx, path, fast)
}

// FastSuffix, appended to a SQLite path, makes the writer commit with
// synchronous=NORMAL: a commit may be lost in a power cut (never corrupted).
// For tests and throwaway databases only; a server never uses it.
const FastSuffix = "?synchronous=normal"

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(8)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("store: connect postgres: %w", err)
	}
	return &DB{Dialect: Postgres, w: p, r: p, dsn: dsn}, nil
}

func openSQLite(ctx context.Context, path string, fast bool) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create folder for %s: %w", path, err)
		}
	}
	if err := private(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=cache_size(-16384)"
	// The writer syncs the WAL at every commit (FULL): a receipt, a case step
	// or an import is on disk before it is acknowledged. The readers never
	// write, so NORMAL costs them nothing.
	sync := "FULL"
	if fast {
		sync = "NORMAL"
	}
	w, err := sql.Open("sqlite", base+"&_pragma=synchronous("+sync+")&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1) // SQLite has one writer; queue writers in Go, not in busy loops
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// The readers map the file (docs/architecture.md, "Stores and
	// migrations"): a page comes from the OS cache without a read call.
	r, err := sql.Open("sqlite", base+"&_pragma=synchronous(NORMAL)&_pragma=query_only(1)&_pragma=mmap_size(4294967296)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{Dialect: SQLite, w: w, r: r, dsn: path}, nil
}

// private makes the database file readable by its owner only (0600),
// creating it empty when missing (SQLite gives its WAL and shared-memory
// files the database file's mode), and takes group and other access away
// from an existing one and its WAL files: it holds personal data.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, st.Mode().Perm()&^0o077); err != nil {
			return fmt.Errorf("make %s private: %w", p, err)
		}
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Path is the SQLite file path ("" on PostgreSQL).
func (db *DB) Path() string {
	if db.Dialect == SQLite {
		return db.dsn
	}
	return ""
}

// Querier runs SQL written with ? placeholders, on a DB or inside a Tx.
type Querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
	Dialect() Dialect
}

// Writer is the Querier that writes (the single writer connection on SQLite).
func (db *DB) Writer() Querier { return &conn{db.w, db.Dialect} }

// Reader is the Querier for reads (the reader pool on SQLite).
func (db *DB) Reader() Querier { return &conn{db.r, db.Dialect} }

// ReadConn takes one connection of the reader pool, for reads that need
// the same connection across statements or the driver itself (the
// screen's bulk scans, see package screening); Close gives it back.
// Statements on it are not rebound: use Rebind.
func (db *DB) ReadConn(ctx context.Context) (*sql.Conn, error) { return db.r.Conn(ctx) }

type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
}

type conn struct {
	e execer
	d Dialect
}

func (c *conn) Dialect() Dialect { return c.d }
func (c *conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.e.ExecContext(ctx, Rebind(c.d, q), args...)
}
func (c *conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.e.QueryContext(ctx, Rebind(c.d, q), args...)
}
func (c *conn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return c.e.QueryRowContext(ctx, Rebind(c.d, q), args...)
}
func (c *conn) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return c.e.PrepareContext(ctx, Rebind(c.d, q))
}

// Tx is a transaction; it is a Querier.
type Tx struct {
	conn
	tx  *sql.Tx
	raw *sql.Conn // the connection the transaction runs on
}

// SQL returns the underlying transaction, for driver-specific work (COPY).
func (t *Tx) SQL() *sql.Tx { return t.tx }

// Transact runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise (also on panic).
func (db *DB) Transact(ctx context.Context, fn func(tx *Tx) error) (err error) {
	c, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer c.Close()
	stx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{conn: conn{stx, db.Dialect}, tx: stx, raw: c}
	defer func() {
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
		if err != nil {
			stx.Rollback()
			return
		}
		if cerr := stx.Commit(); cerr != nil {
			err = fmt.Errorf("store: commit: %w", cerr)
		}
	}()
	return fn(tx)
}

// Rebind turns ? placeholders into $1, $2 … for PostgreSQL. Question marks
// inside single-quoted strings are left alone.
func Rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Distinct returns an SQL expression true when a and b differ, NULLs compared
// as values (IS NOT in SQLite, IS DISTINCT FROM in PostgreSQL).
func (d Dialect) Distinct(a, b string) string {
	if d == Postgres {
		return a + " IS DISTINCT FROM " + b
	}
	return a + " IS NOT " + b
}

// Placeholders returns "(?,?,…)" groups for a multi-row VALUES list.
func Placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// Now is the current time in the stored text form (UTC, RFC 3339).
func Now() string { return Stamp(time.Now()) }

// SyncSequence moves a table's id sequence past its largest id, after rows
// were inserted with explicit ids (PostgreSQL; SQLite needs nothing).
func SyncSequence(ctx context.Context, q Querier, table string) error {
	if q.Dialect() != Postgres {
		return nil
	}
	_, err := q.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('"+table+"', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM "+table+"), false)")
	if err != nil {
		return fmt.Errorf("store: sync sequence of %s: %w", table, err)
	}
	return nil
}

// Snapshot writes a consistent copy of a SQLite database to dest (which must
// not exist) with VACUUM INTO, on a connection of its own so that neither
// pool waits: the copy reads one snapshot while writers go on.
func (db *DB) Snapshot(ctx context.Context, dest string) error {
	if db.Dialect != SQLite {
		return errors.New("store: Snapshot is for SQLite; use pg_dump")
	}
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db.dsn}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	return nil
}

// DSN is the database URL the DB was opened with (the SQLite path, or the
// PostgreSQL connection string).
func (db *DB) DSN() string { return db.dsn }
