package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// tablesOf writes the standard tables of the fixture's city as of day.
func tablesOf(t *testing.T, db *store.DB, day string) []byte {
	t.Helper()
	f := dashboard(t, db, testkit.City, day)
	keys, _ := pii.New(make([]byte, 32))
	var b bytes.Buffer
	n, err := Tables(context.Background(), db.Reader(), keys, store.ScopeAll(), f, &b)
	if err != nil || n != 4 {
		t.Fatalf("tables: %d households, %v", n, err)
	}
	return b.Bytes()
}

// TestTablesLibreOffice converts the standard tables of the fixture with
// LibreOffice and finds each sheet's headers and figures. It needs soffice
// (.ci/run installs it) and is skipped with -short.
func TestTablesLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice takes a while; skipped with -short")
	}
	db := storetest.SQLite(t)
	fixture(t, db)
	path := testkit.File(t, "tables.xlsx", string(tablesOf(t, db, "2026-07-01")))
	out := testkit.Convert(t, path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
	for sheet, wants := range map[string][]string{
		"监测对象分类": {"金昌市监测对象分类情况表（截至2026年7月1日）", "区划,脱贫不稳定户（户）,脱贫不稳定户（人）",
			"永昌县,0,0,0,0,1,2,1,2,2,5,3,7", "金川区,0,0,1,1,0,0,1,1,0,0,1,1", "合计,0,0,1,1,1,2,2,3,2,5,4,8"},
		"识别和消除（按月）": {"月份,新识别（户）", "202606,1,1,1,2,0,0"},
		"风险类型":      {"因病,1,2", "因学,1,1"},
		"帮扶措施":      {"措施类型,措施（项）,与风险对应（项）,不对应（项）,对应率", "健康帮扶,1,1,0,100.0%", "住房安全,1,0,1,0.0%"},
		"一键报贫":      {"申报,1", "超期办结,1", "未处理预警：收入低于监测范围,0"},
		"脱贫人口患病":    {"永昌县,2,4,2,1,1,2,100.0%"},
		"三保障":       {"区划,教育：教育资助金额（元）", "合计,0"},
		"农户名单":      {"行政区划代码,县（市、区）,乡（镇）,村,户编号,户主姓名,户主证件号码", "620321100201,永昌县"},
	} {
		text, err := os.ReadFile(filepath.Join(out, "tables-"+sheet+".csv"))
		if err != nil {
			t.Errorf("sheet %s: %v", sheet, err)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(string(text), w) {
				t.Errorf("sheet %s lacks %q:\n%s", sheet, w, text)
			}
		}
	}
}
