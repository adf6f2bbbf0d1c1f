package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fangpin/internal/auth"
	"fangpin/internal/idcard"
	"fangpin/internal/jobs"
	"fangpin/internal/store/storetest"
)

// TestBrowserFeedToWarning is the walk of the department-data issue in a
// real browser, on a phone and on an office screen: a county cadre uploads
// a medical file on /feeds, watches its job finish, runs the screen from
// the warning page, opens a warning with its evidence and records that the
// household is already helped. No page scrolls sideways.
func TestBrowserFeedToWarning(t *testing.T) {
	chromium(t)
	for _, width := range []int{360, 1366} {
		t.Run(strconv.Itoa(width)+"px", func(t *testing.T) {
			w := newFeedWorld(t, storetest.SQLite(t))
			if _, err := w.auth.CreateUser(context.Background(), auth.NewUser{Username: "xian", Role: auth.RoleCounty,
				Region: county, Password: testPassword}); err != nil {
				t.Fatal(err)
			}
			s := bareServer(t, Config{DB: w.db, Keys: w.keys, Auth: w.auth, DataDir: w.dir})
			s.now = func() time.Time { return feedClock }
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			defer s.Wait()
			file := filepath.Join(t.TempDir(), "医保结算.csv")
			if err := os.WriteFile(file, []byte(medicalCSV()), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx := browser(t, width, 800)
			step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, actions...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				if sideways(t, ctx) {
					t.Errorf("%s: the page scrolls sideways at %d px", what, width)
				}
			}
			step("login", signIn(srv.URL, "xian")...)
			step("upload form", chromedp.Navigate(srv.URL+"/feeds"), chromedp.WaitVisible(`form.feed-upload`))
			step("upload", chromedp.SetValue(`select[name="kind"]`, "medical"),
				chromedp.SetUploadFiles(`input[name="file"]`, []string{file}),
				chromedp.Submit(`form.feed-upload`), chromedp.WaitVisible(`.job-done`))
			browserText(t, ctx, "the import's job", "main", "医保结算.csv", "已完成")
			step("file list", chromedp.Navigate(srv.URL+"/feeds"), chromedp.WaitVisible(`table.feed-files`))
			step("screen", chromedp.Navigate(srv.URL+"/warnings"), chromedp.WaitVisible(`.screen-form`),
				chromedp.Click(`.screen-form button`), chromedp.WaitVisible(`.job-done`))
			browserText(t, ctx, "the screen's job", "main", "医疗自付费用高", "预警筛查")
			step("warning list", chromedp.Navigate(srv.URL+"/warnings"), chromedp.WaitVisible(`table.warning-list`),
				chromedp.Click(`table.warning-list tbody tr:first-child td:first-child a`), chromedp.WaitVisible(`table.evidence`))
			browserText(t, ctx, "the warning", "main", "医保结算.csv", "个人自付", "系统默认")
			ev := browserText(t, ctx, "the evidence", "table.evidence")
			if !strings.Contains(ev, idcard.Mask(idZhang)) && !strings.Contains(ev, idcard.Mask(idWang)) {
				t.Errorf("the evidence shows no masked ID number: %q", ev)
			}
			step("decision", chromedp.Click(`form.decision input[value="handled"]`),
				chromedp.SendKeys(`form.decision textarea[name="reason"]`, "已纳入监测，落实健康帮扶"),
				chromedp.Submit(`form.decision`), chromedp.WaitVisible(`dl.decided`))
			browserText(t, ctx, "the decided warning", "dl.decided", "已纳入监测并帮扶", "落实健康帮扶")
		})
	}
}

// browserText returns the text of the first element matching sel, failing the
// test unless it holds every want.
func browserText(t *testing.T, ctx context.Context, what, sel string, want ...string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	bodyHas(t, what, got, want...)
	return got
}

// TestBrowserJobPoller: the job page of a running job moves its progress
// bar as the job reports, and shows the outcome once the job ends, without
// the user reloading.
func TestBrowserJobPoller(t *testing.T) {
	chromium(t)
	w := newFeedWorld(t, storetest.SQLite(t))
	if _, err := w.auth.CreateUser(context.Background(), auth.NewUser{Username: "xian", Role: auth.RoleCounty,
		Region: county, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	s := bareServer(t, Config{DB: w.db, Keys: w.keys, Auth: w.auth, DataDir: w.dir})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	bg := context.Background()
	id := startJob(t, w, "screen")
	jobs.Progress(bg, w.db, id, 1, 4, "正在筛查")
	ctx := staff(t, srv.URL, "xian")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+jobURL(id)), chromedp.WaitVisible(`progress.job-bar`)); err != nil {
		t.Fatal(err)
	}
	jobs.Progress(bg, w.db, id, 3, 4, "正在筛查")
	moved := `document.querySelector("progress.job-bar").value === 3`
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](moved, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the bar did not move: %v", err)
	}
	if err := jobs.Finish(bg, w.db, id, map[string]any{"as_of": "2026-11-28"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`.job-done`)); err != nil {
		t.Fatalf("the outcome did not show: %v", err)
	}
	browserText(t, ctx, "the finished job", "main", "已完成", "2026年11月28日")
}

// TestBrowserUploadTooLarge: a file over the bound is refused in the
// browser, with the reason, before it is sent.
func TestBrowserUploadTooLarge(t *testing.T) {
	chromium(t)
	w := newFeedWorld(t, storetest.SQLite(t))
	if _, err := w.auth.CreateUser(context.Background(), auth.NewUser{Username: "xian", Role: auth.RoleCounty,
		Region: county, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	s := bareServer(t, Config{DB: w.db, Keys: w.keys, Auth: w.auth, DataDir: w.dir, MaxFeedSize: 100})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(file, []byte(medicalCSV()), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := staff(t, srv.URL, "xian")
	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/feeds"), chromedp.WaitVisible(`form.feed-upload`),
		chromedp.SetValue(`select[name="kind"]`, "medical"), chromedp.SetUploadFiles(`input[name="file"]`, []string{file}),
		chromedp.Click(`form.feed-upload button`), chromedp.WaitVisible(`.upload-error`))
	if err != nil {
		t.Fatal(err)
	}
	browserText(t, ctx, "the refusal", ".upload-error", "文件超过100 字节")
	if n, _ := jobCount(w); n != 0 {
		t.Errorf("%d jobs started", n)
	}
}
