package web

import (
	"fangpin/internal/auth"
	"strings"
	"testing"
)

// TestScope serves a village cadre's scope (金川西村) and checks that every
// path honours it: households elsewhere look exactly like unknown ones.
func TestScope(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, h := asUser(t, Config{DB: db, Keys: keys, Root: city}, "cadre", auth.RoleVillage, villageB)
	scenarios := []struct {
		target string
		status int
		want   []string
		absent []string
	}{
		{"/", 302, nil, nil},
		{"/overview", 200, []string{"金川西村 · 工作台", `<p class="fig">2<small>户</small></p>`}, []string{">全国<"}},
		{"/overview?region=" + city, 404, nil, nil},
		{"/households", 200, []string{"共 2 户", "6203210002", "6203210004", "<span>金昌市</span>"}, []string{"6203210001"}},
		{"/households?region=" + villageA, 404, nil, nil},
		{"/households?q=" + idZhang, 200, []string{"共 0 户"}, nil},
		{"/households/6203210002", 200, []string{"王五"}, nil},
		{"/api/v1/households", 200, []string{`"total":2`}, nil},
		{"/api/v1/households/6203210001", 404, nil, nil},
		{"/api/v1/stats/overview?region=" + township, 404, nil, nil},
		{"/api/v1/stats/overview", 200, []string{`"code":"620321100202"`}, nil},
		{"/api/v1/regions/" + township, 200, []string{`"children":[{"code":"620321100202"`}, []string{villageA}},
		{"/api/v1/regions/" + villageA, 404, nil, nil},
	}
	for _, sc := range scenarios {
		rec := get(t, h, sc.target)
		if rec.Code != sc.status {
			t.Errorf("%s: status %d, want %d", sc.target, rec.Code, sc.status)
			continue
		}
		body := rec.Body.String()
		for _, w := range sc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: missing %q", sc.target, w)
			}
		}
		for _, a := range sc.absent {
			if strings.Contains(body, a) {
				t.Errorf("%s: unexpected %q", sc.target, a)
			}
		}
	}
	if loc := get(t, h, "/").Header().Get("Location"); loc != "/overview?region="+villageB {
		t.Errorf("root of a village cadre: %q", loc)
	}
	other := strings.ReplaceAll(get(t, h, "/households/6203210001").Body.String(), "6203210001", "X")
	unknown := strings.ReplaceAll(get(t, h, "/households/nope").Body.String(), "nope", "X")
	if other != unknown {
		t.Error("a household outside the scope must look exactly like an unknown one")
	}
}
