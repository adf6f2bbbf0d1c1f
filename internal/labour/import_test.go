package labour

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeImport: the household import's row/column problems, all or nothing,
// the scope, and months from the employment feed; then the figures.
func TestScopeImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys, ids := fixture(t, db)
		y := strconv.Itoa(civil.Today().Year())
		head := "证件号码,年度,去向,省份,务工月数,务工收入（元）"
		bad := testkit.CSV(t, head,
			testkit.ID(1)+","+y+",省外,陕西省,3,12000",
			testkit.ID(2)+","+y+",外地,,3,",
			testkit.ID(6)+","+y+",市内县外,,3,", // another village: outside the scope
			testkit.ID(3)+","+y+",省内市外,,,")  // no months and no feed row
		res, err := Import(ctx, db, keys, store.MustScope(testkit.VillageA), bad, "t")
		if !errors.Is(err, ErrRejected) || res.Count != 3 {
			t.Fatalf("bad file: %v %+v", err, res)
		}
		if got := res.Issues[0].String(); got != "第3行 C列「去向」：去向应为市内县外、省内市外或省外" {
			t.Errorf("issue: %q", got)
		}
		if got := res.Issues[1].String(); !strings.Contains(got, "第4行 A列") {
			t.Errorf("issue: %q", got)
		}
		n := testkit.Int(t, db, "SELECT count(*) FROM labour_transfers")
		if n != 0 {
			t.Fatalf("rejected file stored %d transfers", n)
		}
		// a 务工 row of the employment feed gives the months
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO feed_employment (file_id, row_no, person_id, id_idx, id_masked, status, place, months, day)
			VALUES (1, 2, ?, '', '', '务工', '西安', 7, ?)`, ids[testkit.ID(3)][0], civil.Today().Year()*10000+101); err != nil {
			t.Fatal(err)
		}
		good := testkit.CSV(t, head,
			testkit.ID(1)+","+y+",省外,陕西省,3,12000",
			testkit.ID(3)+","+y+",省内市外,,,8000.50")
		if res, err := Import(ctx, db, keys, store.MustScope(testkit.VillageA), good, "t"); err != nil || res.Rows != 2 {
			t.Fatalf("good file: %v %+v", err, res)
		}
		var months int
		var source string
		db.Reader().QueryRowContext(ctx, "SELECT months, source FROM labour_transfers WHERE person_id = ?", ids[testkit.ID(3)][0]).Scan(&months, &source)
		if months != 7 || source != SourceFeed {
			t.Errorf("months from the feed: %d %s", months, source)
		}
		// typed: only a person of the scope
		typed := Transfer{Year: civil.Today().Year(), Destination: InCity, Months: 4}
		if err := Record(ctx, db, store.MustScope(testkit.VillageB), ids[testkit.ID(2)][0], typed, "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("typed outside the scope: %v", err)
		}
		if err := Record(ctx, db, store.MustScope(testkit.VillageA), ids[testkit.ID(2)][0], typed, "t"); err != nil {
			t.Fatal(err)
		}
		f, err := FiguresAt(ctx, db.Reader(), store.MustScope(testkit.VillageA), civil.Today())
		if err != nil || f.Transferred != 3 || f.IncomeFen != 2_000_050 {
			t.Errorf("figures: %+v %v", f, err)
		}
		f, err = FiguresAt(ctx, db.Reader(), store.MustScope(testkit.VillageB), civil.Today())
		if err != nil || f.Transferred != 0 {
			t.Errorf("figures of another village: %+v %v", f, err)
		}
	})
}
