package store_test

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestRebind(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"a = '?' AND b = ?", "a = '?' AND b = $1"},
		{"x IN (?,?,?)", "x IN ($1,$2,$3)"},
	}
	for _, c := range cases {
		if got := store.Rebind(store.Postgres, c.in); got != c.want {
			t.Errorf("Rebind(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := store.Rebind(store.SQLite, c.in); got != c.in {
			t.Errorf("SQLite Rebind changed %q", c.in)
		}
	}
}

func TestScope(t *testing.T) {
	cases := []struct {
		code, prefix string
		in, out      string
	}{
		{"620000000000", "62", "620321100201", "630100000000"},
		{"620300000000", "6203", "620321100201", "620421000000"},
		{"620321000000", "620321", "620321100201", "620302000000"},
		{"620321100000", "620321100", "620321100201", "620321101201"},
		{"620321100201", "620321100201", "620321100201", "620321100202"},
		{"620201000000", "620201", "620201100001", "620200000000"},
	}
	for _, c := range cases {
		s, err := store.ScopeOf(c.code)
		if err != nil {
			t.Fatal(err)
		}
		if s.Prefix() != c.prefix || !s.Contains(c.in) || s.Contains(c.out) {
			t.Errorf("ScopeOf(%s) = %q; contains %s=%v %s=%v", c.code, s.Prefix(), c.in, s.Contains(c.in), c.out, s.Contains(c.out))
		}
	}
	for _, bad := range []string{"", "62", "6203000000001", "62030000000X", "000000000000"} {
		if _, err := store.ScopeOf(bad); err == nil {
			t.Errorf("ScopeOf(%q) accepted", bad)
		}
	}
	var zero store.Scope
	if _, _, err := zero.Where("region_code"); !errors.Is(err, store.ErrNoScope) {
		t.Errorf("zero scope gave %v", err)
	}
	town := store.MustScope("620321100000")
	if !town.Within(store.MustScope("620300000000")) || store.MustScope("620300000000").Within(town) {
		t.Error("Within is wrong")
	}
}

// TestScopeRangeOnDatabase checks that the index range of a scope selects
// exactly the codes with its prefix on both engines (collation matters).
func TestScopeRangeOnDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		codes := []string{"620300000000", "620321100201", "620321999999", "620322000000", "620400000000", "630000000000"}
		for _, c := range codes {
			if _, err := db.Writer().ExecContext(ctx, "INSERT INTO regions (code, name, level) VALUES (?, ?, 5)", c, c); err != nil {
				t.Fatal(err)
			}
		}
		where, args, err := store.MustScope("620321000000").Where("code")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Reader().QueryContext(ctx, "SELECT code FROM regions WHERE "+where+" ORDER BY code", args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var c string
			rows.Scan(&c)
			got = append(got, c)
		}
		if strings.Join(got, ",") != "620321100201,620321999999" {
			t.Fatalf("scope range selected %v", got)
		}
	})
}

func TestTransactRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO regions (code, name, level) VALUES (?, ?, 1)", "110000000000", "北京市"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM regions").Scan(&n)
		if n != 0 {
			t.Fatal("rolled-back insert is visible")
		}
		if err := db.Migrate(ctx); err != nil { // idempotent
			t.Fatal(err)
		}
		if p, err := db.Pending(ctx); err != nil || p {
			t.Fatalf("pending = %v, %v", p, err)
		}
	})
}

// TestSchemasAgree checks that the SQLite and PostgreSQL migrations create
// the same tables with the same columns.
func TestSchemasAgree(t *testing.T) {
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		t.Skip("FANGPIN_TEST_PG not set")
	}
	lite := columns(t, storetest.SQLite(t), `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`)
	// (of tables partitioned by county, the partitioned table: store.Partition)
	pg := columns(t, storetest.Postgres(t), `SELECT table_name || '.' || column_name FROM information_schema.columns
		JOIN pg_class c ON c.relname = table_name AND c.relnamespace = 'public'::regnamespace
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' AND NOT c.relispartition`)
	if strings.Join(lite, "\n") != strings.Join(pg, "\n") {
		t.Fatalf("schemas differ:\nsqlite:\n%s\npostgres:\n%s", strings.Join(lite, "\n"), strings.Join(pg, "\n"))
	}
	if len(lite) < 10 {
		t.Fatalf("suspiciously few columns: %v", lite)
	}
}

