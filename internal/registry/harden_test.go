package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestImportSummaryAndRejects: a changed income counts its household as
// updated, a negative income is refused, and a rejected row that holds a
// formula is written inert to the rejects file (issue 15, item 9).
func TestImportSummaryAndRejects(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	rows := family("62032100000001", 11)
	if _, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i] = with(rows[i], ColIncome, "9000")
	}
	res, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{Now: testNow})
	if err != nil || res.HouseholdsUpdated != 1 || res.HouseholdsUnchanged != 0 {
		t.Fatalf("income changed: %+v %v", res, err)
	}
	for i := range rows {
		rows[i] = with(rows[i], ColIncome, "-100")
	}
	res, err = doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{Now: testNow})
	if !errors.Is(err, ErrRejected) || !strings.Contains(res.Issues[0].Message, "负数") {
		t.Fatalf("negative income: %v %+v", err, res.Issues)
	}
	bad := family("62032100000002", 21)
	bad[1] = with(bad[1], ColName, `=HYPERLINK("http://evil.example","点我")`, ColHealth, "感冒")
	rejects := filepath.Join(t.TempDir(), "rejects.csv")
	f, _ := os.Create(rejects)
	_, err = doImport(t, db, csvFile(t, stdHeader, bad), ImportOptions{Now: testNow, SkipInvalid: true, Rejects: f})
	f.Close()
	b, _ := os.ReadFile(rejects)
	if err != nil || !strings.Contains(string(b), `'=HYPERLINK`) || !strings.HasPrefix(string(b), "\uFEFF原行号,错误原因,") {
		t.Fatalf("rejects: %v\n%s", err, b)
	}
}

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
	if n := testkit.Int(t, db2, "SELECT COUNT(*) FROM households"); n != 0 {
		t.Fatalf("%d households stored without an audit entry", n)
	}
}
