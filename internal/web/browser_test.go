package web

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns the path of a headless Chromium, or skips the test:
// always with go test -short (a browser walk takes tens of seconds), and
// when none is found. FANGPIN_CHROMIUM may name the binary; CI installs
// Debian's chromium. Every browser test calls it first.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if p := os.Getenv("FANGPIN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found (set FANGPIN_CHROMIUM)")
	return ""
}

// browser starts a headless Chromium with the flags this sandbox needs.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// A guard against a hung browser, not a speed test: a whole walk on a
	// loaded machine takes over a minute.
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	// Headless Chromium keeps a window at least 500 px wide; the viewport
	// override makes a 360 px phone really 360 px.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// signIn is the login form filled in for name (with testPassword) and sent,
// done once the staff pages' menu shows: .menu, not .content, since the
// login page has .content too and navigating on while the login is in
// flight aborts it.
func signIn(base, name string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/login"),
		chromedp.WaitVisible(`input[name="username"]`),
		chromedp.SendKeys(`input[name="username"]`, name),
		chromedp.SendKeys(`input[name="password"]`, testPassword),
		chromedp.Submit(`form.login-form`),
		chromedp.WaitVisible(`.menu`),
	}
}

// sideways reports whether the page is wider than the window.
func sideways(t *testing.T, ctx context.Context) bool {
	t.Helper()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	return wide
}

// TestBrowserLoginAndPages drives the staff pages in a real browser at a
// phone's and an office screen's width: log in through the form, see the
// dashboard without horizontal scrolling, open a household and reveal one
// member's full ID number.
func TestBrowserLoginAndPages(t *testing.T) {
	srv := townshipServer(t)
	for _, width := range []int{360, 1366} {
		t.Run(strconv.Itoa(width)+"px", func(t *testing.T) {
			ctx := browser(t, width, 900)
			err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/households/6203210001"),
				chromedp.WaitVisible(`input[name="username"]`),
				chromedp.SendKeys(`input[name="username"]`, "zhou"),
				chromedp.SendKeys(`input[name="password"]`, testPassword),
				chromedp.Submit(`form.login-form`),
				chromedp.WaitVisible(`table`),
			)
			if err != nil {
				t.Fatal(err)
			}
			title, _ := chromedp.Run(ctx, chromedp.Title())
			heading, _ := chromedp.Run(ctx, chromedp.Text(`h1`))
			if !strings.Contains(heading, "6203210001") || !strings.Contains(title, "防返贫监测帮扶系统") {
				t.Fatalf("after login: title %q, heading %q", title, heading)
			}
			if sideways(t, ctx) {
				t.Errorf("the household page scrolls sideways at %d px", width)
			}
			if err := chromedp.Do(ctx, chromedp.Click(`form.inline button`), chromedp.WaitVisible(`.revealed`)); err != nil {
				t.Fatal(err)
			}
			if shown, err := chromedp.Run(ctx, chromedp.Text(`.revealed`)); err != nil || shown != idZhang {
				t.Errorf("revealed %q (%v), want the full ID", shown, err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/overview"), chromedp.WaitVisible(`.cards`)); err != nil {
				t.Fatal(err)
			}
			if sideways(t, ctx) {
				t.Errorf("the dashboard scrolls sideways at %d px", width)
			}
		})
	}
}
