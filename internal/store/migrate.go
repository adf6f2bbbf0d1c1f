package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sync"
	"testing/fstest"
	"time"

	"fangpin/internal/store/pgddl"

	"github.com/pressly/goose/v3"
)

// migrations holds the SQLite migrations, the only source of the schema:
// the PostgreSQL ones are derived from them (pgddl) when first needed.
//
//go:embed migrations/sqlite
var migrations embed.FS

// migrationsFor returns the migrations of a dialect as a tree of
// "NNNNN_name.sql" files.
func migrationsFor(d Dialect) (fs.FS, error) {
	if d == Postgres {
		return postgresMigrations()
	}
	return fs.Sub(migrations, "migrations/sqlite")
}

// postgresMigrations rewrites every SQLite migration once per process.
var postgresMigrations = sync.OnceValues(func() (fs.FS, error) {
	names, err := fs.Glob(migrations, "migrations/sqlite/*.sql")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for _, n := range names {
		b, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		pg, err := pgddl.FromSQLite(b)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", n, err)
		}
		out[path.Base(n)] = &fstest.MapFile{Data: pg, Mode: 0o444}
	}
	return out, nil
})

// ErrNewerSchema is returned by Migrate for a database that a newer fangpin
// has migrated beyond the migrations this binary embeds.
var ErrNewerSchema = errors.New("store: database schema is newer than this binary")

// Migrate applies every embedded migration not yet applied. It refuses a
// database whose schema is newer than this binary (ErrNewerSchema). On
// PostgreSQL with PartitionsEnv set, it then partitions the household
// tables by county, unless they are already.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	cur, max, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if cur > max {
		return fmt.Errorf("数据库结构版本 %d 比本程序认识的最高版本 %d 新：它已被更新版本的 fangpin 升级过，请使用那个版本（或更新的），不要用旧程序打开 (%w)", cur, max, ErrNewerSchema)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if db.Dialect != Postgres {
		return nil
	}
	parts, err := partitionsWanted()
	if err != nil || parts == 0 {
		return err
	}
	return db.Partition(ctx, parts)
}

// Pending reports whether migrations remain to be applied.
func (db *DB) Pending(ctx context.Context) (bool, error) {
	p, err := db.provider()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := migrationsFor(db.Dialect)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", db.Dialect, err)
	}
	d := goose.DialectSQLite3
	if db.Dialect == Postgres {
		d = goose.DialectPostgres
	}
	p, err := goose.NewProvider(d, db.w, sub)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Versions returns the schema version of the database (the last migration
// applied, 0 for a new database) and the highest migration this binary
// embeds.
func (db *DB) Versions(ctx context.Context) (current, embedded int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	return p.GetVersions(ctx)
}

// Step is one migration and whether it is applied.
type Step struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Steps lists the embedded migrations, applied or pending.
func (db *DB) Steps(ctx context.Context) ([]Step, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	out := make([]Step, 0, len(st))
	for _, s := range st {
		out = append(out, Step{Version: s.Source.Version, Name: path.Base(s.Source.Path),
			Applied: s.State == goose.StateApplied, AppliedAt: s.AppliedAt})
	}
	return out, nil
}

// MigrateTo applies the embedded migrations up to and including version
// (for tests that build a database as an earlier release left it).
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	return nil
}

// SchemaDigest is the SHA-256 (hex) of the embedded migrations, names and
// text: two binaries with the same digest build the same schema.
func SchemaDigest() string {
	h := sha256.New()
	names, _ := fs.Glob(migrations, "migrations/sqlite/*.sql")
	for _, n := range names {
		b, _ := migrations.ReadFile(n)
		fmt.Fprintf(h, "%s %d\n", path.Base(n), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// EmbeddedVersion is the highest migration this binary embeds.
func EmbeddedVersion() int64 {
	var max int64
	names, _ := fs.Glob(migrations, "migrations/sqlite/*.sql")
	for _, n := range names {
		var v int64
		if _, err := fmt.Sscanf(path.Base(n), "%d_", &v); err == nil && v > max {
			max = v
		}
	}
	return max
}
