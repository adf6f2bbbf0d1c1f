package entity

import (
	"context"
	"errors"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// fixture registers households A1, A2 (北海子村), B1 (金川西村) and C1
// (新城子村) of one member each and imports three entities with their
// links, shares, agreements and payouts, recorded on 1 January 2026.
func fixture(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	rows := []string{registrytest.Head + ",劳动技能,监测对象类别,识别监测时间"}
	for i, r := range []string{testkit.VillageA + ",A1,脱贫户,甲", testkit.VillageA + ",A2,一般农户,乙", testkit.VillageB + ",B1,脱贫户,丙", testkit.VillageC + ",C1,脱贫户,丁"} {
		rows = append(rows, r+","+testkit.ID(i+1)+",户主,初中,健康,普通劳动力,,")
	}
	registrytest.Import(t, db, testkit.Keys(t), time.Date(2026, 1, 1, 0, 0, 0, 0, civil.Zone), rows...)
	all := store.ScopeAll()
	for _, f := range []struct {
		kind  string
		lines []string
	}{
		{FileEntities, []string{"主体名称,统一社会信用代码,主体类型,等级,所在县区代码,覆盖乡镇村代码,联农带农方式",
			"富民养殖合作社,91350100M000100Y43,农民合作社,县级,620321000000,620321100000,托养托管、吸纳就业",
			"金川牧业公司,,龙头企业,省级,620302000000,620321101201,土地流转、雇工",
			"永昌家庭农场,,家庭农场,,620321000000,,租赁"}},
		{FileLinks, []string{"主体名称,户编号,联结方式",
			"富民养殖合作社,A1,托养托管", "富民养殖合作社,A2,吸纳就业", "富民养殖合作社,B1,托养托管",
			"金川牧业公司,C1,土地流转", "永昌家庭农场,A2,订单生产"}},
		{FileShares, []string{"主体名称,户编号,入股金额（元）,资金来源,入股日期",
			"富民养殖合作社,A1,10000,衔接资金,2026-01-10", "富民养殖合作社,B1,5000.50,衔接资金,2026-03-01",
			"金川牧业公司,C1,2000,其他,2026-12-01"}},
		{FileAgreements, []string{"主体名称,户编号,分红比例（‰）,固定分红金额（元）,约定兑付日,签订日期",
			"富民养殖合作社,A1,60,,06-30,2026-01-10", "富民养殖合作社,B1,,300,12-31,2025-03-01"}},
		{FilePayouts, []string{"主体名称,户编号,年度,分红金额（元）,应兑付日期,兑付日期,兑付凭证",
			"富民养殖合作社,A1,2026,,,,", "富民养殖合作社,B1,2025,,,,", "富民养殖合作社,B1,2026,,,,"}},
	} {
		if res, err := Import(ctx, db, all, f.kind, testkit.CSV(t, f.lines...), "test"); err != nil {
			t.Fatal(f.kind, err, res.Issues)
		}
	}
	for _, tbl := range []string{"entities", "entity_links"} {
		if _, err := db.Writer().ExecContext(ctx, "UPDATE "+tbl+" SET created_at = '2026-01-01T00:00:00Z'"); err != nil {
			t.Fatal(err)
		}
	}
}

func payoutID(t *testing.T, db *store.DB, hh string, year int) int64 {
	t.Helper()
	var id int64
	if err := db.Reader().QueryRowContext(context.Background(), `SELECT p.id FROM entity_payouts p JOIN households h ON h.id = p.household_id
		WHERE h.code = ? AND p.year = ?`, hh, year).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestScopeFigures: every figure at its edges and in three scopes.
func TestScopeFigures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fixture(t, db)
		d := civil.FromYMD
		county, town, vA := store.MustScope("620321000000"), store.MustScope("620321100000"), store.MustScope(testkit.VillageA)
		at := func(s store.Scope, day civil.Date) Figures {
			t.Helper()
			f, err := FiguresAt(ctx, db.Reader(), s, day)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		f := at(county, d(2026, 6, 30))
		// the county: its two entities and 金川牧业公司 (covering and linking 新城子村)
		if f.Entities != 3 || f.ByKind[0] != (KindCount{KindEnterprise, 1}) || f.ByKind[1].Count != 1 || f.ByKind[2].Count != 1 {
			t.Errorf("entities: %+v", f)
		}
		// 城关镇 named; 北海子村, 金川西村, 新城子村 linked (河西堡镇 through 新城子村)
		if f.Townships != 2 || f.TownshipsAll != 2 || f.Villages != 3 || f.VillagesAll != 4 {
			t.Errorf("coverage: %+v", f)
		}
		if f.HouseholdsLinked != 4 {
			t.Errorf("linked: %d", f.HouseholdsLinked)
		}
		// C1's share is paid in after as_of
		if f.SharesFen != 1_500_050 || f.ShareEntities != 1 || f.ShareHouseholds != 2 {
			t.Errorf("shares: %+v", f)
		}
		if f.AgreementHouseholds != 2 || f.AgreementTownships != 1 {
			t.Errorf("agreements: %+v", f)
		}
		// A1's 600 元 due on as_of, unpaid; B1's of 2025 overdue, of 2026 not due yet
		if f.PayoutsDue != 1 || f.PayoutsDueFen != 60000 || f.PayoutsPaid != 0 || f.Overdue != 1 || f.OverdueFen != 30000 {
			t.Errorf("payouts: %+v", f)
		}
		// 金川牧业公司: 土地流转、雇工 and a 土地流转 link; 永昌家庭农场 has 订单生产
		if f.OnlyWeak != 1 {
			t.Errorf("only weak: %d", f.OnlyWeak)
		}
		if g := at(county, d(2026, 6, 29)); g.PayoutsDue != 0 || g.PaidPermille() != -1 {
			t.Errorf("the day before: %+v", g)
		}
		if g := at(county, d(2025, 12, 31)); g.Entities != 0 || g.HouseholdsLinked != 0 || g.AgreementHouseholds != 1 || g.Overdue != 0 {
			t.Errorf("before anything was recorded: %+v", g)
		}
		// paid after as_of: due, not paid by as_of; overdue the day after
		a1 := payoutID(t, db, "A1", 2026)
		if err := MarkPaid(ctx, db, store.ScopeAll(), a1, d(2026, 7, 2), d(2026, 12, 1), "回单001", "t"); err != nil {
			t.Fatal(err)
		}
		if g := at(county, d(2026, 6, 30)); g.PayoutsDue != 1 || g.PayoutsPaid != 0 || g.Overdue != 1 {
			t.Errorf("paid after as_of: %+v", g)
		}
		if g := at(county, d(2026, 7, 1)); g.Overdue != 2 {
			t.Errorf("overdue the day after: %+v", g)
		}
		if g := at(county, d(2026, 7, 2)); g.PayoutsPaid != 1 || g.PayoutsPaidFen != 60000 || g.PaidPermille() != 1000 || g.Overdue != 1 {
			t.Errorf("paid on as_of: %+v", g)
		}
		// the township: no 新城子村, so neither C1 nor 河西堡镇
		if g := at(town, d(2026, 7, 2)); g.Entities != 2 || g.Villages != 2 || g.VillagesAll != 2 || g.Townships != 1 || g.TownshipsAll != 1 || g.HouseholdsLinked != 3 {
			t.Errorf("township: %+v", g)
		}
		// 北海子村: A1 and A2 only; 金川牧业公司 is of none of its places
		g := at(vA, d(2026, 7, 2))
		if g.Entities != 2 || g.OnlyWeak != 0 || g.HouseholdsLinked != 2 || g.SharesFen != 1_000_000 || g.Overdue != 0 ||
			g.AgreementHouseholds != 1 || g.Villages != 1 || g.VillagesAll != 1 || g.Townships != 0 || g.TownshipsAll != 0 {
			t.Errorf("village: %+v", g)
		}
	})
}

