package registry

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestBulkIndexesMatchSchema proves that an import into an empty registry,
// which drops and rebuilds the secondary indexes (and on SQLite the
// per-row counting triggers, on PostgreSQL the foreign keys), leaves
// exactly the indexes, triggers and constraints the migrations create.
func TestBulkIndexesMatchSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		before := indexes(t, db)
		ixs, err := store.SecondaryIndexes(context.Background(), db.Reader(), bulkTables...)
		if err != nil || len(ixs) < 10 {
			t.Fatalf("secondary indexes of the registry: %v %v", ixs, err)
		}
		// a duplicate ID number in the second household: rejected, all rolled back
		bad := append(family("62032100000001", 11), family("62032100000002", 11)...)
		if _, err := doImport(t, db, csvFile(t, stdHeader, bad), ImportOptions{}); !errors.Is(err, ErrRejected) {
			t.Fatalf("a file with a duplicate: %v", err)
		}
		if after := indexes(t, db); after != before {
			t.Fatalf("indexes differ after a rejected bulk import:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		if _, err := doImport(t, db, csvFile(t, stdHeader, family("62032100000001", 11)), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if after := indexes(t, db); after != before {
			t.Fatalf("indexes differ after a bulk import:\nbefore:\n%s\nafter:\n%s", before, after)
		}
	})
}

func indexes(t *testing.T, db *store.DB) string {
	t.Helper()
	q := "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
	if db.Dialect == store.Postgres {
		// of tables partitioned by county (store.Partition), the partitioned
		// table's: PostgreSQL numbers its partitions' copies anew each time
		q = `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.tablename
				AND c.relnamespace = 'public'::regnamespace WHERE i.schemaname = 'public' AND NOT c.relispartition
			UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
				WHERE connamespace = 'public'::regnamespace AND conparentid = 0`
	}
	out := testkit.Strings(t, db, q)
	for i, row := range out {
		out[i] = strings.Join(strings.Fields(row), " ")
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestInsertAfterBulkImport checks that ids assigned during a bulk import do
// not collide with ids the database assigns later (PostgreSQL sequences).
func TestInsertAfterBulkImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		if _, err := doImport(t, db, csvFile(t, stdHeader, family("62032100000001", 11)), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		res, err := doImport(t, db, csvFile(t, stdHeader, family("62032100000002", 21)), ImportOptions{})
		if err != nil || res.HouseholdsInserted != 1 {
			t.Fatalf("second import: %+v %v", res, err)
		}
		if n := testkit.Int(t, db, "SELECT count(DISTINCT household_id) FROM persons"); n != 2 {
			t.Fatalf("persons in %d households", n)
		}
	})
}
