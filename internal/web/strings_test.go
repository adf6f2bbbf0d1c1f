package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/screening"
)

// visibleText is what a reader of a page sees: the text between its tags
// (attributes such as a form's hidden values are not shown).
func visibleText(body string) string {
	body = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`).ReplaceAllString(body, " ")
	return regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
}

// TestPagesShowNamesNotCodes: the administrator's pages name rules,
// calendar sources, check items and the system itself in Chinese; codes
// appear only where an administrator types one (a new check item's code,
// with its hint).
func TestPagesShowNamesNotCodes(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, "")
	for _, c := range []struct {
		target string
		want   []string
	}{
		{"/admin/rules", []string{"医疗自付费用高"}},
		{"/admin/calendar", nil},
		{"/admin/visit-settings", []string{"供导出和接口使用"}},
		{"/households", []string{"防返贫监测"}},
	} {
		body := get(t, h, c.target).Body.String()
		text := visibleText(body)
		bodyHas(t, c.target, text, c.want...)
		bad := []string{"fangpin", "official", ">system<", "work_months"}
		for _, r := range screening.AllRules {
			bad = append(bad, string(r))
		}
		for _, b := range bad {
			if strings.Contains(text, b) {
				t.Errorf("%s shows the code %q", c.target, b)
			}
		}
	}
}

// TestActorNames: names the system writes itself are said in words.
func TestActorNames(t *testing.T) {
	t.Parallel()
	zh, en := translator{langZH}, translator{langEN}
	for name, want := range map[string]string{"system": "系统", "demo": "演示数据", "cli:root": "服务器命令行（root）",
		"cli": "服务器命令行", "zhang": "zhang"} {
		if got := actorName(zh, name); got != want {
			t.Errorf("actorName(%q) = %q, want %q", name, got, want)
		}
	}
	if got := zh.or("calendar.source.", "official"); got != "国务院办公厅通知（内置）" {
		t.Errorf("calendar source: %q", got)
	}
	if got := actorName(en, "demo"); got != "demo data" {
		t.Errorf("English demo: %q", got)
	}
	if roleName(zh, "system") != "系统" || roleName(zh, "township") != "乡镇" {
		t.Errorf("roles: %q %q", roleName(zh, "system"), roleName(zh, "township"))
	}
	for v, want := range map[string]string{"dev": "", "": "", "1.4.0": "v1.4.0", "v2.0": "v2.0"} {
		if got := versionLabel(v); got != want {
			t.Errorf("versionLabel(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestWarningFiguresNamed: every figure a screening rule records has a
// name in the catalogue (a warning's page shows names, not keys). The
// figures' keys are read from the screening package's source.
func TestWarningFiguresNamed(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../screening/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("screening sources: %v", err)
	}
	key := regexp.MustCompile(`"([a-z_]+)": *(?:int64\(|in\.|sum|r\.|line)|figures\["([a-z_]+)"\]|sumFigures\("([a-z_]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			k := m[1] + m[2] + m[3]
			seen++
			if _, ok := catalogue["warnings.fig."+k]; !ok {
				t.Errorf("figure %q (%s) has no name warnings.fig.%s", k, filepath.Base(f), k)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d figure keys: the pattern no longer matches the source", seen)
	}
}

// TestDestructiveActionsConfirm: deleting a risk–measure rule and disabling
// an account ask first, naming what they will do.
func TestDestructiveActionsConfirm(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, "")
	if rec := do(t, h, "POST", "/admin/fit-rules", url.Values{"op": {"add"}, "risk_type": {"因病"}, "measure": {"产业帮扶|"},
		"basis": {"测试"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("add a rule: %d %s", rec.Code, rec.Body)
	}
	bodyHas(t, "fit rules", get(t, h, "/admin/fit-rules").Body.String(), `hx-confirm="删除匹配“因病 → 产业帮扶”？`, `>删除“因病 → 产业帮扶”`)
	bodyHas(t, "users", get(t, h, "/admin/users").Body.String(), `hx-confirm="停用账号 tester？其登录会话立即结束`)
}
