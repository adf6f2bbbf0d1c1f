package registry

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

var testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// csvFile writes a CSV file from a header and rows given as maps.
func csvFile(t testing.TB, header []string, rows []map[string]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		vals := make([]string, len(header))
		for i, h := range header {
			v := r[h]
			if strings.ContainsAny(v, ",\"\n") {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			vals[i] = v
		}
		b.WriteString(strings.Join(vals, ",") + "\n")
	}
	return testkit.File(t, "households.csv", b.String())
}

var stdHeader = []string{ColRegionCode, ColCode, ColType, ColName, ColID, ColSex, ColRelation, ColEthnicity,
	ColEducation, ColSchooling, ColHealth, ColSkill, ColHHPhone, ColIncome, ColCategory, ColIdentified,
	ColEliminated, ColElimMode, ColElimMonth, ColRisk(1), ColRisk(2)}

// person returns a valid row of household code in village 620321100201.
func person(code, name, relation, birth string, seq int) map[string]string {
	r := map[string]string{ColRegionCode: "620321100201", ColCode: code, ColType: TypeFormerlyPoor, ColName: name,
		ColID: testkit.IDBorn(birth, seq), ColRelation: relation, ColEthnicity: "汉族", ColEducation: "初中",
		ColHealth: "健康", ColSkill: "普通劳动力", ColHHPhone: "13800001111", ColIncome: "12000.50"}
	return r
}

// family returns a valid three-person household.
func family(code string, seq int) []map[string]string {
	return []map[string]string{
		person(code, "张"+code[len(code)-2:], "户主", "19700101", seq),
		person(code, "李"+code[len(code)-2:], "配偶", "19720202", seq+1),
		person(code, "张小"+code[len(code)-2:], "之子", "19980303", seq+2),
	}
}

func with(r map[string]string, kv ...string) map[string]string {
	c := make(map[string]string, len(r))
	for k, v := range r {
		c[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c[kv[i]] = kv[i+1]
	}
	return c
}

func doImport(t testing.TB, db *store.DB, path string, opt ImportOptions) (*ImportResult, error) {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	return NewImporter(db, testkit.Keys(t), store.ScopeAll()).ImportFile(context.Background(), path, opt)
}

func sprint(v any) string { return fmt.Sprint(v) }

func regionImport(db *store.DB, path string) (region.Result, error) {
	return region.Import(context.Background(), db, path)
}

// checkVillageStats fails when village_stats differs from a fresh aggregation
// of the households.
func checkVillageStats(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	read := func(q string) string {
		rows, err := db.Reader().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var region, typ string
			var n [5]int
			if err := rows.Scan(&region, &typ, &n[0], &n[1], &n[2], &n[3], &n[4]); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, region, typ, n)
		}
		return b.String()
	}
	want := read(villageStatsSelect + " GROUP BY region_code, type ORDER BY region_code, type")
	got := read("SELECT * FROM village_stats ORDER BY region_code, type")
	if got != want {
		t.Fatalf("village_stats is stale:\n%s\nwant:\n%s", got, want)
	}
	// Every village holding a household has its must-visit change counter,
	// raised since (the triggers of migration 00034, which a faster import
	// must not bypass: visit.Lists reads a scope's villages from them).
	var missing int
	if err := db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM (SELECT DISTINCT region_code FROM households) h
		WHERE NOT EXISTS (SELECT 1 FROM change_counts c WHERE c.topic = 'visit.facts@' || h.region_code AND c.n > 0)`).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if missing > 0 {
		t.Fatalf("%d villages with households have no raised change counter", missing)
	}
}
