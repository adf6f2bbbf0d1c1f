package survey

import (
	"context"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeSurvey: a village's report counts its own households only —
// incomes of 脱贫户 and of other monitored households, measures — however
// many the other village has.
func TestScopeSurvey(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	rows := []string{registrytest.Head + ",人均纯收入（元）,监测对象类别,识别监测时间"}
	for i, r := range []string{
		testkit.VillageA + ",A1,脱贫户,甲,%s,户主,初中,健康,7000,脱贫不稳定户,202603",
		testkit.VillageA + ",A2,一般农户,乙,%s,户主,初中,健康,7000,边缘易致贫户,202603",
		testkit.VillageA + ",A3,脱贫户,丙,%s,户主,初中,健康,,,",
		testkit.VillageB + ",B1,脱贫户,丁,%s,户主,初中,健康,7000,,",
	} {
		rows = append(rows, strings.Replace(r, "%s", testkit.ID(i+1), 1))
	}
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, civil.Zone)
	registrytest.Import(t, db, testkit.Keys(t), asOf, rows...)
	// a measure of each village
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO measures (household_id, region_code, county, type, owner, start_on, due_on,
		status, amount_fen, created_by, created_at, updated_at)
		SELECT id, region_code, county, '产业帮扶', '农业农村局', '2026-04-01', '2026-12-31', 'in_progress', 100000000, 'test', '2026-04-01', '2026-04-01'
		FROM households`); err != nil {
		t.Fatal(err)
	}
	r, err := Build(ctx, db, store.MustScope(testkit.VillageB), testkit.VillageB, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if in := r.Figures.Income; in.Households != 1 || in.NotAbove != 1 || in.Missing != 0 {
		t.Errorf("village B's incomes %+v", in)
	}
	if m := r.Figures.Measures; m.Count != 1 || m.AmountFen != 100000000 {
		t.Errorf("village B's measures %+v", m)
	}
	r, err = Build(ctx, db, store.MustScope(testkit.VillageA), testkit.VillageA, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if in := r.Figures.Income; in.Households != 2 || in.NotAbove != 2 || in.Missing != 1 {
		t.Errorf("village A's incomes %+v", in)
	}
	if s := text(r); !strings.Contains(s, "全村落实帮扶措施3项，涉及3户，帮扶资金300.00万元") {
		t.Errorf("village A's report:\n%s", s)
	}
}
