package web

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"fangpin/internal/idcard"
	"fangpin/internal/store"
)

// noticeCase stores a case of a household (by code) whose public notice
// began on start.
func noticeCase(t *testing.T, db *store.DB, code, village, head, purpose, start string) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(), `INSERT INTO cases (region_code, household_id, county, head_name,
		source, state, notice_start, opened_at, updated_at, purpose)
		VALUES (?, (SELECT id FROM households WHERE code = ?), (SELECT county FROM households WHERE code = ?), ?, 'screening', 'notice', ?, ?, ?, ?)`,
		village, code, code, head, start, start+"T02:00:00Z", start+"T02:00:00Z", purpose)
	if err != nil {
		t.Fatal(err)
	}
}

// TestNoticeList: the cases whose notice began in the period, with head,
// village group (not held), size, category and the step proposed; never an
// ID number, phone, bank account or health, in the workbook or the print
// view.
func TestNoticeList(t *testing.T) {
	t.Parallel()
	_, h, db := listWorld(t)
	noticeCase(t, db, "6203210001", villageA, "张三", "identification", "2026-11-30") // the last day: in
	noticeCase(t, db, "6203210002", villageB, "王五", "elimination", "2026-11-01")    // the first day: in
	noticeCase(t, db, "6203210003", villageA, "赵六", "identification", "2026-10-31") // the day before: out
	q := "?region=" + township + "&from=2026-11-01&to=2026-11-30"
	header, rows := exportRows(t, h, "/notices.xlsx"+q)
	want := [][]string{
		{"张三", "城关镇", "北海子村", "系统未登记", "2", "脱贫不稳定户", "拟纳入监测", "2026-11-30"},
		{"王五", "城关镇", "金川西村", "系统未登记", "1", "边缘易致贫户", "拟消除风险", "2026-11-01"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n got %q\nwant %q", rows, want)
	}
	for _, hd := range header {
		for _, bad := range []string{"证件", "身份", "电话", "手机", "银行", "账号", "账户", "健康", "病", "残"} {
			if strings.Contains(hd, bad) {
				t.Errorf("column %q", hd)
			}
		}
	}
	print := get(t, h, "/notices/print"+q)
	if print.Code != 200 || !strings.Contains(print.Body.String(), "拟消除风险") {
		t.Fatalf("print view: %d", print.Code)
	}
	for _, body := range []string{responseText(t, get(t, h, "/notices.xlsx"+q)), print.Body.String()} {
		for _, secret := range append(fullIDs, phoneHH1, phoneZhang, "患有大病", "长期慢性病", "138****5678") {
			if strings.Contains(body, secret) {
				t.Errorf("the notice list shows %q", secret)
			}
		}
		for _, id := range fullIDs {
			if strings.Contains(body, idcard.Mask(id)) {
				t.Errorf("the notice list shows a masked ID")
			}
		}
	}
	if rec := get(t, h, "/notices.xlsx?region="+county); rec.Code != 422 {
		t.Errorf("a county's list: %d", rec.Code)
	}
	if rec := get(t, h, "/notices?region="+county); rec.Code != 200 || !strings.Contains(rec.Body.String(), "请先选择乡镇或村") {
		t.Errorf("page without a township: %d", rec.Code)
	}
	if rec := get(t, h, "/notices"+q); rec.Code != 200 || !strings.Contains(rec.Body.String(), "共 2 户") {
		t.Errorf("page: %d", rec.Code)
	}
}
