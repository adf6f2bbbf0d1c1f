package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// clock is a settable time for the browser walk (the notice lasts 5 days).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// TestBrowserSelfReportToEnrolment is the walk of the 一键报贫 issue in a real
// browser: a farmer fills the village form on a 360×640 phone screen and gets
// a receipt; the township cadre reveals the family's phone number to call
// them (audited); township, village and county cadres walk the case to
// enrolment; a second report is found not qualifying and the family reads
// the reason on the status page.
func TestBrowserSelfReportToEnrolment(t *testing.T) {
	chromium(t)
	db, keys := fixtureDB(t)
	a := auth.NewService(db, auth.WithHashParams(cheapHash))
	ctx := context.Background()
	for _, u := range []struct {
		name   string
		role   auth.Role
		region string
	}{{"town", auth.RoleTownship, township}, {"vill", auth.RoleVillage, villageA}, {"cnty", auth.RoleCounty, county}} {
		if _, err := a.CreateUser(ctx, auth.NewUser{Username: u.name, Role: u.role, Region: u.region, Password: testPassword}); err != nil {
			t.Fatal(err)
		}
	}
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, civil.Zone)}
	reports := selfreport.New(db, keys)
	s := bareServer(t, Config{DB: db, Keys: keys, Auth: a, Reports: reports})
	s.now = clk.now
	tok, err := reports.VillageToken(ctx, store.ScopeAll(), villageA)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	phone := browser(t, 360, 640)
	receipt := farmerReports(t, phone, srv.URL+"/r/"+tok, "赵六", idZhao, "13911112222")
	town, vill, cnty := staff(t, srv.URL, "town"), staff(t, srv.URL, "vill"), staff(t, srv.URL, "cnty")
	id := caseOf(t, town, srv.URL)
	step := func(who context.Context, action string, fill ...string) {
		t.Helper()
		caseStep(t, who, srv.URL, id, action, fill...)
	}
	// the township cadre calls the family: the phone number shown in full,
	// the view audited
	err = chromedp.Do(town, chromedp.Navigate(fmt.Sprintf("%s/cases/%d", srv.URL, id)),
		chromedp.Click(`form[action$="/contact/reveal"] button`), chromedp.WaitVisible(`a.revealed[href^="tel:"]`))
	if err != nil {
		t.Fatalf("reveal the reporter's phone: %v", err)
	}
	if shown, err := chromedp.Run(town, chromedp.Text(`a.revealed`)); err != nil || shown != "13911112222" {
		t.Fatalf("the phone shown: %q %v", shown, err)
	}
	var views int
	db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'self_report.view_full'").Scan(&views)
	if views != 1 {
		t.Fatalf("%d views of the reporter's numbers audited", views)
	}
	step(town, "accept")
	step(vill, "verify", `input[name="consent"]`, "click", `textarea[name="notes"]`, "入户核实：住院自付4万元", `input[name="income"]`, "5200")
	step(vill, "review", `select[name="qualifies"]`, "yes", `textarea[name="minutes"]`, "村民代表一致同意")
	step(vill, "publish_notice", `input[name="start"]`, "2026-03-02", `input[name="place"]`, "村委会公示栏")
	clk.add(6 * 24 * time.Hour)
	step(vill, "end_notice", `textarea[name="result"]`, "公示无异议")
	step(town, "township_review", `select[name="approve"]`, "yes")
	step(cnty, "county_approve", `select[name="approve"]`, "yes")
	step(cnty, "enrol", `input[name="risk_types"][value="因病"]`, "click", `textarea[name="announcement"]`, "已公告")
	if got := statusOf(t, phone, srv.URL, receipt, "13911112222"); !strings.Contains(got, "已纳入防返贫监测") {
		t.Fatalf("family's status after enrolment: %q", got)
	}

	receipt2 := farmerReports(t, phone, srv.URL+"/r/"+tok, "李四", idLi, "13933334444")
	id = caseOf(t, town, srv.URL)
	step(town, "accept")
	step(vill, "verify", `input[name="consent"]`, "click", `textarea[name="notes"]`, "务工收入稳定")
	step(vill, "review", `select[name="qualifies"]`, "no", `textarea[name="minutes"]`, "评议", `textarea[name="reason"]`, "家庭人均纯收入高于监测范围")
	if got := statusOf(t, phone, srv.URL, receipt2, "13933334444"); !strings.Contains(got, "不符合") || !strings.Contains(got, "高于监测范围") {
		t.Fatalf("family's status after closing: %q", got)
	}
}

// caseStep takes case id one step in the browser who: it opens the case,
// fills the step's form (fill: selector, value pairs; the value "click"
// ticks a checkbox) and submits it.
func caseStep(t *testing.T, who context.Context, base string, id int64, action string, fill ...string) {
	t.Helper()
	form := fmt.Sprintf(`form.step:has(input[name="action"][value=%q])`, action)
	actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(fmt.Sprintf("%s/cases/%d", base, id)), chromedp.WaitVisible(form)}
	for i := 0; i+1 < len(fill); i += 2 {
		if fill[i+1] == "click" { // a checkbox
			actions = append(actions, chromedp.Click(form+" "+fill[i]))
			continue
		}
		actions = append(actions, chromedp.SetValue(form+" "+fill[i], fill[i+1]))
	}
	if err := chromedp.Do(who, actions...); err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	// The case page before the step has a timeline too: mark it stale, so
	// the wait below ends on the page the step's answer loads, and the
	// next step's navigation cannot abort this one's form post.
	if _, err := chromedp.Run(who, chromedp.Evaluate[bool](`(document.body.dataset.stale = "1") === "1"`)); err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	if err := chromedp.Do(who, chromedp.Submit(form), chromedp.WaitVisible(`body:not([data-stale]) .timeline`)); err != nil {
		t.Fatalf("%s: %v", action, err)
	}
}

