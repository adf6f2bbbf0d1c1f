package retrofit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/pii"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

const (
	today = civil.Date(20261128)
)

// fixture registers A1 and A2 in village A and B1 in village B, heads with
// testkit.ID(1), (2) and (3).
func fixture(t *testing.T, db *store.DB) *pii.Keys {
	t.Helper()
	testkit.Regions(t, db)
	keys := testkit.Keys(t)
	registrytest.Import(t, db, keys, time.Date(2026, 3, 28, 0, 0, 0, 0, civil.Zone),
		registrytest.Head+",劳动技能",
		testkit.VillageA+",A1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,健康,普通劳动力",
		testkit.VillageA+",A2,一般农户,乙,"+testkit.ID(2)+",户主,初中,健康,普通劳动力",
		testkit.VillageB+",B1,脱贫户,丙,"+testkit.ID(3)+",户主,初中,健康,普通劳动力")
	return keys
}

const header = "户主身份证号,改造类型,危房等级,中央补助（元）,省级补助（元）,市级补助,县级补助,其他补助,开工日期,竣工日期,验收日期"

// TestScopeImport: problems by row and column, all or nothing, the scope;
// a second import of a project updates it; list, get and update stay in
// the scope, and an update is audited with who and when.
func TestScopeImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "zj"})
		keys := fixture(t, db)
		a := store.MustScope(testkit.VillageA)
		bad := testkit.CSV(t, header,
			testkit.ID(1)+",危房改造,D,10000,5000,,,,2026-03-01,2026-06-30,2026-07-15",
			testkit.ID(2)+",危房改造,,1,,,,,2026-03-01,,",
			testkit.ID(3)+",危房改造,C,1,,,,,2026-03-01,,", // village B: outside the scope
			testkit.ID(2)+",抗震改造,,1,,,,,2026-03-01,2026-02-01,",
			testkit.ID(2)+",翻建,,-1,,,,,2026-03-01,,2026-03-02",
			testkit.ID(1)+",危房改造,d,1,,,,,2026-3-1,,")
		res, err := Import(ctx, db, keys, a, bad, "zj", today)
		want := []string{
			"第3行 C列「危房等级」：危房改造应填写危房等级（C或D）",
			"第4行 A列「户主身份证号」：未找到此证件号码的在册人员",
			"第5行 J列「竣工日期」：竣工日期早于开工日期",
			"第6行 B列「改造类型」：改造类型应为危房改造或农房抗震改造",
			"第6行 D列「中央补助」：金额不能为负数",
			"第7行 A列「户主身份证号」：与第2行是同一户、同一改造类型、同一开工日期",
		}
		var got []string
		for _, is := range res.Issues {
			got = append(got, is.String())
		}
		if !errors.Is(err, ErrRejected) || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("bad file: %v\n%s\nwant\n%s", err, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if list, n, _ := List(ctx, db.Reader(), store.ScopeAll(), Filter{}); n != 0 || len(list) != 0 {
			t.Fatalf("a rejected file stored %d", n)
		}
		good := testkit.CSV(t, header,
			testkit.ID(1)+",危房改造,D,10000,5000,,,,2026-03-01,2026-06-30,2026-07-15",
			testkit.ID(2)+",抗震改造,,20000,,,,100.5,2026-05-01,,")
		if res, err := Import(ctx, db, keys, a, good, "zj", today); err != nil || res.Rows != 2 {
			t.Fatalf("good file: %v %+v", err, res)
		}
		again := testkit.CSV(t, header, testkit.ID(2)+",农房抗震改造,,20000,,,,100.5,2026-05-01,2026-10-01,")
		if res, err := Import(ctx, db, keys, a, again, "zj2", today); err != nil || res.Rows != 1 {
			t.Fatalf("again: %v %+v", err, res)
		}
		list, n, err := List(ctx, db.Reader(), a, Filter{Status: "done"})
		if err != nil || n != 2 || list[0].HouseholdCode != "A2" || list[0].Completed != 20261001 || list[0].Subsidy() != 2_010_050 ||
			list[0].CreatedBy != "zj" || list[0].UpdatedBy != "zj2" || list[0].HeadName != "乙" {
			t.Fatalf("list: %d %+v %v", n, list, err)
		}
		if _, n, _ := List(ctx, db.Reader(), store.MustScope(testkit.VillageB), Filter{}); n != 0 {
			t.Errorf("village B lists %d of A's retrofits", n)
		}
		if got, _ := ForHousehold(ctx, db.Reader(), store.MustScope(testkit.VillageB), list[0].HouseholdID); len(got) != 0 {
			t.Errorf("village B reads A2's retrofits: %+v", got)
		}
		if got, _ := ForHousehold(ctx, db.Reader(), a, list[0].HouseholdID); len(got) != 1 {
			t.Errorf("A2's retrofits: %+v", got)
		}
		id := list[1].ID
		if _, err := Get(ctx, db.Reader(), store.MustScope(testkit.VillageB), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get from village B: %v", err)
		}
		to := list[1]
		to.Accepted = 0
		to.Other = 99
		if err := Update(ctx, db, store.MustScope(testkit.VillageB), id, to, "b", today); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update from village B: %v", err)
		}
		to.Accepted = 20260601 // before completion
		if err := Update(ctx, db, a, id, to, "ed", today); err == nil {
			t.Error("an acceptance before completion was stored")
		}
		to.Accepted = 0
		if err := Update(ctx, db, a, id, to, "ed", today); err != nil {
			t.Fatal(err)
		}
		r, err := Get(ctx, db.Reader(), a, id)
		if err != nil || r.Accepted != 0 || r.Other != 99 || r.UpdatedBy != "ed" || r.CreatedBy != "zj" {
			t.Errorf("updated: %+v %v", r, err)
		}
		var action string
		db.Reader().QueryRowContext(ctx, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&action)
		if action != "retrofit.update" {
			t.Errorf("last audit entry %q", action)
		}
	})
}

// TestCheck: every rule of Check at its edge.
func TestCheck(t *testing.T) {
	ok := Retrofit{Kind: "危房改造", Level: "C", Started: today, Completed: today, Accepted: today}
	if err := ok.Check(today); err != nil {
		t.Errorf("all on today: %v", err)
	}
	for name, r := range map[string]Retrofit{
		"started":   {Kind: "危房改造", Level: "C", Started: today + 1},
		"completed": {Kind: "农房抗震改造", Started: 20260102, Completed: 20260101},
		"accepted":  {Kind: "农房抗震改造", Started: 20260101, Accepted: 20260101},
		"level":     {Kind: "危房改造", Level: "B", Started: 20260101},
		"kind":      {Kind: "新建", Started: 20260101},
	} {
		if err := r.Check(today); err == nil || !strings.Contains(err.Error(), "") {
			t.Errorf("%s: no problem found", name)
		}
	}
}
