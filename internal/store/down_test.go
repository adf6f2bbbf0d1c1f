package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSectorCountsDown: migration 00035 goes down on both engines — its
// triggers, functions and counters gone, a household written without
// counting — and up again.
func TestSectorCountsDown(t *testing.T) {
	ctx := context.Background()
	urls := map[string]string{"sqlite": filepath.Join(t.TempDir(), "down.db")}
	if dsn := os.Getenv("FANGPIN_TEST_PG"); dsn != "" {
		admin, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		name := fmt.Sprintf("fangpin_down_%d", time.Now().UnixNano())
		if _, err := admin.Writer().ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Writer().ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)") })
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		urls["postgres"] = u.String()
	}
	for engine, dbURL := range urls {
		t.Run(engine, func(t *testing.T) {
			db, err := Open(ctx, dbURL)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			counters := func() int {
				var n int
				if err := db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM change_counts WHERE topic = 'sectors' OR topic LIKE 'sectors@%'").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			if partitioned, err := db.Partitioned(ctx); err != nil || partitioned {
				t.Skip("tables partitioned by county cannot go down past migration 00036, which added the partition key", err)
			}
			county := true // migration 00036 added households.county
			insert := func(code string) {
				q := `INSERT INTO households (code, region_code, county, type, created_at, updated_at)
					VALUES (?, '620321100201', '620321', '一般农户', 'x', 'x')`
				if !county {
					q = `INSERT INTO households (code, region_code, type, created_at, updated_at)
					VALUES (?, '620321100201', '一般农户', 'x', 'x')`
				}
				if _, err := db.Writer().ExecContext(ctx, q, code); err != nil {
					t.Fatal(err)
				}
			}
			insert("D1")
			if n := counters(); n != 2 { // sectors, sectors@620321
				t.Fatalf("%d sectors counters after a household, want 2", n)
			}
			p, err := db.provider()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.DownTo(ctx, 34); err != nil {
				t.Fatal(err)
			}
			county = false
			insert("D2")
			if n := counters(); n != 0 {
				t.Errorf("%d sectors counters after going down, want none", n)
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatal(err)
			}
			county = true
			insert("D3")
			if n := counters(); n != 2 {
				t.Errorf("%d sectors counters up again, want 2", n)
			}
		})
	}
}
