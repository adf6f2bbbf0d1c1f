package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/idcard"
)

// TestRetrofitPages: the ledger uploaded on the page (a bad file shows every
// problem and stores nothing), the list, one record edited (who and when
// shown, a bad date refused with the typed values kept); the household page
// shows the record and the members' insurance and contracts with masked
// numbers; the insurance and doctor feeds go through the feed upload.
func TestRetrofitPages(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	s, h := asUser(t, Config{DB: db, Keys: keys}, "xian", auth.RoleCounty, county)
	head := "户主身份证号,改造类型,危房等级,中央补助,省级补助,开工日期,竣工日期\n"
	rec := postFile(t, h, "/retrofits/import", nil, "bad.csv", head+idWang+",危房改造,,10000,,2026-03-01,\n")
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "第2行 C列「危房等级」") {
		t.Fatalf("bad file: %d %s", rec.Code, body)
	}
	rec = postFile(t, h, "/retrofits/import", nil, "good.csv", head+idWang+",危房改造,D,10000,1042,2026-03-01,2026-06-30\n")
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "已导入 1 条") || !strings.Contains(body, "11,042.00") &&
		!strings.Contains(body, "11042.00") {
		t.Fatalf("good file: %d %s", rec.Code, body)
	}
	form := url.Values{"level": {"C"}, "central": {"10000"}, "province": {"2000"}, "started": {"2026-03-01"},
		"completed": {"2026-06-30"}, "accepted": {"2026-06-01"}}
	rec = do(t, h, "POST", "/retrofits/1", form)
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "验收日期早于竣工日期") ||
		!strings.Contains(body, `value="2026-06-01"`) {
		t.Fatalf("bad edit: %d %s", rec.Code, body)
	}
	form.Set("accepted", "2026-07-01")
	if rec = do(t, h, "POST", "/retrofits/1", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", rec.Code, rec.Body)
	}
	if page := get(t, h, "/retrofits/1?saved=1").Body.String(); !strings.Contains(page, "已保存") || !strings.Contains(page, "xian") ||
		!strings.Contains(page, "12,000.00") && !strings.Contains(page, "12000.00") {
		t.Fatalf("record: %s", page)
	}
	for _, f := range []struct{ kind, text string }{
		{"insurance", "身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期\n" + idWang + ",2026,城乡居民基本医保,400,280,2025-10-01\n"},
		{"doctor", "身份证号,签约日期,签约团队,到期日期\n" + idWang + ",2026-01-05,城关镇一团队,\n"},
	} {
		if j := uploadFeed(t, s, h, f.kind, f.kind+".csv", f.text); j.Status != "done" {
			t.Fatalf("%s upload: %+v", f.kind, j)
		}
	}
	page := get(t, h, "/households/6203210002").Body.String()
	bodyHas(t, "household page", page, "城乡居民基本医保", "280.00", "城关镇一团队", "/retrofits/1", idcard.Mask(idWang))
	if strings.Contains(page, idWang) {
		t.Error("household page shows the full ID number")
	}
	if list := get(t, h, "/retrofits?status=done").Body.String(); !strings.Contains(list, "王五") {
		t.Errorf("list: %s", list)
	}
}
