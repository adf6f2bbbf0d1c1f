package web

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"fangpin/internal/auth"
)

// TestBrowserSurvey shows a township's survey report at a phone's and an
// office screen's width: its charts are drawn and nothing scrolls sideways.
func TestBrowserSurvey(t *testing.T) {
	srv := townshipServer(t)
	// one browser, two widths: the office screen, then a phone's
	ctx := browser(t, 1366, 800)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/reports/survey?as_of=2026-11-26"),
		chromedp.WaitVisible(`input[name="username"]`),
		chromedp.SendKeys(`input[name="username"]`, "zhou"),
		chromedp.SendKeys(`input[name="password"]`, testPassword),
		chromedp.Submit(`form.login-form`),
		chromedp.WaitVisible(`.survey-chart svg`),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{1366, 360} {
		if width != 1366 {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 640), chromedp.Reload(),
				chromedp.WaitVisible(`.survey-chart svg`)); err != nil {
				t.Fatal(err)
			}
		}
		if sideways(t, ctx) {
			t.Errorf("the survey report scrolls sideways at %d px", width)
		}
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			`[...document.querySelectorAll('.survey-chart svg')].every(s => s.getBoundingClientRect().right <= window.innerWidth)`))
		if err != nil || !fits {
			t.Errorf("a chart is wider than the window at %d px (%v)", width, err)
		}
	}
}

// townshipServer serves the fixture with a township user, zhou, for the
// browser tests to log in as; it skips the test as chromium does.
func townshipServer(t *testing.T) *httptest.Server {
	t.Helper()
	chromium(t)
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	if _, err := a.CreateUser(context.Background(), auth.NewUser{Username: "zhou", Role: auth.RoleTownship,
		Region: township, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bareServer(t, Config{DB: db, Keys: keys, Auth: a, Root: township}).Handler())
	t.Cleanup(srv.Close)
	return srv
}
