package web

import (
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	scenarios := []struct {
		name   string
		target string
		status int
		want   []string
		absent []string
	}{
		{"city overview", "/overview?region=" + city + "&as_of=2024-12-31", 200, []string{
			`<html lang="zh-CN">`, "防返贫监测帮扶系统", "当前区划：金昌市", "2024年12月31日",
			`<p class="fig">4<small>户</small></p>`, `<p class="sub">6 人</p>`, // all households
			`<p class="fig">3<small>户</small></p>`, `<p class="sub">5 人</p>`, // 脱贫户
			"<h3>本年新识别</h3>\n  <p class=\"fig\">1<small>户</small></p>\n  <p class=\"sub\">2 人</p>",
			"<h3>累计纳入监测</h3>\n  <p class=\"fig\">2<small>户</small></p>\n  <p class=\"sub\">3 人</p>",
			"<h3>已消除风险</h3>\n  <p class=\"fig\">1<small>户</small></p>\n  <p class=\"sub\">1 人</p>",
			`<th scope="row">脱贫不稳定户</th><td class="num">1</td><td class="num">2</td>`,
			"大病 1 · 慢性病 1", "占脱贫户 66.7%", "一键报贫", `class="bar-fill" width="33"`,
			`href="/overview?as_of=2024-12-31&amp;region=620321000000">永昌县</a>`, "金川区",
			`href="/dashboard?region=620300000000">统计报表</a>`, `aria-current="page">工作台</a>`, `<a href="/admin">系统管理</a>`,
			`<li title="省"><a href="/overview?as_of=2024-12-31&amp;region=620000000000">甘肃省</a></li>`,
			`href="/households?region=620300000000">查看农户名单`,
		}, nil},
		{"default region and today", "/overview", 200, []string{"金昌市 · 工作台", "以下数字统计截至"}, nil},
		{"village links to its households", "/overview?region=" + villageA + "&as_of=2024-12-31", 200, []string{
			"北海子村 · 工作台", `href="/households?region=620321100201">查看本村农户`, "占脱贫户 100.0%",
		}, []string{"下级区划"}},
		{"township lists villages with figures", "/overview?region=" + township + "&as_of=2024-12-31", 200, []string{
			"北海子村</a></th>\n          <td class=\"num\" data-label=\"户数\">2</td>", "金川西村",
		}, nil},
		{"nation is outside a province user's scope", "/overview?region=000000000000&as_of=2024-12-31", 422, nil, []string{"总户数"}},
		{"bad region", "/overview?region=62", 422, []string{"请求参数无效", "区划代码应为12位数字"}, nil},
		{"unknown region", "/overview?region=620321100299", 404, []string{"未找到"}, nil},
		{"bad date", "/overview?as_of=2024-13-01", 400, []string{"as_of", "YYYY-MM-DD"}, nil},
		{"household list", "/households?region=" + township, 200, []string{
			"共 4 户", `<a href="/households/6203210001">张三</a>`, "6203210001", "张三", "北海子村", "金川西村",
			`<span class="tag">脱贫不稳定户</span>`, `href="/households?region=620321100201">北海子村`,
			`<option value="current">监测中</option>`,
		}, nil},
		{"no pager on one page", "/households?region=" + township, 200, nil, []string{`class="pager"`}},
		{"filter by type", "/households?type=" + url.QueryEscape("一般农户"), 200, []string{
			"共 1 户", "6203210002", `<option value="一般农户" selected>`,
		}, []string{"6203210001"}},
		{"filter monitored now", "/households?monitored=current", 200, []string{"共 1 户", "6203210001"}, []string{"6203210002"}},
		{"filter by category", "/households?category=" + url.QueryEscape("边缘易致贫户"), 200, []string{"共 1 户", "王五"}, nil},
		{"search by name", "/households?q=" + url.QueryEscape("李四"), 200, []string{"共 1 户", "6203210001", `value="李四"`}, nil},
		{"search by ID number", "/households?q=" + idSunGirl, 200, []string{
			"共 1 户", "6203210004", "已按证件号码 620321********" + idSunGirl[14:] + " 查询",
		}, nil},
		{"past the last page", "/households?page=2", 200, []string{"共 4 户", "没有符合条件的农户", `<a href="/households?page=1" rel="prev">`}, nil},
		{"bad type", "/households?type=x", 422, []string{"请求参数无效", "脱贫户、一般农户"}, nil},
		{"bad page", "/households?page=0", 400, []string{"应为正整数"}, nil},
		{"unknown list region", "/households?region=620321100299", 404, []string{"未找到"}, nil},
		{"household", "/households/6203210001", 200, []string{
			"农户 张三 · 6203210001", "脱贫户", "138****5678", "8500.50 元（2025年）", "脱贫不稳定户", "监测中",
			"2024年3月", "因病", "张三", "李四", "620321********" + idZhang[14:], "139****4321",
			"1965年3月15日", "患有大病", "监测历史", "导入",
			`<li title="村"><a href="/overview?region=620321100201">北海子村</a></li>`,
		}, nil},
		{"eliminated household", "/households/6203210002", 200, []string{
			"风险已消除", "帮扶消除", "2024年6月", "2023年1月", "12000.00 元（2025年）", "因意外事故",
		}, nil},
		{"household with a pupil", "/households/6203210004", 200, []string{"孙小七", "小学", "未纳入监测"}, nil},
		{"unknown household", "/households/nope", 404, []string{"未找到"}, nil},
		{"unknown page", "/nope", 404, []string{"未找到", "返回工作台"}, nil},
		{"english", "/overview?region=" + city + "&as_of=2024-12-31&lang=en", 200, []string{
			`<html lang="en">`, "Dashboard", "Figures as of 2024-12-31.", "Share of formerly-poor households 66.7%",
			`href="/dashboard?region=620300000000">Reports</a>`, `<a href="/admin">Administration</a>`,
		}, []string{"工作台", "Coming soon"}},
		{"english household", "/households/6203210001?lang=en", 200, []string{"Per-capita net income", "8500.50 yuan (2025)", "2024-03"}, nil},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			body := fetch(t, h, sc.target, sc.status, "text/html; charset=utf-8").Body.String()
			bodyHas(t, "page", body, sc.want...)
			bodyLacks(t, "page", body, sc.absent...)
			if t.Failed() {
				t.Log(body)
			}
		})
	}
}

