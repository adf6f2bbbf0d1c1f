package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/auth"
)

// menuLink finds the links of the left menu and of the 系统管理 page.
var (
	menuNav   = regexp.MustCompile(`(?s)<nav class="menu"[^>]*>(.*?)</nav>`)
	adminList = regexp.MustCompile(`(?s)<ul class="admin-links">(.*?)</ul>`)
	hrefOf    = regexp.MustCompile(`href="([^"]+)"`)
)

func linksIn(re *regexp.Regexp, page string) []string {
	m := re.FindStringSubmatch(page)
	if m == nil {
		return nil
	}
	var out []string
	for _, h := range hrefOf.FindAllStringSubmatch(m[1], -1) {
		out = append(out, strings.ReplaceAll(h[1], "&amp;", "&"))
	}
	return out
}

// TestMenuByRole: for every role, as the demo places it, every link of the
// menu and of 系统管理 answers 200, no entry is greyed out, and the first
// page names the user's region; a department user lands on its own page.
func TestMenuByRole(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	regions := map[auth.Role]string{auth.RoleAdmin: city, auth.RoleCity: city, auth.RoleCounty: county,
		auth.RoleTownship: township, auth.RoleVillage: villageA, auth.RoleDepartment: city, auth.RoleViewer: city}
	want := map[auth.Role][]string{ // entries each role must see, and must not
		auth.RoleAdmin:      {"/admin", "/feeds", "/qr"},
		auth.RoleDepartment: {"/feeds", "!/overview", "!/cases", "!/households", "!/admin"},
		auth.RoleViewer:     {"/cases", "!/qr", "!/admin", "!/feeds"},
		auth.RoleCity:       {"/admin", "!/feeds"},
		auth.RoleVillage:    {"/qr", "!/admin"},
	}
	for _, role := range auth.Roles() {
		_, h := asUser(t, Config{DB: db, Keys: keys, Auth: a}, "menu-"+string(role), role, regions[role])
		first := get(t, h, "/").Header().Get("Location")
		if role == auth.RoleDepartment && first != "/feeds" {
			t.Errorf("department lands on %q", first)
		}
		rec := get(t, h, first)
		page := rec.Body.String()
		if rec.Code != http.StatusOK || strings.Contains(page, "menu-off") || strings.Contains(page, "当前区划：—") {
			t.Errorf("%s: first page %s: %d, greyed entries or no region", role, first, rec.Code)
		}
		links := linksIn(menuNav, page)
		joined := " " + strings.Join(links, " ") + " "
		for _, w := range want[role] {
			if absent, ok := strings.CutPrefix(w, "!"); ok {
				if strings.Contains(joined, " "+absent+" ") || strings.Contains(joined, " "+absent+"?") {
					t.Errorf("%s: menu offers %s", role, absent)
				}
			} else if !strings.Contains(joined, " "+w+" ") && !strings.Contains(joined, " "+w+"?") {
				t.Errorf("%s: menu lacks %s: %v", role, w, links)
			}
		}
		for _, l := range links {
			rec := get(t, h, l)
			if rec.Code != http.StatusOK {
				t.Errorf("%s: menu link %s answers %d", role, l, rec.Code)
			}
			if l == "/admin" {
				for _, al := range linksIn(adminList, rec.Body.String()) {
					if c := get(t, h, al).Code; c != http.StatusOK {
						t.Errorf("%s: 系统管理 link %s answers %d", role, al, c)
					}
				}
			}
		}
	}
}