// TestBrowserEliminationNotice walks an elimination in the browser: the
// township cadre proposes it from the monitored household's page, the
// village cadre verifies, reviews and publishes the notice, and the printed
// notice carries the elimination wording (拟消除风险), not the enrolment one.
func TestBrowserEliminationNotice(t *testing.T) {
	chromium(t)
	f := newMonFixture(t)
	s := bareServer(t, f.cfg)
	clk := &clock{t: testNow}
	s.now = clk.now
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	town, vill := staff(t, srv.URL, "town"), staff(t, srv.URL, "vill")
	err := chromedp.Do(town, chromedp.Navigate(srv.URL+"/households/6203210001"),
		chromedp.Click(`#elimination details.form-box summary`),
		chromedp.SetValue(`form[action$="/elimination"] select[name="mode"]`, "帮扶消除"),
		chromedp.SetValue(`form[action$="/elimination"] textarea[name="description"]`, "务工收入稳定，风险已消除"),
		chromedp.Submit(`form[action$="/elimination"]`),
		chromedp.WaitVisible(`.timeline`))
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	loc, err := chromedp.Run(town, chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !regexp.MustCompile(`^/cases/\d+$`).MatchString(loc) {
		t.Fatalf("after the proposal: %q %v", loc, err)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/cases/"), 10, 64)
	start := civil.DateOf(clk.now()).String()
	caseStep(t, vill, srv.URL, id, "verify", `input[name="consent"]`, "click", `textarea[name="notes"]`, "入户核实：务工收入稳定", `input[name="income"]`, "15200")
	caseStep(t, vill, srv.URL, id, "review", `select[name="qualifies"]`, "yes", `textarea[name="minutes"]`, "村民代表一致同意消除")
	caseStep(t, vill, srv.URL, id, "publish_notice", `input[name="start"]`, start, `input[name="place"]`, "村委会公示栏")
	if err := chromedp.Do(vill, chromedp.Navigate(fmt.Sprintf("%s/cases/%d/notice", srv.URL, id))); err != nil {
		t.Fatalf("notice: %v", err)
	}
	notice, err := chromedp.Run(vill, chromedp.Text(`body`))
	if err != nil {
		t.Fatalf("notice: %v", err)
	}
	if !strings.Contains(notice, "拟消除风险") || strings.Contains(notice, "拟纳入") {
		t.Fatalf("the elimination notice reads:\n%s", notice)
	}
}

// farmerReports fills the public form and returns the receipt code.
func farmerReports(t *testing.T, ctx context.Context, url, name, id, phone string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(`input[name="head_name"]`),
		chromedp.SendKeys(`input[name="head_name"]`, name),
		chromedp.SendKeys(`input[name="id_number"]`, id),
		chromedp.SendKeys(`input[name="phone"]`, phone),
		chromedp.Click(`input[name="risk_types"][value="因病"]`),
		chromedp.SendKeys(`textarea[name="description"]`, "家里有人生病住院，花了很多钱"),
		chromedp.Click(`input[name="consent"]`),
		chromedp.Submit(`form`),
		chromedp.WaitVisible(`.receipt`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if sideways(t, ctx) {
		t.Error("the receipt page scrolls sideways on a 360 px phone")
	}
	code, err := chromedp.Run(ctx, chromedp.Text(`.receipt`))
	if err != nil || !regexp.MustCompile(`^FP[0-9A-Z]{8}$`).MatchString(code) {
		t.Fatalf("receipt %q %v", code, err)
	}
	return code
}

// staff logs a user in, in a browser of their own (an office screen).
func staff(t *testing.T, base, name string) context.Context {
	t.Helper()
	ctx := browser(t, 1366, 900)
	if err := chromedp.Do(ctx, signIn(base, name)...); err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	return ctx
}

// caseOf opens the township's inbox and returns the newest open case's id.
func caseOf(t *testing.T, ctx context.Context, base string) int64 {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cases?open=true&status=reported"), chromedp.WaitVisible(`table`)); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("tbody tr a").getAttribute("href")`))
	var id int64
	if _, scanErr := fmt.Sscanf(href, "/cases/%d", &id); err != nil || scanErr != nil {
		t.Fatalf("case link %q: %v %v", href, err, scanErr)
	}
	return id
}

// statusOf looks the receipt up on the public status page.
func statusOf(t *testing.T, ctx context.Context, base, receipt, phone string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/r/status"),
		chromedp.WaitVisible(`input[name="receipt"]`),
		chromedp.SendKeys(`input[name="receipt"]`, receipt),
		chromedp.SendKeys(`input[name="phone"]`, phone),
		chromedp.Submit(`form`),
		chromedp.WaitVisible(`dl`),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil {
		t.Fatal(err)
	}
	return text
}
