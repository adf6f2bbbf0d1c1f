package feed

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestImportCountsOnce: an import raises the sectors block's counter
// (migration 00035) — on SQLite once for the file, its rows' triggers
// paused and put back —, and a rolled-back one neither counts nor loses
// the triggers.
func TestImportCountsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys := testkit.Keys(t)
		addPerson(t, db, keys, id(1), village)
		counted := func() int64 {
			t.Helper()
			n, err := store.ChangeCount(ctx, db.Reader(), "sectors")
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		triggers := func() int {
			var n int
			if db.Dialect == store.SQLite {
				db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'feed_medical'").Scan(&n)
			}
			return n
		}
		before, kept := counted(), triggers()
		bad := testkit.File(t, "bad.csv", csvOf(medicalHeader, id(1)+",2026-01-23,10,5,0,0,5,", id(1)+",not a day,10,5,0,0,5,"))
		if _, err := Import(asDept, db, keys, Medical, bad, Options{Now: now, Username: "dept", Region: "620300000000"}); err == nil {
			t.Fatal("a file with a bad row was imported")
		}
		if n := counted(); n != before {
			t.Errorf("a rejected import: sectors %d → %d", before, n)
		}
		path := testkit.File(t, "claims.csv", csvOf(medicalHeader, id(1)+",2026-01-23,10,5,0,0,5,", id(1)+",2026-01-24,10,5,0,0,5,"))
		if res, err := Import(asDept, db, keys, Medical, path, Options{Now: now, Username: "dept", Region: "620300000000"}); err != nil {
			t.Fatal(err, res.Issues)
		}
		if n := counted(); n <= before || (db.Dialect == store.SQLite && n != before+1) {
			t.Errorf("an import of 2 rows: sectors %d → %d, want one count more", before, n)
		}
		if n := triggers(); n != kept {
			t.Errorf("%d triggers on feed_medical after the imports, want %d", n, kept)
		}
	})
}
