package store_test

import (
	"context"
	"errors"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestPauseInsertCounts: the per-row counting triggers of the registry's
// tables are dropped while paused, come back as they were, and the count
// rises once for the paused inserts.
func TestPauseInsertCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tables := []string{"households", "persons", "household_incomes"}
		triggers := func(q store.Querier) int {
			var n int
			q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").Scan(&n)
			return n
		}
		var all int
		if db.Dialect == store.SQLite {
			all = triggers(db.Reader())
		}
		village := func() int64 { // the village's counter (migration 00034)
			t.Helper()
			counts, err := store.VillageCounts(ctx, db.Reader(), "visit.facts", store.MustScope("620321100200"))
			if err != nil {
				t.Fatal(err)
			}
			return counts["620321100200"]
		}
		county := func() int64 { // the county's counter (migration 00035)
			t.Helper()
			counts, err := store.VillageCounts(ctx, db.Reader(), "sectors", store.MustScope("620321000000"))
			if err != nil {
				t.Fatal(err)
			}
			return counts["620321"] // 0 before the county's first change
		}
		before, beforeCounty := village(), county()
		err := db.Transact(ctx, func(tx *store.Tx) error {
			resume, err := store.PauseInsertCounts(ctx, tx, tables...)
			if err != nil {
				return err
			}
			if db.Dialect == store.SQLite {
				// visit.facts of the three tables, sectors of households and persons (00035)
				if n := triggers(tx); n != all-5 {
					t.Errorf("%d triggers while paused, want %d", n, all-5)
				}
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO households (id, code, region_code, county, type, created_at, updated_at) VALUES (1, 'h1', '620321100200', '620321', '一般农户', 'x', 'x'), (2, 'h2', '620321100200', '620321', '一般农户', 'x', 'x')"); err != nil {
				return err
			}
			return resume()
		})
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect == store.SQLite {
			if n := triggers(db.Reader()); n != all {
				t.Errorf("%d triggers after, want %d", n, all)
			}
		}
		if after := village(); after <= before {
			t.Errorf("visit.facts@620321100200 %d → %d: the paused inserts were not counted", before, after)
		}
		if after := county(); after <= beforeCounty {
			t.Errorf("sectors@620321 %d → %d: the paused inserts were not counted", beforeCounty, after)
		}
	})
}

// TestPauseForeignKeys: a foreign key paused for a bulk load still refuses
// an orphan row when it comes back.
func TestPauseForeignKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Transact(ctx, func(tx *store.Tx) error {
			resume, err := store.PauseForeignKeys(ctx, tx, "persons")
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, region_code, per_capita_fen, source, updated_at)
				VALUES (99, 2025, '620321100200', 1, 'x', 'x')`); err != nil {
				return err
			}
			return resume()
		})
		if err == nil {
			t.Fatal("an income of no household was stored")
		}
		err = db.Transact(ctx, func(tx *store.Tx) error {
			resume, err := store.PauseForeignKeys(ctx, tx, "household_incomes")
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, region_code, per_capita_fen, source, updated_at)
				VALUES (99, 2025, '620321100200', 1, 'x', 'x')`); err != nil {
				if db.Dialect == store.SQLite {
					return errors.New("roll back") // SQLite keeps checking row by row
				}
				return err
			}
			if err := resume(); err == nil {
				t.Error("the foreign key came back over an orphan row")
			}
			return errors.New("roll back")
		})
		if err == nil {
			t.Fatal("committed")
		}
	})
}
