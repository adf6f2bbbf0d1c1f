package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"fangpin/internal/auth"
)

// TestBrowserDashboard draws the dashboard's charts in headless Chromium at
// an office screen's and a phone's size, for today and for a past date:
// every chart gets its canvas, the page does not scroll sideways, and the
// console stays free of errors (a CSP refusal is one).
func TestBrowserDashboard(t *testing.T) {
	chromium(t)
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	if _, err := a.CreateUser(context.Background(), auth.NewUser{Username: "zhou", Role: auth.RoleTownship,
		Region: city, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bareServer(t, Config{DB: db, Keys: keys, Auth: a, Root: city}).Handler())
	defer srv.Close()
	for _, size := range [][2]int{{1366, 768}, {360, 640}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ctx := browser(t, size[0], size[1])
			messages := chromedp.Console(ctx)
			if err := chromedp.Do(ctx, signIn(srv.URL, "zhou")...); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"", "&as_of=2024-12-31"} {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/dashboard?region="+city+q),
					chromedp.WaitVisible(`#chart-children canvas`)); err != nil {
					t.Fatalf("dashboard%s: %v", q, err)
				}
				// every chart's box gets its canvas (nine charts: the eight of
				// the monitoring work and the 三保障 one)
				n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".dash-canvas canvas").length`))
				boxes, err2 := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".dash-canvas").length`))
				if err != nil || err2 != nil || n != boxes || n != 9 {
					t.Errorf("dashboard%s: %d charts drawn in %d boxes (%v, %v), want 9", q, n, boxes, err, err2)
				}
				if sideways(t, ctx) {
					t.Errorf("dashboard%s scrolls sideways at %d px", q, size[0])
				}
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`console.log("fangpin-done"), true`)); err != nil {
				t.Fatal(err)
			}
			for m, err := range messages {
				if err != nil {
					t.Fatal(err)
				}
				if m.Text == "fangpin-done" {
					break
				}
				if m.Type == chromedp.ConsoleError || m.IsException() {
					t.Errorf("console: %s", m)
				}
			}
		})
	}
}
