package web

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/fault"
)

// TestCatalogueComplete checks that every key the templates and the code use
// exists, in both languages, with the same fmt verbs.
func TestCatalogueComplete(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	quoted := regexp.MustCompile(`"([a-z_]+(?:\.[a-z_]+)+)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		for _, m := range quoted.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".css") && !strings.HasSuffix(m[1], ".svg") && !strings.HasSuffix(m[1], ".js") {
				keys[m[1]] = true
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys in the templates", len(keys))
	}
	dynamic := append([]string{"region.nation", "source.import", "chart.categories", "chart.types",
		"unit.households", "overview.title", "households.title", "household.title", "yes", "no"}, menuCatalogueKeys()...)
	for _, code := range []string{"bad_request", "too_large", "internal"} {
		dynamic = append(dynamic, "error."+code)
	}
	for k := fault.Invalid; k <= fault.Unauthenticated; k++ { // the title of each kind's error page
		dynamic = append(dynamic, "error."+k.Code())
	}
	for _, m := range monitoredStates {
		dynamic = append(dynamic, "monitored."+m)
	}
	for l := 0; l <= 5; l++ {
		dynamic = append(dynamic, fmt.Sprintf("level.%d", l))
	}
	for _, k := range dynamic {
		keys[k] = true
	}
	for k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("key %q is used but missing from the catalogue", k)
		}
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	for k, m := range catalogue {
		if m[0] == "" || m[1] == "" {
			t.Errorf("key %q lacks a translation", k)
		}
		if a, b := verbs.FindAllString(m[0], -1), verbs.FindAllString(m[1], -1); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("key %q: verbs %v in Chinese, %v in English", k, a, b)
		}
	}
}

func TestChineseByDefault(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	for _, al := range []string{"", "en-US,en;q=0.9", "zh-CN,zh;q=0.9"} {
		body := get(t, h, "/households", "Accept-Language", al).Body.String()
		if !strings.Contains(body, `<html lang="zh-CN">`) {
			t.Errorf("Accept-Language %q did not give Chinese", al)
		}
	}
}

func TestLangChoiceIsRemembered(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	rec := get(t, h, "/households?lang=en")
	c := rec.Result().Cookies()
	if len(c) != 1 || c[0].Name != langCookie || c[0].Value != langEN {
		t.Fatalf("cookies %v", c)
	}
	body := get(t, h, "/households", "Cookie", "lang=en").Body.String()
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `href="/households?lang=zh-CN"`) {
		t.Error("the cookie should keep English and offer Chinese")
	}
}

// menuCatalogueKeys are the catalogue keys of the menu and of 系统管理.
func menuCatalogueKeys() []string {
	var keys []string
	for _, e := range menuEntries {
		keys = append(keys, e.key)
	}
	for _, e := range adminLinks {
		keys = append(keys, e.key, e.key+".hint")
	}
	return keys
}
