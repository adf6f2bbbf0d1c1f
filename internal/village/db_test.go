package village

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// file writes a CSV indicator file of lines under the template's header.
func file(t *testing.T, lines ...string) string {
	t.Helper()
	return testkit.CSV(t, append([]string{strings.Join(Header(), ",")}, lines...)...)
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScopeImport: a file of a county's user names villages of that county
// only; a problem anywhere stores nothing, each problem has its row and
// column; a good file stores every row with one audit entry.
func TestScopeImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		testkit.Regions(t, db)
		county := store.MustScope("620321000000")
		bad := file(t,
			villageA+",2026,是,省级,2024,10,10,90,2,1,是,是,是,是,文明村",
			villageD+",2026,是,,,1,1,1,1,1,否,否,否,否,",       // another county's village
			"620321100000,2026,是,,,1,1,1,1,1,否,否,否,否,",    // a township
			villageB+",2026,也许,县级,,x,1,1,1,1,否,否,否,否,",    // three bad cells
			villageA+",2026,否,,,0,0,0,0,0,否,否,否,否,",       // the same village and year again
			villageC+",2026,否,市级,2027,0,0,0,0,0,否,否,否,否,", // named after the year
		)
		res, err := Import(ctx, db, county, bad, "t")
		if !errors.Is(err, ErrRejected) || res.Rows != 0 {
			t.Fatalf("bad file: %+v %v", res, err)
		}
		var got []string
		for _, i := range res.Issues {
			got = append(got, i.String())
		}
		for _, want := range []string{"第3行", "第4行", "实用性村庄规划", "改厕任务（座）", "与第2行是同一村同一年度", "示范村创建年度"} {
			if !strings.Contains(strings.Join(got, "\n"), want) {
				t.Errorf("issues lack %q:\n%s", want, strings.Join(got, "\n"))
			}
		}
		if res.Count != 6 {
			t.Errorf("%d issues, want 6:\n%s", res.Count, strings.Join(got, "\n"))
		}
		if rows, _ := Rows(ctx, db.Reader(), store.ScopeAll(), 2026, ""); len(rows) != 0 {
			t.Errorf("a rejected file stored %d rows", len(rows))
		}

		good := file(t,
			villageA+",2026,是,省级,2024,10,10,90,2,1,是,是,是,是,文明村、省级卫生村",
			villageB+",2026,否,,,5,3,40,1,0,否,是,是,否,",
			villageA+",2025,是,省级,2024,8,8,80,2,1,否,是,是,是,",
		)
		if res, err := Import(ctx, db, county, good, "t"); err != nil || res.Rows != 3 {
			t.Fatalf("good file: %+v %v", res, err)
		}
		if n := auditCount(t, db, "village.import"); n != 1 {
			t.Errorf("%d import entries", n)
		}
		rows, err := Rows(ctx, db.Reader(), store.MustScope(villageA), 2026, "")
		if err != nil || len(rows) != 1 || !rows[0].AllLists() || rows[0].DemoLevel != LevelProvince || len(rows[0].Titles) != 2 {
			t.Errorf("village A 2026: %+v %v", rows, err)
		}
		if rows, _ := Rows(ctx, db.Reader(), store.MustScope("620321101000"), 2026, ""); len(rows) != 0 {
			t.Errorf("another township reads %+v", rows)
		}
		if rows, _ := Rows(ctx, db.Reader(), county, 2026, "2000-01-01T00:00:00Z"); len(rows) != 0 {
			t.Errorf("rows recorded after the stamp: %+v", rows)
		}
		// a village's user cannot import another village
		if res, err := Import(ctx, db, store.MustScope(villageB), good, "t"); !errors.Is(err, ErrRejected) || res.Count != 2 {
			t.Errorf("village B imports village A: %+v %v", res, err)
		}
	})
}

// TestScopeUpdate: one village's row typed, audited; outside the scope or
// not a village is not found.
func TestScopeUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		testkit.Regions(t, db)
		scope := store.MustScope(villageA)
		i := Indicator{Region: villageA, Year: 2026, PlanDone: true, ToiletsDone: 4, Titles: []string{"文明村"}}
		if err := Update(ctx, db, scope, i, "amy"); err != nil {
			t.Fatal(err)
		}
		got, err := Find(ctx, db.Reader(), scope, villageA, 2026)
		if err != nil || !got.PlanDone || got.ToiletsDone != 4 || got.UpdatedBy != "amy" || got.Titles[0] != "文明村" {
			t.Errorf("Find = %+v %v", got, err)
		}
		if got, err := Find(ctx, db.Reader(), scope, villageA, 2025); err != nil || got.Region != villageA || got.PlanDone {
			t.Errorf("a year without a row: %+v %v", got, err)
		}
		if n := auditCount(t, db, "village.update"); n != 1 {
			t.Errorf("%d update entries", n)
		}
		for _, code := range []string{villageB, "620321100000", "620321100299"} {
			i.Region = code
			if err := Update(ctx, db, scope, i, "amy"); fault.KindOf(err) != fault.NotFound && code != "620321100000" {
				t.Errorf("update %s: %v", code, err)
			}
			if _, err := Find(ctx, db.Reader(), scope, code, 2026); fault.KindOf(err) != fault.NotFound {
				t.Errorf("find %s: %v", code, err)
			}
		}
		i.Region, i.ToiletsDone = villageA, -1
		if err := Update(ctx, db, scope, i, "amy"); fault.KindOf(err) != fault.Invalid {
			t.Errorf("negative: %v", err)
		}
	})
}
