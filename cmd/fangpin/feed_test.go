package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestImportFeed(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.MigratedURL(t, kind)
			data := t.TempDir()
			cli := func(args ...string) (int, string, string) {
				return fangpin(t, append([]string{"--db", db, "--data", data}, args...)...)
			}
			if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
				t.Fatalf("import regions: %d %s", code, errs)
			}
			if code, _, errs := cli("import", "households", write(t, "h.csv", householdsCSV(
				"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,长期慢性病,8000,,",
				"620321100201,H1,脱贫户,乙,"+testkit.ID(2)+",配偶,初中,健康,8000,,"))); code != 0 {
				t.Fatalf("import households: %d %s", code, errs)
			}
			header := "身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付,疾病名称\n"
			bad := write(t, "bad.csv", header+testkit.ID(1)+",2026-01-01,100,50,0,0,50,\n"+testkit.ID(2)+",2026-02-30,100,50,0,0,50,\n")
			code, out, errs := cli("import", "feed", "medical", bad)
			if code != 3 || !strings.Contains(errs, "bad.csv 第3行 B列「结算日期」：日期不存在\n") || out != "" {
				t.Fatalf("invalid feed: %d %q %s", code, out, errs)
			}
			good := write(t, "claims.csv", header+testkit.ID(1)+",2026-01-01,100,50,0,0,50,\n"+testkit.ID(9)+",2026-01-02,1,0,0,0,1,\n")
			unmatched := filepath.Join(t.TempDir(), "unmatched.csv")
			code, out, errs = cli("import", "feed", "医保", good, "--unmatched", unmatched)
			if code != 0 || !strings.Contains(out, "2 行，匹配 1，未匹配 1") {
				t.Fatalf("feed: %d %s %s", code, out, errs)
			}
			if b, _ := os.ReadFile(unmatched); !strings.Contains(string(b), "3,620321********"+testkit.ID(9)[14:]+",登记库中无此证件号码") {
				t.Errorf("unmatched file:\n%s", b)
			}
			fileNo := out[strings.Index(out, "文件 #"):strings.Index(out, "）:")]
			code, out, errs = cli("import", "feed", "medical", good)
			if code != 0 || !strings.Contains(out, "已导入过（"+fileNo+"，") {
				t.Fatalf("again: %d %s %s", code, out, errs)
			}
			for _, args := range [][]string{{"import", "feed"}, {"import", "feed", "water", good}, {"import", "feed", "medical"}} {
				if code, _, _ := cli(args...); code != 2 {
					t.Errorf("%v: exit %d, want 2", args, code)
				}
			}
			if code, _, _ := cli("import", "feed", "medical", filepath.Join(data, "missing.csv")); code != 1 {
				t.Errorf("missing file: exit %d, want 1", code)
			}
		})
	}
}

func TestBenchScreen(t *testing.T) {
	t.Parallel()
	args := []string{"bench", "screen", "--persons", "300", "--claims", "500", "--crossing", "0.2", "--dir", t.TempDir(), "--db", "sqlite"}
	engines := 1
	if pg := os.Getenv("FANGPIN_TEST_PG"); pg != "" {
		args, engines = append(args, "--db", pg), 2
	}
	code, out, errs := fangpin(t, args...)
	if code != 0 || strings.Count(out, "import medical") != engines || !strings.Contains(out, "500 rows (") {
		t.Fatalf("bench: %d\n%s\n%s", code, out, errs)
	}
	if strings.Count(out, "one query   ") != engines || !strings.Contains(out, "first/one query") {
		t.Errorf("no one-query yardstick:\n%s", out)
	}
	if os.Getenv("FANGPIN_TEST_PG") != "" && !strings.Contains(out, "raw COPY baseline") {
		t.Errorf("no PostgreSQL baseline:\n%s", out)
	}
	if code, _, _ := fangpin(t, "bench", "screen", "--persons", "0"); code != 2 {
		t.Errorf("--persons 0: exit %d", code)
	}
	if code, _, _ := fangpin(t, "bench", "screen", "--region", "6203"); code != 2 {
		t.Errorf("--region 6203: exit %d", code)
	}
	// a province: the households spread over its counties
	code, out, errs = fangpin(t, "bench", "screen", "--persons", "400", "--claims", "400", "--crossing", "0.3",
		"--region", "620000000000", "--dir", t.TempDir(), "--db", "sqlite")
	if code != 0 || !strings.Contains(out, "overview 620000000000") {
		t.Fatalf("bench --region 620000000000: %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := fangpin(t, "bench", "nothing"); code != 2 {
		t.Errorf("bench nothing: exit %d", code)
	}
}
