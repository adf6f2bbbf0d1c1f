package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/money"
	"fangpin/internal/store"
)

func TestYuan(t *testing.T) {
	t.Parallel()
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 100: "1.00", 850050: "8500.50",
		-1234: "-12.34", 1_000_000_000_01: "1000000000.01"} {
		if got := money.Format(fen); got != want {
			t.Errorf("yuan(%d) = %s, want %s", fen, got, want)
		}
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		part, whole int
		want        string
	}{
		{2, 3, "66.7%"}, {1, 3, "33.3%"}, {0, 5, "0.0%"}, {5, 5, "100.0%"}, {1, 0, "—"},
		{578, 1000, "57.8%"}, {1, 8, "12.5%"}, {1, 16, "6.3%"}, {2660, 10232, "26.0%"},
	}
	for _, sc := range scenarios {
		if got := percent(sc.part, sc.whole); got != sc.want {
			t.Errorf("percent(%d, %d) = %s, want %s", sc.part, sc.whole, got, sc.want)
		}
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	d := time.Date(2026, 11, 28, 0, 0, 0, 0, civil.Zone)
	scenarios := []struct{ got, want string }{
		{formatDate(langZH, d), "2026年11月28日"},
		{formatDate(langEN, d), "2026-11-28"},
		{formatDateString(langZH, "1965-03-05"), "1965年3月5日"},
		{formatDateString(langZH, "2026-11-27T16:30:00Z"), "2026年11月28日"}, // 00:30 in China
		{formatDateString(langZH, "not a date"), "not a date"},
		{formatMonth(langZH, 202403), "2024年3月"},
		{formatMonth(langEN, 202403), "2024-03"},
		{formatMonth(langZH, 0), ""},
		{isoMonth(202412), "2024-12"},
	}
	for i, sc := range scenarios {
		if sc.got != sc.want {
			t.Errorf("%d: %q, want %q", i, sc.got, sc.want)
		}
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	v := &householdsPage{Total: 45}
	v.F.Page, v.F.PerPage, v.F.Region, v.F.Type = 2, 20, villageA, "脱贫户"
	v.setPaging()
	if v.Pager.Pages != 3 || v.Pager.Page != 2 {
		t.Errorf("page %d of %d, want 2 of 3", v.Pager.Page, v.Pager.Pages)
	}
	if want := "/households?page=1&region=620321100201&type=%E8%84%B1%E8%B4%AB%E6%88%B7"; v.Pager.PrevURL != want {
		t.Errorf("prev %q, want %q", v.Pager.PrevURL, want)
	}
	if want := "/households?page=3&region=620321100201&type=%E8%84%B1%E8%B4%AB%E6%88%B7"; v.Pager.NextURL != want {
		t.Errorf("next %q, want %q", v.Pager.NextURL, want)
	}
}

func TestChart(t *testing.T) {
	t.Parallel()
	c := newChart("t", "u", []string{"a", "b", "c", "d"}, []int{300, 150, 1, 0})
	var widths []int
	for _, b := range c.Bars {
		widths = append(widths, b.Width)
	}
	if want := []int{100, 50, 1, 0}; len(widths) != 4 || widths[0] != want[0] || widths[1] != want[1] ||
		widths[2] != want[2] || widths[3] != want[3] {
		t.Errorf("widths %v, want %v", widths, want)
	}
	if c := newChart("t", "u", []string{"a"}, []int{0}); c.Bars[0].Width != 0 {
		t.Error("all zero should draw no bar")
	}
}

func TestLabelEscaping(t *testing.T) {
	t.Parallel()
	if got := label("a\"b\\c\nd"); got != `"a\"b\\c\nd"` {
		t.Errorf("label = %s", got)
	}
}

// TestPagerTemplate: every list shows its paging through one template, fed
// by newPager.
func TestPagerTemplate(t *testing.T) {
	t.Parallel()
	ps, err := loadPages((&Server{static: &assets{}}).funcs)
	if err != nil {
		t.Fatal(err)
	}
	url := func(n int) string { return link("/households", "page", strconv.Itoa(n), "region", township) }
	render := func(p pager) string {
		var b strings.Builder
		page, err := ps.page(langZH, "households")
		if err != nil {
			t.Fatal(err)
		}
		if err := page.ExecuteTemplate(&b, "pager", p); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := "\n<nav class=\"pager\" aria-label=\"翻页\">\n" +
		"  <a href=\"/households?page=1&amp;region=620321100000\" rel=\"prev\">上一页</a>\n" +
		"  <span>第 2 / 4 页</span>\n" +
		"  <a href=\"/households?page=3&amp;region=620321100000\" rel=\"next\">下一页</a>\n</nav>"
	if got := render(newPager(store.Page{Page: 2, PerPage: 1}, 4, url)); got != want {
		t.Errorf("page 2 of 4:\n%q\nwant\n%q", got, want)
	}
	if got := render(newPager(store.Page{Page: 4, PerPage: 1}, 4, url)); strings.Contains(got, "rel=\"next\"") || !strings.Contains(got, "第 4 / 4 页") {
		t.Errorf("last page: %q", got)
	}
	if got := render(newPager(store.Page{}, 3, url)); got != "" {
		t.Errorf("one page shows a pager: %q", got)
	}
}