func TestRoot(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name, root, want string
	}{
		{"configured", city, "/overview?region=620300000000"},
		{"deepest region holding all households", "", "/overview?region=620321100000"},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			rec := get(t, newTestServer(t, sc.root), "/")
			if rec.Code != http.StatusFound || rec.Header().Get("Location") != sc.want {
				t.Fatalf("got %d %q, want 302 %q", rec.Code, rec.Header().Get("Location"), sc.want)
			}
		})
	}
}

func TestEmptyDatabase(t *testing.T) {
	t.Parallel()
	db, _ := fixtureDB(t)
	if _, err := db.Writer().ExecContext(t.Context(), "DELETE FROM monitoring_history"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DELETE FROM household_incomes", "DELETE FROM persons", "DELETE FROM households"} {
		if _, err := db.Writer().ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	h := newHandler(t, Config{DB: db})
	rec := get(t, h, "/")
	// with no households the user's own region is shown
	if loc := rec.Header().Get("Location"); loc != "/overview?region="+testAdminRegion {
		t.Fatalf("redirect to %q, want the user's region", loc)
	}
	rec = get(t, h, "/overview")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "甘肃省") {
		t.Fatalf("province view: %d\n%s", rec.Code, rec.Body)
	}
	rec = get(t, h, "/households")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "共 0 户") {
		t.Fatalf("empty list: %d\n%s", rec.Code, rec.Body)
	}
}

// TestNoInlineCode keeps pages within the CSP: no inline scripts or
// styles (a script loaded from /static is fine).
func TestNoInlineCode(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	for _, target := range []string{"/overview?as_of=2024-12-31", "/households", "/households/6203210001", "/nope"} {
		body := regexp.MustCompile(`<script src="/static/[^"]+" defer></script>`).ReplaceAllString(get(t, h, target).Body.String(), "")
		for _, bad := range []string{"<script", "<style", " style=", "onclick=", "javascript:"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", target, bad)
			}
		}
	}
}

// TestEveryTemplateIsParsed: pageNames and publicPageNames, the explicit
// lists of pages, hold every template but the shared frames.
func TestEveryTemplateIsParsed(t *testing.T) {
	t.Parallel()
	listed := map[string]bool{"layout": true, "public": true, "notice": true}
	for _, n := range append(slices.Clone(pageNames), publicPageNames...) {
		if listed[n] {
			t.Errorf("page %s listed twice", n)
		}
		listed[n] = true
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) < 20 {
		t.Fatalf("templates: %v, %v", files, err)
	}
	for _, f := range files {
		if n := strings.TrimSuffix(path.Base(f), ".html"); !listed[n] {
			t.Errorf("template %s is in no page list", n)
		}
	}
}
