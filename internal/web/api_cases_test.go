package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/idcard"
	"fangpin/internal/registry"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// TestCaseAPIWalk: a family reports through the public API; township,
// village and county users walk the case to enrolment through
// POST /api/v1/cases/{id}/actions; a refused step answers 409; the family
// then sees the outcome. A second report is closed as not qualifying and the
// family sees the reason.
func TestCaseAPIWalk(t *testing.T) {
	t.Parallel()
	cfg := fixtureConfig(t)
	db, keys := cfg.DB, cfg.Keys
	reports := selfreport.New(db, keys)
	cfg.Reports = reports
	srvT, town := asUser(t, cfg, "town", auth.RoleTownship, township)
	srvV, vill := asUser(t, cfg, "vill", auth.RoleVillage, villageA)
	srvC, cnty := asUser(t, cfg, "cnty", auth.RoleCounty, county)
	day := time.Date(2026, 3, 2, 10, 0, 0, 0, civil.Zone)
	for _, s := range []*Server{srvT, srvV, srvC} {
		s.now = func() time.Time { return day }
	}
	tok, _ := reports.VillageToken(context.Background(), store.ScopeAll(), villageA)
	report := func(id, phone string) string {
		body := fmt.Sprintf(`{"village_token":%q,"head_name":"赵六","id_number":%q,"phone":%q,"risk_types":["因病"],"description":"看病花钱多","consent":true}`, tok, id, phone)
		rec := httptest.NewRecorder()
		srvT.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/self-reports", strings.NewReader(body)))
		var out struct{ Receipt string }
		if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("report: %d %s", rec.Code, rec.Body)
		}
		return out.Receipt
	}
	receipt := report(idZhao, "13911112222")
	var list struct {
		Items []caseJSON
		Total int
	}
	rec := get(t, town, "/api/v1/cases?open=true")
	if json.Unmarshal(rec.Body.Bytes(), &list); rec.Code != 200 || list.Total != 1 || list.Items[0].Actions[0] != "accept" {
		t.Fatalf("inbox: %d %s", rec.Code, rec.Body)
	}
	id := list.Items[0].ID
	act := func(h http.Handler, action, data string, want int) {
		t.Helper()
		body := fmt.Sprintf(`{"action":%q,"comment":"","data":%s}`, action, data)
		req := httptest.NewRequest("POST", fmt.Sprintf("/api/v1/cases/%d/actions", id), strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
	}
	act(cnty, "county_approve", `{"approve":true}`, http.StatusConflict) // not from 已上报
	act(vill, "accept", `{}`, http.StatusForbidden)                      // a village cadre does not accept clues
	act(town, "accept", `{}`, 200)
	act(vill, "verify", `{"consent":true,"notes":"入户核实：住院自付4万","income_per_capita_fen":600000}`, 200)
	act(vill, "review", `{"qualifies":true,"minutes":"村民代表一致同意"}`, 200)
	act(vill, "publish_notice", `{"start":"2026-03-02","place":"村委会公示栏"}`, 200)
	act(vill, "end_notice", `{}`, http.StatusConflict) // the notice lasts five days
	notice := get(t, vill, fmt.Sprintf("/cases/%d/notice", id))
	nb := notice.Body.String()
	if notice.Code != 200 || !strings.Contains(nb, "赵六") || !strings.Contains(nb, "村委会公示栏") {
		t.Fatalf("notice: %d %s", notice.Code, nb)
	}
	bodyLacks(t, "the public notice", nb, idZhao, idcard.Mask(idZhao), "13911112222", "因病", "长期慢性病", "住院")
	day = day.AddDate(0, 0, 6)
	act(vill, "end_notice", `{"result":"无异议"}`, 200)
	act(town, "township_review", `{"approve":true}`, 200)
	act(cnty, "county_approve", `{"approve":true}`, 200)
	act(cnty, "enrol", `{"category":"脱贫不稳定户","risk_types":["因病"],"announcement":"已公告"}`, 200)
	st, err := reports.Status(context.Background(), receipt, "13911112222", "1.1.1.1")
	if err != nil || st.Outcome != "enrolled" || !strings.Contains(st.Label, "纳入") {
		t.Fatalf("status %+v %v", st, err)
	}
	h, _, _ := registry.FindHousehold(context.Background(), db.Reader(), store.ScopeAll(), "6203210003")
	if h.Category != "脱贫不稳定户" || h.IdentifiedMonth != 202603 {
		t.Fatalf("household after enrolment: %+v", h)
	}
	// a second family: closed as not qualifying, and the family sees why
	receipt2 := report(idLi, "13933334444")
	rec = get(t, town, "/api/v1/cases?open=true")
	json.Unmarshal(rec.Body.Bytes(), &list)
	id = list.Items[0].ID
	act(town, "accept", `{}`, 200)
	act(vill, "verify", `{"consent":true,"notes":"收入稳定"}`, 200)
	act(vill, "review", `{"qualifies":false,"minutes":"评议","reason":"家庭人均纯收入高于监测范围，且无刚性支出"}`, 200)
	st, err = reports.Status(context.Background(), receipt2, "13933334444", "1.1.1.1")
	if err != nil || st.Outcome != "not_qualifying" || !strings.Contains(st.Reason, "高于监测范围") || !st.CanObject {
		t.Fatalf("status %+v %v", st, err)
	}
}
