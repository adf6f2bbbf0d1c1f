package registry

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
