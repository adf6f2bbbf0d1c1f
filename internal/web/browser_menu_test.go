package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"fangpin/internal/auth"
)

// TestBrowserMenus logs in as each role, placed as the demo places it, at a
// phone's width (the administrator also at an office screen's), and opens
// every item of its menu:
// no 403 behind a link, no console error, nothing that scrolls sideways
// (the page, and on the phone any table: lists read as cards there), and
// the header names the user's region. With $FANGPIN_ARTIFACTS set, a
// screenshot of each page and width goes there (a test artifact); without
// it none is taken, to keep the walk short. The two widths run side by side.
func TestBrowserMenus(t *testing.T) {
	chromium(t)
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	regions := map[auth.Role]string{auth.RoleAdmin: city, auth.RoleCity: city, auth.RoleCounty: county,
		auth.RoleTownship: township, auth.RoleVillage: villageA, auth.RoleDepartment: city, auth.RoleViewer: city}
	for _, role := range auth.Roles() {
		ensureRegion(t, db, regions[role])
		if _, err := a.CreateUser(context.Background(), auth.NewUser{Username: "m-" + string(role), Role: role,
			Region: regions[role], Password: testPassword}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(bareServer(t, Config{DB: db, Keys: keys, Auth: a}).Handler())
	t.Cleanup(srv.Close)
	shots := os.Getenv("FANGPIN_ARTIFACTS")
	// Every role on a phone, where a page can scroll sideways; on the office
	// screen the administrator, whose menu holds every page (a 403, a
	// console error or a missing region does not depend on the width, and
	// the walk of every role at both widths took CI's time twice).
	for _, w := range []struct {
		width int
		roles []auth.Role
	}{{1366, []auth.Role{auth.RoleAdmin}}, {360, auth.Roles()}} {
		t.Run(strconv.Itoa(w.width), func(t *testing.T) {
			t.Parallel()
			walkMenus(t, srv.URL, w.width, w.roles, shots)
		})
	}
}

// noSwipe finds what scrolls sideways on the page: the page itself
// (scrollWidth over clientWidth) and, on a phone, any list box (.table-wrap)
// — lists read as cards there (class "list"), so no one swipes a table.
const noSwipe = `(phone => {
  const d = document.documentElement, out = [];
  if (d.scrollWidth > d.clientWidth) out.push("the page (" + d.scrollWidth + " > " + d.clientWidth + ")");
  if (phone) for (const w of document.querySelectorAll(".table-wrap")) {
    if (w.scrollWidth > w.clientWidth + 1 && w.offsetParent !== null) {
      const h = w.closest("section")?.querySelector("h2")?.textContent || w.querySelector("th")?.textContent || "";
      out.push("a table (" + h.trim() + ")");
    }
  }
  return out.join(", ");
})`

// swipes says what scrolls sideways at width ("" when nothing does).
func swipes(t *testing.T, ctx context.Context, width int) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](noSwipe+"("+strconv.FormatBool(width < 640)+")"))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// walkMenus logs in as each of roles at width and opens every menu item.
func walkMenus(t *testing.T, base string, width int, roles []auth.Role, shots string) {
	{
		ctx := browser(t, width, 768)
		var mu sync.Mutex
		var problems []string
		chromedp.Listen(ctx, func(ev any) {
			mu.Lock()
			defer mu.Unlock()
			switch e := ev.(type) {
			case *runtime.EventExceptionThrown:
				problems = append(problems, "exception: "+e.ExceptionDetails.Text)
			case *runtime.EventConsoleAPICalled:
				if e.Type == runtime.ConsoleAPICalledTypeError {
					problems = append(problems, "console.error")
				}
			}
		})
		for _, role := range roles {
			name := "m-" + string(role)
			if err := chromedp.Do(ctx, signIn(base, name)...); err != nil {
				t.Fatalf("%d px, login %s: %v", width, name, err)
			}
			links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("nav.menu a")].map(a => a.href)`))
			if err != nil || len(links) == 0 {
				t.Fatalf("%d px, %s: no menu (%v)", width, role, err)
			}
			for i, l := range links {
				resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(l))
				if err != nil {
					t.Fatalf("%d px, %s: %s: %v", width, role, l, err)
				}
				where := strconv.Itoa(width) + " px, " + string(role) + ", " + strings.TrimPrefix(l, base)
				if resp.Status != 200 {
					t.Errorf("%s: status %d", where, resp.Status)
				}
				if swipe := swipes(t, ctx, width); swipe != "" {
					t.Errorf("%s: scrolls sideways: %s", where, swipe)
				}
				region, err := chromedp.Run(ctx, chromedp.Text(`.topbar-region`))
				if err != nil || strings.HasSuffix(strings.TrimSpace(region), "—") {
					t.Errorf("%s: the header names no region (%q)", where, region)
				}
				if shots == "" {
					// no screenshot asked for
				} else if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
					os.WriteFile(filepath.Join(shots, "menu-"+string(role)+"-"+strconv.Itoa(i)+"-"+strconv.Itoa(width)+".png"), png, 0o644)
				}
				mu.Lock()
				if len(problems) > 0 {
					t.Errorf("%s: %v", where, problems)
					problems = nil
				}
				mu.Unlock()
			}
			if err := chromedp.Do(ctx, chromedp.Click(`.topbar-logout button`), chromedp.WaitVisible(`input[name="username"]`)); err != nil {
				t.Fatalf("%d px, logout %s: %v", width, name, err)
			}
		}
	}
}
