package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fangpin/internal/auth"
)

// TestBrowserPlanAndVisit is the walk of the monitoring issue in a real
// browser: a township cadre opens a monitored household whose 因病 risk has
// no measure, adds a fitting measure and sees the mismatch disappear from
// the household and from the township's list, then records a visit with
// the checklist. The pages fit a 360 px phone.
func TestBrowserPlanAndVisit(t *testing.T) {
	chromium(t)
	f := newMonFixture(t)
	if _, err := f.cfg.Auth.CreateUser(context.Background(), auth.NewUser{Username: "zhen", Role: auth.RoleTownship,
		Region: township, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bareServer(t, f.cfg).Handler())
	defer srv.Close()
	town := staff(t, srv.URL, "zhen")
	const hh = "/households/6203210001"
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	if err := chromedp.Do(town, chromedp.Navigate(srv.URL+hh), chromedp.WaitVisible(`#plan`)); err != nil {
		t.Fatal(err)
	}
	if plan := text(town, `#plan`); !strings.Contains(plan, "措施不对应") {
		t.Fatalf("no mismatch shown before:\n%s", plan)
	}
	form := `form[action="` + hh + `/measures"]`
	due := testNow.AddDate(0, 2, 0).Format(isoDate)
	err := chromedp.Do(town,
		chromedp.Click(`details:has(> `+form+`) > summary`), // the form waits behind its button
		chromedp.WaitVisible(form+` select[name="measure"]`),
		chromedp.SetValue(form+` select[name="measure"]`, "健康帮扶|医疗救助"),
		chromedp.SendKeys(form+` input[name="owner"]`, "镇卫生院"),
		chromedp.SetValue(form+` input[name="due_on"]`, due),
		chromedp.SendKeys(form+` input[name="amount"]`, "1,500.5"),
		chromedp.Submit(form),
		chromedp.WaitVisible(`article.measure`),
	)
	if err != nil {
		t.Fatal(err)
	}
	plan := text(town, `#plan`)
	if strings.Contains(plan, "措施不对应") || !strings.Contains(plan, "1500.50 元") || !strings.Contains(plan, "健康帮扶·医疗救助") {
		t.Fatalf("after adding the measure:\n%s", plan)
	}
	if err := chromedp.Do(town, chromedp.Navigate(srv.URL+"/monitoring"), chromedp.WaitVisible(`.cards`)); err != nil {
		t.Fatal(err)
	}
	if list := text(town, `main`); strings.Contains(list, "风险“因病”的对应措施") || !strings.Contains(list, "共 0 户") {
		t.Fatalf("the township list still flags the household:\n%s", list)
	}
	recordVisit(t, town, srv.URL+hh)
	if visits := text(town, `#visits`); !strings.Contains(visits, "院墙开裂") || !strings.Contains(visits, "住房安全：有问题") {
		t.Fatalf("the visit is not shown:\n%s", visits)
	}
	if sideways(t, town) {
		t.Error("the household page scrolls sideways at 1366 px")
	}
	phone := staff(t, srv.URL, "zhen")
	if err := chromedp.Do(phone, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(phone, chromedp.Evaluate[int](`window.innerWidth`)); err != nil || w != 360 {
		t.Fatalf("phone width %d %v", w, err)
	}
	for _, p := range []string{hh, hh + "/visits/new", hh + "/worksheets/2025", "/monitoring", "/monitoring/mine", "/visits"} {
		if err := chromedp.Do(phone, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible(`main`)); err != nil {
			t.Fatal(err)
		}
		if sideways(t, phone) {
			t.Errorf("%s scrolls sideways on a 360 px phone", p)
		}
	}
}

// recordVisit fills the visit form: every item fine but housing.
func recordVisit(t *testing.T, ctx context.Context, household string) {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(household + "/visits/new"), chromedp.WaitVisible(`form.visit-form`)}
	for _, it := range []string{"income", "education", "medical", "water", "measures", "family"} {
		actions = append(actions, chromedp.Click(`input[name="ans.`+it+`"][value="ok"]`))
	}
	actions = append(actions,
		chromedp.Click(`input[name="ans.housing"][value="problem"]`),
		chromedp.SendKeys(`input[name="note.housing"]`, "院墙开裂"),
		chromedp.SendKeys(`textarea[name="findings"]`, "住房需加固，已联系住建部门"),
		chromedp.Submit(`form.visit-form`),
		chromedp.WaitVisible(`#visits article`),
	)
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}
