package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestReportSurvey writes the survey report as HTML and DOCX; its monitoring
// sentence states the figures `stats --json` prints.
func TestReportSurvey(t *testing.T) {
	t.Parallel()
	db, data := storetest.MigratedURL(t, "sqlite"), t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return fangpin(t, append([]string{"--db", db, "--data", data}, args...)...)
	}
	if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli("import", "households", write(t, "h.csv", householdsCSV(
		"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,长期慢性病,8000,脱贫不稳定户,202603",
		"620321100201,H1,脱贫户,乙,"+testkit.ID(2)+",配偶,初中,健康,8000,脱贫不稳定户,202603",
		"620321100201,H2,一般农户,丙,"+testkit.ID(3)+",户主,初中,健康,,,"))); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := cli("stats", "--region", "620321000000", "--as-of", "2026-11-28", "--json")
	var o struct {
		Monitoring map[string]struct{ Households, Persons int } `json:"monitoring"`
	}
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	hp := func(k string) string {
		return strconv.Itoa(o.Monitoring[k].Households) + "户" + strconv.Itoa(o.Monitoring[k].Persons) + "人"
	}
	sentence := "截至2026年11月28日，全县新识别纳入监测对象" + hp("identified_this_year") + "，重新标注风险" + hp("remarked_this_year") +
		"，累计纳入监测对象" + hp("cumulative") + "，已消除风险" + hp("eliminated") + "。"
	dir := t.TempDir()
	html, docx := filepath.Join(dir, "s.html"), filepath.Join(dir, "s.docx")
	for _, f := range []string{html, docx} {
		if code, out, errs := cli("report", "survey", "--region", "620321000000", "--as-of", "2026-11-28", "--out", f); code != 0 ||
			!strings.HasPrefix(out, f+"\t永昌县\t2026-11-28") {
			t.Fatalf("report survey --out %s: %d %s %s", f, code, out, errs)
		}
	}
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), sentence) || !strings.Contains(string(b), "1户2人") {
		t.Errorf("HTML lacks %s:\n%s", sentence, b)
	}
	b, _ := os.ReadFile(docx)
	if doc := testkit.ZipPart(t, b, "word/document.xml"); !strings.Contains(doc, sentence) || !strings.Contains(doc, `w:val="Heading1"`) {
		t.Errorf("DOCX lacks %s", sentence)
	}
	// thresholds: listed with their defaults, changed (audited), refused out of bounds
	if code, out, _ := cli("report", "thresholds"); code != 0 || !strings.Contains(out, "survey.illness_risk_pct\t30\t30\n") {
		t.Errorf("thresholds: %d %s", code, out)
	}
	if code, out, errs := cli("report", "thresholds", "illness_risk_pct=25", "survey.overdue_cases=3"); code != 0 ||
		!strings.Contains(out, "survey.illness_risk_pct\t25\t30\n") || !strings.Contains(out, "survey.overdue_cases\t3\t1\n") {
		t.Errorf("set thresholds: %d %s %s", code, out, errs)
	}
	if code, _, _ := cli("report", "thresholds", "illness_risk_pct=101"); code != 1 {
		t.Errorf("a share over 100%%: exit %d", code)
	}
	if code, _, _ := cli("report", "thresholds", "nothing=1"); code != 1 {
		t.Errorf("an unknown threshold: exit %d", code)
	}
	if code, out, _ := cli("audit", "verify"); code != 0 || !strings.Contains(out, "3 条") { // the two imports and the change
		t.Errorf("audit verify: %d %s", code, out)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"report", "survey", "--region", "620321000000"}, 2},                // no --out
		{[]string{"report", "survey", "--out", filepath.Join(dir, "s.pdf")}, 2},      // not .html or .docx
		{[]string{"report", "survey", "--region", "629900000000", "--out", html}, 1}, // unknown region
		{[]string{"report", "survey", "--as-of", "2026-13-01", "--out", html}, 2},    // bad date
		{[]string{"report", "nothing"}, 2},
		{[]string{"report", "thresholds", "illness_risk_pct"}, 2},
	} {
		if code, _, _ := cli(c.args...); code != c.code {
			t.Errorf("%v: exit %d, want %d", c.args, code, c.code)
		}
	}
}
