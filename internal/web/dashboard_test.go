package web

import (
	"encoding/json"
	"strings"
	"testing"

	"fangpin/internal/report"
)

// TestDashboardPage renders the dashboard of the city, a past date and a
// village, and its API, against the overview of the same day.
func TestDashboardPage(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	for _, c := range []struct {
		target string
		status int
		want   []string
	}{
		{"/dashboard?region=" + city + "&as_of=2024-12-31", 200, []string{"金昌市 · 统计报表", `id="chart-categories"`,
			`data-charts="[{`, "查看数据表", "下级区划对比", `href="/dashboard?as_of=2024-12-31&amp;region=620321000000">永昌县</a>`,
			"dashboard.", "echarts.", "下载统计报表", "历史日期",
			`href="/reports/survey?as_of=2024-12-31&amp;region=620300000000">调研报告</a>`,
			`href="/ledgers?region=620300000000">台账</a>`, `href="/notices?region=620300000000">公示名单</a>`}},
		{"/dashboard", 200, []string{"金昌市 · 统计报表", "近24个月识别与消除"}},
		{"/dashboard?region=" + villageA, 200, []string{"北海子村 · 统计报表", "监测对象类别"}},
		{"/dashboard?as_of=2024-13-01", 400, []string{"as_of"}},
		{"/dashboard?region=620321100299", 404, []string{"未找到"}},
		{"/dashboard?lang=en", 200, []string{"Reports", "Monitoring category"}},
	} {
		w := get(t, h, c.target)
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.target, w.Code, c.status, w.Body.String())
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("%s: no %q", c.target, s)
			}
		}
		if strings.Contains(w.Body.String(), "<script>") {
			t.Errorf("%s: an inline script", c.target)
		}
	}
	x := get(t, h, "/dashboard/tables.xlsx?region="+city+"&as_of=2024-12-31")
	if x.Code != 200 || !strings.HasPrefix(x.Body.String(), "PK") ||
		!strings.Contains(x.Header().Get("Content-Disposition"), "tables-2024-12-31.xlsx") {
		t.Errorf("tables: %d %q", x.Code, x.Header())
	}
	w := get(t, h, "/api/v1/dashboard?region="+city+"&as_of=2024-12-31")
	var f report.Figures
	if err := json.Unmarshal(w.Body.Bytes(), &f); err != nil || w.Code != 200 {
		t.Fatalf("api: %d %v %s", w.Code, err, w.Body.String())
	}
	o := get(t, h, "/api/v1/stats/overview?region="+city+"&as_of=2024-12-31")
	var ov struct {
		Monitoring struct {
			Cumulative struct{ Households int }
		}
	}
	json.Unmarshal(o.Body.Bytes(), &ov)
	if f.Overview.Monitoring.Cumulative.Households != ov.Monitoring.Cumulative.Households || len(f.ByMonth) != report.Months ||
		f.AsOf != "2024-12-31" || len(f.Children) != 2 {
		t.Errorf("api figures %+v, overview %+v", f, ov)
	}
}