func columns(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	out := testkit.Strings(t, db, q)
	sort.Strings(out)
	return out
}

// TestCopyFromInTransaction: rows sent with COPY are visible inside the
// transaction and gone after its rollback. COPY is PostgreSQL's alone;
// TestCopyFromRefusedOnSQLite covers SQLite.
func TestCopyFromInTransaction(t *testing.T) {
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		t.Skip("FANGPIN_TEST_PG not set (SQLite has no COPY)")
	}
	db := storetest.Postgres(t)
	ctx := context.Background()
	rows := [][]any{{"110000000000", "北京市", 1, nil}, {"120000000000", "天津市", 1, nil}}
	rollback := errors.New("roll back")
	err := db.Transact(ctx, func(tx *store.Tx) error {
		if !tx.CanCopy() {
			t.Fatal("CanCopy is false on PostgreSQL")
		}
		n, err := tx.CopyFrom(ctx, "regions", []string{"code", "name", "level", "parent_code"}, rows)
		if err != nil || n != 2 {
			t.Fatalf("CopyFrom = %d, %v", n, err)
		}
		if c := countRegions(t, tx); c != 2 {
			t.Fatalf("copied rows not visible in the transaction: %d", c)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("Transact = %v, want the rollback error", err)
	}
	if c := countRegions(t, db.Reader()); c != 0 {
		t.Fatalf("copied rows survived a rollback: %d", c)
	}
}

// TestCopyFromRefusedOnSQLite: SQLite has no bulk-load protocol, so
// CanCopy is false and both copies answer ErrNoCopy (callers then insert in
// batches) without storing anything.
func TestCopyFromRefusedOnSQLite(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	cols := []string{"code", "name", "level", "parent_code"}
	err := db.Transact(ctx, func(tx *store.Tx) error {
		if tx.CanCopy() {
			t.Error("CanCopy is true on SQLite")
		}
		if _, err := tx.CopyFrom(ctx, "regions", cols, [][]any{{"110000000000", "北京市", 1, nil}}); !errors.Is(err, store.ErrNoCopy) {
			t.Errorf("CopyFrom = %v, want ErrNoCopy", err)
		}
		next := func() ([]any, error) { return []any{"120000000000", "天津市", 1, nil}, nil }
		if _, err := tx.CopyFromFunc(ctx, "regions", cols, next); !errors.Is(err, store.ErrNoCopy) {
			t.Errorf("CopyFromFunc = %v, want ErrNoCopy", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := countRegions(t, db.Reader()); c != 0 {
		t.Errorf("%d regions stored by a refused copy", c)
	}
}

func countRegions(t *testing.T, q store.Querier) int {
	t.Helper()
	var c int
	if err := q.QueryRowContext(context.Background(), "SELECT count(*) FROM regions").Scan(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestScopeNarrow(t *testing.T) {
	city := store.MustScope("620300000000")
	cases := []struct {
		region string
		want   string
		kind   fault.Kind
	}{
		{"", "6203", 0},
		{"620302000000", "620302", 0},
		{"620300000000", "6203", 0},
		{"620100000000", "", fault.NotFound},
		{"620000000000", "", fault.NotFound},
		{"6203", "", fault.Invalid},
		{"62030200000x", "", fault.Invalid},
		{"000000000000", "", fault.Invalid},
	}
	for _, c := range cases {
		got, err := city.Narrow(c.region)
		if fault.KindOf(err) != c.kind || err == nil && got.Prefix() != c.want {
			t.Errorf("Narrow(%q) = %v, %v", c.region, got, err)
		}
	}
	if _, err := (store.Scope{}).Narrow(""); !errors.Is(err, store.ErrNoScope) {
		t.Errorf("zero scope: %v", err)
	}
	if _, err := city.Narrow("620100000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("outside: %v", err)
	}
}
