package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// TestCaseNotice: an elimination case's notice says 拟消除风险, and a
// notice that ran its days prompts for its result instead of 公示中, on the
// case and in the inbox, with the case's due date.
func TestCaseNotice(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	_, town := asUser(t, Config{DB: db, Keys: keys}, "town", auth.RoleTownship, township)
	ctx := context.Background()
	h, _, err := registry.FindHousehold(ctx, db.Reader(), store.ScopeAll(), "6203210001")
	if err != nil {
		t.Fatal(err)
	}
	start := civil.DateOf(testNow).AddDays(-7).String()
	var id int64
	err = db.Writer().QueryRowContext(ctx, `INSERT INTO cases (purpose, elimination_mode, region_code, county, household_id,
		head_name, source, state, description, opened_at, updated_at, notice_start, verify_due, total_due)
		VALUES ('elimination', '帮扶消除', ?, substr(?, 1, 6), ?, '张三', 'screening', 'notice', '', ?, ?, ?, '2020-01-10', '2020-02-01')
		RETURNING id`, villageA, villageA, h.ID, store.Stamp(testNow), store.Stamp(testNow), start).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	loc := "/cases/" + strconv.FormatInt(id, 10)
	notice := get(t, town, loc+"/notice").Body.String()
	if !strings.Contains(notice, "拟消除风险公示") || strings.Contains(notice, "拟将以下农户纳入") {
		t.Errorf("the elimination notice:\n%s", notice)
	}
	for _, page := range []string{loc, "/cases"} {
		body := get(t, town, page).Body.String()
		if !strings.Contains(body, "公示期满，请录入公示结果") || strings.Contains(body, "<strong>公示中</strong>") {
			t.Errorf("%s does not prompt for the notice's result", page)
		}
		if !strings.Contains(body, "2020年2月1日") {
			t.Errorf("%s lacks the due date", page)
		}
	}
}
