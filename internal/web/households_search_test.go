package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestHouseholdSearchAsTyped: the search box posts as people type (htmx)
// and gets the list itself, no redirect, so what is typed never reaches the
// address bar; part of a name finds a household by its head or a member and
// says which member matched; a full ID number is searched by its keyed
// index and never shown; the search stays in the user's region; LIKE's
// wildcards are taken literally.
func TestHouseholdSearchAsTyped(t *testing.T) {
	t.Parallel()
	storetest.Each(t, householdSearchAsTyped)
}

func householdSearchAsTyped(t *testing.T, db *store.DB) {
	db, keys := fill(t, db)
	_, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	live := func(q string, more ...string) (*http.Response, string) {
		t.Helper()
		form := url.Values{"q": {q}}
		for i := 0; i+1 < len(more); i += 2 {
			form.Set(more[i], more[i+1])
		}
		rec := do(t, h, "POST", "/households", form, "HX-Request", "true")
		if rec.Code != http.StatusOK {
			t.Fatalf("live search %q: %d", q, rec.Code)
		}
		return rec.Result(), rec.Body.String()
	}
	page := get(t, h, "/households").Body.String()
	bodyHas(t, "search box", page, `hx-trigger="input changed delay:300ms, search"`, `hx-post="/households"`,
		`hx-select="#household-results"`, `<div id="household-results"`)

	_, body := live("四") // 李四 is 张三's wife
	bodyHas(t, "member match", body, "共 1 户", ">张三</a>", "匹配成员：李四（配偶）")
	_, body = live("张")
	bodyHas(t, "head match", body, "共 1 户", ">张三</a>")
	bodyLacks(t, "head match", body, "匹配成员")
	_, body = live("七") // 孙七 and his daughter 孙小七: one household, the head matched
	bodyHas(t, "one household", body, "共 1 户", ">孙七</a>")
	_, body = live("%")
	bodyHas(t, "wildcard", body, "共 0 户")
	_, body = live("四", "type", "一般农户")
	bodyHas(t, "with a filter", body, "共 0 户")

	for _, q := range []string{idZhang[:10], idZhang} {
		resp, body := live(q)
		if loc := resp.Header.Get("Location"); loc != "" {
			t.Errorf("live search of %q redirects to %q", q, loc)
		}
		bodyLacks(t, "live search by number", body, idZhang)
	}
	_, body = live(idZhang)
	bodyHas(t, "full ID number", body, "共 1 户", ">张三</a>")

	_, other := asUser(t, Config{DB: db, Keys: keys}, "cun", auth.RoleVillage, villageB)
	rec := do(t, other, "POST", "/households", url.Values{"q": {"四"}}, "HX-Request", "true")
	if !strings.Contains(rec.Body.String(), "共 0 户") {
		t.Error("a village cadre of 金川西村 finds 北海子村's 李四")
	}
}