// TestScopeLists: the list, an entity's lines, a household's, the overdue
// list and marking paid stay inside the scope.
func TestScopeLists(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fixture(t, db)
		q := db.Reader()
		day := civil.FromYMD(2026, 7, 1)
		vA, vB := store.MustScope(testkit.VillageA), store.MustScope(testkit.VillageB)
		rows, err := List(ctx, q, vA, Filter{}, day)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Name != "富民养殖合作社" || rows[0].Households != 2 || rows[0].SharesFen != 1_000_000 || rows[0].Overdue != 1 {
			t.Fatalf("village A's list: %+v", rows)
		}
		all, err := List(ctx, q, store.ScopeAll(), Filter{OnlyWeak: true}, day)
		if err != nil || len(all) != 1 || all[0].Name != "金川牧业公司" || all[0].Level != "省级" {
			t.Fatalf("only weak: %+v %v", all, err)
		}
		if all, _ := List(ctx, q, store.ScopeAll(), Filter{Kind: KindFamilyFarm, Level: "none", Name: "家庭"}, day); len(all) != 1 {
			t.Errorf("filters: %+v", all)
		}
		farm := rows[1].ID
		if _, err := Get(ctx, q, vB, farm); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("village B opens a farm of village A only: %v", err)
		}
		coop := rows[0].ID
		det, err := Lines(ctx, q, vB, coop, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(det.Links) != 1 || det.Links[0].HouseholdCode != "B1" || det.Links[0].Head != "丙" || len(det.Shares) != 1 ||
			len(det.Agreements) != 1 || det.Agreements[0].FixedFen != 30000 || len(det.Payouts) != 2 {
			t.Errorf("village B's lines: %+v", det)
		}
		var a1 int64
		if err := q.QueryRowContext(ctx, "SELECT id FROM households WHERE code = 'A1'").Scan(&a1); err != nil {
			t.Fatal(err)
		}
		if det, _ := Lines(ctx, q, vB, 0, a1); len(det.Links)+len(det.Shares)+len(det.Payouts) != 0 {
			t.Errorf("village B reads A1: %+v", det)
		}
		if det, _ := Lines(ctx, q, vA, 0, a1); len(det.Links) != 1 || len(det.Payouts) != 1 || det.Payouts[0].AmountFen != 60000 {
			t.Errorf("A1's lines: %+v", det)
		}
		over, err := Overdue(ctx, q, vA, day)
		if err != nil || len(over) != 1 || over[0].HouseholdCode != "A1" {
			t.Errorf("village A's overdue: %+v %v", over, err)
		}
		b1 := payoutID(t, db, "B1", 2025)
		if err := MarkPaid(ctx, db, vA, b1, day, day, "x", "t"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("village A marks B1's payout: %v", err)
		}
		if err := MarkPaid(ctx, db, vB, b1, day, day, "", "t"); err == nil {
			t.Error("no evidence accepted")
		}
		if err := MarkPaid(ctx, db, vB, b1, day.AddDays(1), day, "x", "t"); err == nil {
			t.Error("a day after today accepted")
		}
		if err := MarkPaid(ctx, db, vB, b1, day, day, "回单", "t"); err != nil {
			t.Fatal(err)
		}
		if err := MarkPaid(ctx, db, vB, b1, day, day, "回单", "t"); err == nil {
			t.Error("paid twice")
		}
		var n int
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'entity.payout_paid'").Scan(&n); err != nil || n != 1 {
			t.Errorf("audit entries: %d %v", n, err)
		}
	})
}

