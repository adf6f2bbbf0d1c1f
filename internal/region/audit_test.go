package region

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestImportOnAudited: a region file imported from disk records its audit
// entry in the import's transaction; without the entry nothing is stored
// (issue 15, item 5).
func TestImportOnAudited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(path, []byte("code,name,level,parent_code\n620000000000,甘肃省,1,\n"), 0o600)
	db := storetest.SQLite(t)
	if _, err := ImportOn(ctx, db, path, civil.Today()); err != nil {
		t.Fatal(err)
	}
	if _, n, err := audit.Find(ctx, db.Reader(), store.ScopeAll(), audit.Filter{Action: "region.import"}); err != nil || n != 1 {
		t.Fatalf("%d entries, %v", n, err)
	}
	db2 := storetest.SQLite(t)
	db2.Writer().ExecContext(ctx, "ALTER TABLE audit_log RENAME TO audit_gone")
	if _, err := ImportOn(ctx, db2, path, civil.Today()); err == nil {
		t.Fatal("imported without its audit entry")
	}
	if n, _ := Count(ctx, db2.Reader()); n != 0 {
		t.Fatalf("%d regions stored", n)
	}
}
