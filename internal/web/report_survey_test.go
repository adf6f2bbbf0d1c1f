package web

import (
	"net/http"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/testkit"
)

// TestSurveyPage shows the survey report of a county (全县, its charts as
// SVG, no inline code) and downloads it as a Word document with real
// headings; a township's user gets neither the county's nor another
// township's.
func TestSurveyPage(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "county", auth.RoleCounty, county)
	rec := get(t, h, "/reports/survey?region="+county+"&as_of=2026-11-26")
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d:\n%s", rec.Code, body)
	}
	bodyHas(t, "page", body, "<h2>一、总体情况</h2>", "<h2>二、存在的问题</h2>", "<h3>（一）防返贫监测帮扶扎实推进。</h3>",
		"截至2026年11月26日，全县新识别纳入监测对象", "<svg", `href="/reports/survey.docx?as_of=2026-11-26&amp;region=`+county+`"`,
		`<a href="/reports/survey?as_of=2026-11-26&amp;region=620321100000">城关镇</a>`)
	for _, bad := range []string{"<script", "<style", " style=", "onclick="} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	rec = get(t, h, "/reports/survey.docx?region="+county+"&as_of=2026-11-26")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("docx: %d %v", rec.Code, rec.Header())
	}
	doc := testkit.ZipPart(t, rec.Body.Bytes(), "word/document.xml")
	bodyHas(t, "document", doc, `<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">一、总体情况`,
		`<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">（一）防返贫监测帮扶扎实推进。`, "全县新识别纳入监测对象")

	_, th := asUser(t, Config{DB: db, Keys: keys}, "township", auth.RoleTownship, township)
	for _, target := range []string{"/reports/survey?region=" + county, "/reports/survey?region=620321101000",
		"/reports/survey.docx?region=" + city} {
		if rec := get(t, th, target); rec.Code != http.StatusNotFound {
			t.Errorf("%s as a township's user: %d", target, rec.Code)
		}
	}
	if rec := get(t, th, "/reports/survey"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "全镇") {
		t.Errorf("own township: %d", rec.Code)
	}
}
