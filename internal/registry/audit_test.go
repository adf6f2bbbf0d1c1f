package registry

import (
	"context"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestImportAuditedInItsTransaction: a committed import has its audit
// entry, and an import whose entry cannot be written stores nothing
// (issue 15, item 5).
func TestImportAuditedInItsTransaction(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	path := csvFile(t, stdHeader, family("62032100000001", 11))
	if _, err := doImport(t, db, path, ImportOptions{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	got, n, err := audit.Find(context.Background(), db.Reader(), store.ScopeAll(), audit.Filter{Action: "household.import"})
	if err != nil || n != 1 || got[0].EntityID != "households.csv" {
		t.Fatalf("audit entries %d %+v %v", n, got, err)
	}
	db2 := storetest.SQLite(t)
	testkit.Regions(t, db2)
	if _, err := db2.Writer().ExecContext(context.Background(), "ALTER TABLE audit_log RENAME TO audit_gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := doImport(t, db2, path, ImportOptions{Now: testNow}); err == nil {
		t.Fatal("import without its audit entry succeeded")
	}
	if n := count(t, db2, "SELECT COUNT(*) FROM households"); n != 0 {
		t.Fatalf("%d households stored without an audit entry", n)
	}
}
