package project

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

const (
	other = "620302000000" // 金川区
)

const projectsCSV = `项目编号,项目名称,年度,县（区）代码,乡镇代码,村代码,项目类型,项目子类型,产业链,中央衔接资金（元）,省级衔接资金（元）,市级衔接资金（元）,县级衔接资金（元）,其他资金（元）,计划投资（元）,完成投资（元）,项目状态
P1,北海子村肉牛养殖,2026,620321000000,,620321100201,产业发展,养殖,畜,100,10,1,0.01,1000,1000,900,实施中
P2,金川西村道路,2026,620321000000,,620321100202,基础设施,道路,,200,,,,,300,300,已完工
P3,城关镇蔬菜大棚,2026,620321000000,620321100000,,产业发展,种植,菜,50,,,,,500,0,储备
P4,去年的项目,2025,620321000000,,,就业,,,7000,,,,,7000,7000,已完工
P5,金川区项目,2026,620302000000,,,其他,,,9,,,,,9,9,已完工
`

// fixture stores two households (A1 in village A, B1 in village B), the
// projects of projectsCSV recorded on 1 January 2026, beneficiaries and
// chain output.
func fixture(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	ids := map[string]int64{}
	for _, h := range [][2]string{{"A1", testkit.VillageA}, {"B1", testkit.VillageB}} {
		var id int64
		if err := db.Writer().QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, created_at, updated_at)
			VALUES (?, ?, ?, '脱贫户', 'x', 'x') RETURNING id`, h[0], h[1], region.County(h[1])).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[h[0]] = id
	}
	all := store.ScopeAll()
	for kind, body := range map[string]string{KindProjects: projectsCSV} {
		if res, err := Import(ctx, db, all, kind, testkit.File(t, "p.csv", body), "test"); err != nil {
			t.Fatal(err, res.Issues)
		}
	}
	for kind, body := range map[string]string{
		KindBeneficiaries: "项目编号,户编号\nP1,A1\nP1,B1\nP3,A1\nP3,B1\n",
		KindOutput:        "产业链,县（区）代码,年度,产值（元）\n畜,620321000000,2026,1070\n菜,620321000000,2026,30\n畜,620321000000,2025,1000\n畜,620321000000,2024,5\n畜,620302000000,2026,777\n",
	} {
		if res, err := Import(ctx, db, all, kind, testkit.File(t, kind+".csv", body), "test"); err != nil {
			t.Fatal(kind, err, res.Issues)
		}
	}
	if _, err := db.Writer().ExecContext(ctx, "UPDATE projects SET created_at = '2026-01-01T00:00:00Z'"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Reader().QueryContext(ctx, "SELECT code, id FROM projects")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			t.Fatal(err)
		}
		ids[code] = id
	}
	return ids
}

// TestFigures: each figure at its edges — the year and the day recorded,
// every status, the fund sources, the previous year's output.
func TestFigures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fixture(t, db)
		f, err := FiguresAt(ctx, db.Reader(), store.MustScope(testkit.County), civil.FromYMD(2026, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		want := Figures{Projects: 3, PlannedFen: 180000, CompletedFen: 120000, LinkageFen: 11101 + 20000 + 5000,
			LinkageIndustryFen: 11101 + 5000, ChainProjects: 2, ChainPlannedFen: 150000, ChainCompletedFen: 90000,
			OutputFen: 110000, OutputPrevFen: 100000}
		want.CompletionRate, want.LinkageIndustryShare = 120000.0/180000, 16101.0/36101
		want.ChainCompletionRate, want.OutputChange = 90000.0/150000, 0.1
		if f != want {
			t.Fatalf("figures:\n got %+v\nwant %+v", f, want)
		}
		// the day before they were recorded: no projects, the output stands
		if f, err := FiguresAt(ctx, db.Reader(), store.MustScope(testkit.County), civil.FromYMD(2025, 12, 31)); err != nil ||
			f.Projects != 0 || f.OutputFen != 100000 || f.OutputPrevFen != 500 || f.OutputChange != 199 {
			t.Fatalf("figures of 2025: %+v %v", f, err)
		}
		// the next year's first day: none of this year's projects, this year's output is the previous
		if f, err := FiguresAt(ctx, db.Reader(), store.MustScope(testkit.County), civil.FromYMD(2027, 1, 1)); err != nil ||
			f.Projects != 0 || f.PlannedFen != 0 || f.OutputFen != 0 || f.OutputPrevFen != 110000 || f.OutputChange != -1 {
			t.Fatalf("figures of 2027: %+v %v", f, err)
		}
		// a year without a previous year's output changes by 0
		if f, err := FiguresAt(ctx, db.Reader(), store.MustScope(other), civil.FromYMD(2026, 12, 31)); err != nil ||
			f.Projects != 1 || f.OutputFen != 77700 || f.OutputChange != 0 || f.LinkageIndustryShare != 0 {
			t.Fatalf("another county: %+v %v", f, err)
		}
	})
}

// TestScopeProjects: a village's user reads and changes only the projects
// and beneficiaries of the village.
func TestScopeProjects(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := fixture(t, db)
		q := db.Reader()
		a, b := store.MustScope(testkit.VillageA), store.MustScope(testkit.VillageB)
		if ps, n, err := List(ctx, q, b, Filter{}, store.Page{}); err != nil || n != 1 || len(ps) != 1 || ps[0].Code != "P2" {
			t.Fatalf("village B's list: %+v %d %v", ps, n, err)
		}
		if ps, n, err := List(ctx, q, store.MustScope(testkit.County), Filter{Year: 2026, Type: TypeIndustry, Chain: "菜"}, store.Page{}); err != nil ||
			n != 1 || ps[0].Code != "P3" || ps[0].Households != 2 || ps[0].Region != testkit.Township {
			t.Fatalf("filtered list: %+v %d %v", ps, n, err)
		}
		if _, err := Find(ctx, q, b, ids["P1"]); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another village's project: %v", err)
		}
		if _, err := Beneficiaries(ctx, q, b, ids["P1"]); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another village's beneficiaries: %v", err)
		}
		if bs, err := Beneficiaries(ctx, q, a, ids["P1"]); err != nil || len(bs) != 1 || bs[0].Code != "A1" {
			t.Fatalf("village A's beneficiaries of P1: %+v %v", bs, err)
		}
		if bs, err := Beneficiaries(ctx, q, store.MustScope(testkit.Township), ids["P3"]); err != nil || len(bs) != 2 {
			t.Fatalf("beneficiaries: %+v %v", bs, err)
		}
		if ps, err := OfHousehold(ctx, q, a, ids["A1"]); err != nil || len(ps) != 2 {
			t.Fatalf("A1's projects: %+v %v", ps, err)
		}
		if ps, err := OfHousehold(ctx, q, b, ids["A1"]); err != nil || len(ps) != 0 {
			t.Fatalf("A1's projects seen from village B: %+v %v", ps, err)
		}
		if f, err := FiguresAt(ctx, q, b, civil.FromYMD(2026, 6, 1)); err != nil || f.Projects != 1 || f.PlannedFen != 30000 || f.OutputFen != 0 {
			t.Fatalf("village B's figures: %+v %v", f, err)
		}
		if err := SetProgress(ctx, db, b, ids["P1"], Progress{StatusDone, 1000}, "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another village's progress: %v", err)
		}
		if err := SetProgress(ctx, db, a, ids["P1"], Progress{StatusDone, 100000}, "t"); err != nil {
			t.Fatal(err)
		}
		if p, err := Find(ctx, q, a, ids["P1"]); err != nil || p.Status != StatusDone || p.CompletedFen != 100000 {
			t.Fatalf("after progress: %+v %v", p, err)
		}
		var audited int
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'project.progress'").Scan(&audited); err != nil || audited != 1 {
			t.Fatalf("audit: %d %v", audited, err)
		}
		// imports outside the scope are refused row by row
		for kind, body := range map[string]string{
			KindProjects:      strings.Split(projectsCSV, "\n")[0] + "\nP1,改名,2026,620321000000,,620321100201,产业发展,,,,,,,,1,,储备\n",
			KindBeneficiaries: "项目编号,户编号\nP2,A1\n",
			KindOutput:        "产业链,县（区）代码,年度,产值（元）\n畜,620321000000,2026,1\n",
		} {
			res, err := Import(ctx, db, b, kind, testkit.File(t, kind+".csv", body), "t")
			if !errors.Is(err, ErrRejected) || res.Count != 1 {
				t.Errorf("%s outside the scope: %+v %v", kind, res, err)
			}
		}
	})
}

// TestImportProblems: row and column problems in Chinese, nothing stored.
func TestImportProblems(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		testkit.Regions(t, db)
		head := strings.Split(projectsCSV, "\n")[0]
		body := head + "\nQ1,好项目,2026,620321000000,,,产业发展,,畜,1,,,,,10,,实施中\n" +
			"Q2,坏年度,26,620321000000,,,产业发展,,,,,,,,10,,实施中\n" +
			"Q3,坏类型,2026,620321000000,,,产业,,茶,,,,,,1元,,开工\n" +
			"Q1,重复,2026,620321000000,,620321999999,其他,,,,,,,,10,,储备\n"
		res, err := Import(ctx, db, store.ScopeAll(), KindProjects, testkit.File(t, "p.csv", body), "t")
		if !errors.Is(err, ErrRejected) {
			t.Fatalf("import: %v", err)
		}
		got := map[string]bool{}
		for _, i := range res.Issues {
			got[i.String()] = true
		}
		if res.Count != 5 || len(got) != 5 {
			t.Fatalf("issues: %d %v", res.Count, res.Issues)
		}
		for _, i := range res.Issues {
			if i.Row < 2 || i.Col < 0 || i.Message == "" {
				t.Errorf("issue without its row and column: %+v", i)
			}
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM projects"); n != 0 {
			t.Fatalf("stored %d projects of a rejected file", n)
		}
		if _, err := Import(ctx, db, store.ScopeAll(), KindOutput, testkit.File(t, "o.csv", "产业链,年度\n畜,2026\n"), "t"); !errors.Is(err, ErrRejected) {
			t.Fatalf("missing columns: %v", err)
		}
		// an XLSX file reads as the CSV does
		x := excelize.NewFile()
		for i, row := range [][]any{{"产业链", "县（区）代码", "年度", "产值（元）"}, {"畜", "620321000000", 2026, 12.5}} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		xlsx := filepath.Join(t.TempDir(), "o.xlsx")
		if err := x.SaveAs(xlsx); err != nil {
			t.Fatal(err)
		}
		if res, err := Import(ctx, db, store.ScopeAll(), KindOutput, xlsx, "t"); err != nil || res.Rows != 1 {
			t.Fatalf("xlsx: %+v %v", res, err)
		}
		var fen int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT output_fen FROM chain_output").Scan(&fen); err != nil || fen != 1250 {
			t.Fatalf("xlsx output: %d %v", fen, err)
		}
		if err := SetChains(ctx, db, []string{"菜", "菜"}); fault.KindOf(err) != fault.Invalid {
			t.Fatalf("a chain twice: %v", err)
		}
		if err := SetChains(ctx, db, []string{"茶", "果"}); err != nil {
			t.Fatal(err)
		}
		if cs, err := Chains(ctx, db.Reader()); err != nil || strings.Join(cs, "") != "茶果" {
			t.Fatalf("chains: %v %v", cs, err)
		}
		if _, err := Import(ctx, db, store.ScopeAll(), "people", testkit.File(t, "o.csv", "x\n"), "t"); fault.KindOf(err) != fault.Invalid {
			t.Fatalf("unknown kind: %v", err)
		}
	})
}