// TestScopeImport: row and column problems in Chinese, all or nothing, and
// households and counties outside the scope refused.
func TestScopeImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fixture(t, db)
		vA := store.MustScope(testkit.VillageA)
		res, err := Import(ctx, db, vA, FileLinks, testkit.CSV(t, "主体名称,户编号,联结方式",
			"永昌家庭农场,A1,订单生产", "永昌家庭农场,B1,订单生产", "无此主体,A1,订单生产", "永昌家庭农场,A1,入股"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 3 || res.Rows != 0 {
			t.Fatalf("bad links: %v %+v", err, res)
		}
		want := []string{"第3行 B列「户编号」：未找到此户编号的农户（或不在权限范围内）", "第4行 A列「主体名称」：未找到此经营主体，请先导入经营主体名录"}
		for i, w := range want {
			if got := res.Issues[i].String(); got != w {
				t.Errorf("issue %d: %q", i, got)
			}
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM entity_links"); n != 5 {
			t.Errorf("links after a rejected file: %d", n)
		}
		res, err = Import(ctx, db, store.MustScope("620321000000"), FileEntities, testkit.CSV(t,
			"主体名称,统一社会信用代码,主体类型,等级,所在县区代码,覆盖乡镇村代码,联农带农方式",
			"金川牧业公司,,龙头企业,省级,620321000000,,订单生产", // registered in 金川区, outside
			"新社,91350100M000100Y44,合作社,乡级,620321100000,620302100201,入股分红"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 7 {
			t.Fatalf("bad entities: %v %+v", err, res)
		}
		res, err = Import(ctx, db, vA, FileAgreements, testkit.CSV(t, "主体名称,户编号,分红比例（‰）,固定分红金额（元）,约定兑付日,签订日期",
			"永昌家庭农场,A2,50,100,02-30,2026-01-01"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 2 {
			t.Fatalf("bad agreement: %v %+v", err, res)
		}
		res, err = Import(ctx, db, vA, FilePayouts, testkit.CSV(t, "主体名称,户编号,年度,分红金额（元）,应兑付日期,兑付日期,兑付凭证",
			"富民养殖合作社,A1,2026,700,,2026-07-01,"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 1 || res.Issues[0].Column != "兑付凭证" {
			t.Fatalf("paid without evidence: %v %+v", err, res)
		}
		// a payout re-imported without a paid day stays paid
		id := payoutID(t, db, "A1", 2026)
		if err := MarkPaid(ctx, db, vA, id, civil.FromYMD(2026, 7, 1), civil.FromYMD(2026, 7, 1), "回单", "t"); err != nil {
			t.Fatal(err)
		}
		if res, err := Import(ctx, db, vA, FilePayouts, testkit.CSV(t, "主体名称,户编号,年度,分红金额（元）",
			"富民养殖合作社,A1,2026,650"), "t"); err != nil || res.Rows != 1 {
			t.Fatal(err, res)
		}
		var paid string
		var fen int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT paid, amount_fen FROM entity_payouts WHERE id = ?", id).Scan(&paid, &fen); err != nil ||
			paid != "2026-07-01" || fen != 65000 {
			t.Errorf("re-imported payout: %s %d %v", paid, fen, err)
		}
	})
}
