package water

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// fixture loads the regions and four households: A1 and A2 in village A,
// B1 in village B, C1 in village C; it returns their ids by code.
func fixture(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	ids := map[string]int64{}
	for _, h := range [][2]string{{"A1", testkit.VillageA}, {"A2", testkit.VillageA}, {"B1", testkit.VillageB}, {"C1", testkit.VillageC}} {
		var id int64
		if err := db.Writer().QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, created_at, updated_at)
			VALUES (?, ?, ?, '脱贫户', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id`, h[0], h[1], region.County(h[1])).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[h[0]] = id
	}
	return ids
}

func mustImport(t *testing.T, db *store.DB, scope store.Scope, kind string, lines ...string) ImportResult {
	t.Helper()
	res, err := Import(context.Background(), db, scope, kind, testkit.CSV(t, lines...), "t")
	if err != nil {
		t.Fatalf("%s: %v %v", kind, err, res.Issues)
	}
	return res
}

const (
	schemeHead  = "工程编号,工程名称,供水方式,行政区划代码,受益户数,户编号"
	sampleHead  = "工程编号,检测日期,检测结果,检测项目"
	problemHead = "工程编号,户编号,来源,问题描述,发现日期,解决日期,记录人"
)

// schemes imports S1 (central, village A 40 households and village B 10),
// S2 (village A only, 5, linking A1 and A2) and S3 (village B only, 7).
func schemes(t *testing.T, db *store.DB) {
	t.Helper()
	mustImport(t, db, store.ScopeAll(), KindSchemes, schemeHead,
		"S1,水厂一,集中供水,"+testkit.VillageA+",40,",
		"S1,水厂一,集中供水,"+testkit.VillageB+",10,",
		"S2,水窖,分散供水,"+testkit.VillageA+",5,A1、A2",
		"S3,水厂三,集中供水,"+testkit.VillageB+",7,")
}

// TestScopeWater runs the package's scenarios on one database of each
// engine (a PostgreSQL database takes seconds to make): the import checks,
// samples and problems in villages A and B, the figures in C and D.
func TestScopeWater(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := fixture(t, db)
		rejectedFiles(t, db)
		schemes(t, db)
		samplesAndProblems(t, db, ids)
		replaceScheme(t, db)
		figures(t, db)
	})
}

// rejectedFiles: every row and column problem is listed in Chinese, and a
// file with any stores nothing.
func rejectedFiles(t *testing.T, db *store.DB) {
	{
		ctx := context.Background()
		scopeA := store.MustScope(testkit.VillageA)
		res, err := Import(ctx, db, scopeA, KindSchemes, testkit.CSV(t, schemeHead,
			"S1,水厂一,集中供水,"+testkit.VillageA+",40,",
			"S1,水厂一,集中供水,"+testkit.VillageA+",40,", // the same village twice
			"S2,水窖,管网,"+testkit.VillageA+",5,",     // kind
			"S3,水厂,集中供水,"+testkit.VillageB+",7,",   // outside the scope
			"S4,水厂,集中供水,"+testkit.Township+",7,",   // not a village (and outside A)
			"S5,水窖,分散供水,"+testkit.VillageA+",-1,",  // households
			"S6,水窖,分散供水,"+testkit.VillageA+",2,B1", // a household of another village
			"S7,水窖,分散供水,,2,"), "t")                 // no village
		if !errors.Is(err, ErrRejected) || res.Count != 7 || res.Issues[6].Message != "行政区划代码为空" {
			t.Fatalf("bad file: %v %+v", err, res)
		}
		want := []string{"第3行 D列「行政区划代码」：与第2行是同一工程同一村", "第4行 C列「供水方式」：供水方式应为集中供水或分散供水",
			"第5行 D列「行政区划代码」：行政区划代码不在本账号的管辖范围内"}
		for i, w := range want {
			if got := res.Issues[i].String(); got != w {
				t.Errorf("issue %d: %q, want %q", i, got, w)
			}
		}
		if got := res.Issues[5].String(); !strings.Contains(got, "F列「户编号」") {
			t.Errorf("issue: %q", got)
		}
		n := testkit.Int(t, db, "SELECT count(*) FROM water_schemes")
		if n != 0 {
			t.Fatalf("a rejected file stored %d schemes", n)
		}
		if _, err := Import(ctx, db, scopeA, KindSamples, testkit.CSV(t, "工程编号,检测日期"), "t"); !errors.Is(err, ErrRejected) {
			t.Errorf("missing column: %v", err)
		}
		if _, err := Import(ctx, db, scopeA, "pipes", testkit.CSV(t, sampleHead), "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("unknown kind: %v", err)
		}
	}
}

// replaceScheme: a scheme serving village B cannot be changed from village
// A; the whole city may, and the file replaces its villages.
func replaceScheme(t *testing.T, db *store.DB) {
	{
		ctx := context.Background()
		scopeA := store.MustScope(testkit.VillageA)
		res, err := Import(ctx, db, scopeA, KindSchemes, testkit.CSV(t, schemeHead, "S1,水厂一改,集中供水,"+testkit.VillageA+",41,"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 1 || !strings.Contains(res.Issues[0].Message, "管辖范围外") {
			t.Fatalf("outside villages: %v %+v", err, res)
		}
		// the whole city may: the file replaces its villages
		mustImport(t, db, store.ScopeAll(), KindSchemes, schemeHead, "S1,水厂一改,集中供水,"+testkit.VillageA+",41,")
		list, err := Schemes(ctx, db.Reader(), store.ScopeAll(), civil.FromYMD(2026, 6, 1))
		if err != nil || len(list) != 3 || list[0].Name != "水厂一改" || len(list[0].Villages) != 1 || list[0].Served != 41 {
			t.Fatalf("after replace: %v %+v", err, list)
		}
	}
}

// samplesAndProblems: samples and problems name schemes and households of
// the scope only; problems are recorded, listed, resolved.
func samplesAndProblems(t *testing.T, db *store.DB, ids map[string]int64) {
	{
		ctx := context.Background()
		scopeA := store.MustScope(testkit.VillageA)
		res, err := Import(ctx, db, scopeA, KindSamples, testkit.CSV(t, sampleHead,
			"S1,2026-03-01,合格,浑浊度",
			"S3,2026-03-01,合格,", // serves village B only
			"S2,2026-13-01,合格,",
			"S2,2026-03-01,良好,"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 3 {
			t.Fatalf("bad samples: %v %+v", err, res)
		}
		mustImport(t, db, scopeA, KindSamples, sampleHead, "S1,2026-03-01,合格,浑浊度", "S1,2026/4/2,不合格,菌落总数", "S2,20260102,合格,")
		// the same scheme, day and item again: the result is replaced
		mustImport(t, db, scopeA, KindSamples, sampleHead, "S1,2026-04-02,合格,菌落总数")
		res, err = Import(ctx, db, scopeA, KindProblems, testkit.CSV(t, problemHead,
			",B1,走访,水压不足,2026-05-01,,", // a household of village B
			"S3,,走访,停水,2026-05-01,,",   // a scheme of village B only
			",,走访,停水,2026-05-01,,",
			"S1,,电话,停水,2026-05-01,,",
			"S1,,走访,停水,2026-05-01,2026-04-30,"), "t")
		if !errors.Is(err, ErrRejected) || res.Count != 5 {
			t.Fatalf("bad problems: %v %+v", err, res)
		}
		file := []string{problemHead, "S1,,走访,管道破裂停水,2026-05-01,2026-05-03,张三", ",A1,一键报贫,水窖渗漏,2026-05-02,,"}
		if res := mustImport(t, db, scopeA, KindProblems, file...); res.Rows != 2 {
			t.Fatalf("problems: %+v", res)
		}
		if res := mustImport(t, db, scopeA, KindProblems, file...); res.Rows != 0 || res.Skipped != 2 {
			t.Fatalf("again: %+v", res)
		}
		// recorded by hand: outside the scope is not found
		p := Problem{HouseholdID: ids["B1"], Source: SourceTyped, Description: "无水", Reported: civil.FromYMD(2026, 5, 5)}
		if _, err := RecordProblem(ctx, db, scopeA, p, "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Fatalf("household of B: %v", err)
		}
		var s3 int64
		db.Reader().QueryRowContext(ctx, "SELECT id FROM water_schemes WHERE code = 'S3'").Scan(&s3)
		p = Problem{SchemeID: s3, Source: SourceTyped, Description: "无水", Reported: civil.FromYMD(2026, 5, 5)}
		if _, err := RecordProblem(ctx, db, scopeA, p, "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Fatalf("scheme of B: %v", err)
		}
		idB, err := RecordProblem(ctx, db, store.MustScope(testkit.VillageB), p, "t")
		if err != nil {
			t.Fatal(err)
		}
		hB, err := RecordProblem(ctx, db, store.MustScope(testkit.VillageB), Problem{HouseholdID: ids["B1"], Source: SourceVisit,
			Description: "水压不足", Reported: civil.FromYMD(2026, 5, 6)}, "t")
		if err != nil {
			t.Fatal(err)
		}
		today := civil.FromYMD(2026, 5, 10)
		listA, err := Problems(ctx, db.Reader(), scopeA, today)
		if err != nil || len(listA) != 2 || listA[0].Household != "A1" || listA[1].SchemeName != "水厂一" || listA[1].ResolvedBy != "t" {
			t.Fatalf("problems of A: %v %+v", err, listA)
		}
		if _, err := FindProblem(ctx, db.Reader(), scopeA, idB); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("problem of B from A: %v", err)
		}
		if err := ResolveProblem(ctx, db, scopeA, hB, today, "", "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("resolve a problem of B from A: %v", err)
		}
		if err := ResolveProblem(ctx, db, store.MustScope(testkit.VillageB), idB, civil.FromYMD(2026, 5, 4), "", "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Fatalf("resolved before reported: %v", err)
		}
		if err := ResolveProblem(ctx, db, store.MustScope(testkit.VillageB), idB, today, "修复", "李四"); err != nil {
			t.Fatal(err)
		}
		if err := ResolveProblem(ctx, db, store.MustScope(testkit.VillageB), idB, today, "", "李四"); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("twice: %v", err)
		}
		got, _ := FindProblem(ctx, db.Reader(), store.MustScope(testkit.VillageB), idB)
		if got.Resolved != today || got.ResolvedBy != "李四" || got.Resolution != "修复" {
			t.Fatalf("resolved: %+v", got)
		}
		var audits int
		db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action LIKE 'water.%'").Scan(&audits)
		if audits < 6 {
			t.Errorf("audit entries: %d", audits)
		}
		// the list: the schemes of A with their villages of A, open problems and latest sample
		list, err := Schemes(ctx, db.Reader(), scopeA, today)
		if err != nil || len(list) != 2 {
			t.Fatalf("schemes of A: %v %+v", err, list)
		}
		s1, s2 := list[0], list[1]
		if s1.Code != "S1" || s1.Served != 40 || len(s1.Villages) != 1 || s1.OpenProblems != 0 ||
			s1.Latest.Day != civil.FromYMD(2026, 4, 2) || s1.Latest.Result != Pass {
			t.Errorf("S1: %+v", s1)
		}
		if s2.Code != "S2" || s2.Served != 5 || s2.Latest.Day != civil.FromYMD(2026, 1, 2) {
			t.Errorf("S2: %+v", s2)
		}
	}
}
