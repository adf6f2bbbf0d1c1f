package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// decode parses a JSON object reply.
func decode(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, body)
	}
	return m
}

// hasKeys fails unless m has exactly the keys want.
func hasKeys(t *testing.T, what string, m any, want ...string) {
	t.Helper()
	obj, ok := m.(map[string]any)
	if !ok {
		t.Fatalf("%s: %T is not an object", what, m)
	}
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s keys: %v, want %v", what, got, want)
	}
}

func TestAPIShapes(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	scenarios := []struct {
		name   string
		target string
		status int
		check  func(t *testing.T, m map[string]any)
	}{
		{"region", "/api/v1/regions/" + township, 200, func(t *testing.T, m map[string]any) {
			hasKeys(t, "region", m, "code", "name", "level", "parent_code", "children")
			if m["name"] != "城关镇" || m["level"] != 4.0 || m["parent_code"] != county {
				t.Errorf("region %v", m)
			}
			kids := m["children"].([]any)
			if len(kids) != 2 {
				t.Fatalf("children %v", kids)
			}
			hasKeys(t, "child", kids[0], "code", "name", "level")
		}},
		{"village has empty children", "/api/v1/regions/" + villageA, 200, func(t *testing.T, m map[string]any) {
			if kids, ok := m["children"].([]any); !ok || len(kids) != 0 {
				t.Errorf("children %v, want []", m["children"])
			}
		}},
		{"province has no parent", "/api/v1/regions/620000000000", 200, func(t *testing.T, m map[string]any) {
			if m["parent_code"] != "" {
				t.Errorf("parent_code %v", m["parent_code"])
			}
		}},
		{"unknown region", "/api/v1/regions/620321100299", 404, nil},
		{"bad region", "/api/v1/regions/abc", 400, nil},
		{"overview", "/api/v1/stats/overview?region=" + city + "&as_of=2024-12-31", 200, checkOverview},
		{"overview defaults to root", "/api/v1/stats/overview?as_of=2024-12-31", 200, func(t *testing.T, m map[string]any) {
			if r := m["region"].(map[string]any); r["code"] != city || r["name"] != "金昌市" {
				t.Errorf("region %v", r)
			}
		}},
		{"overview bad date", "/api/v1/stats/overview?as_of=28.11.2026", 400, nil},
		{"overview bad region", "/api/v1/stats/overview?region=1", 422, nil},
		{"overview unknown region", "/api/v1/stats/overview?region=620321100299", 404, nil},
		{"households", "/api/v1/households?region=" + township, 200, func(t *testing.T, m map[string]any) {
			hasKeys(t, "list", m, "items", "total")
			items := m["items"].([]any)
			if m["total"] != 4.0 || len(items) != 4 {
				t.Fatalf("total %v, %d items", m["total"], len(items))
			}
			hasKeys(t, "item", items[0], "code", "region_code", "region_name", "type", "head_name", "members", "category")
			first := items[0].(map[string]any)
			if first["code"] != "6203210001" || first["head_name"] != "张三" || first["members"] != 2.0 {
				t.Errorf("first item %v", first)
			}
		}},
		{"households paged", "/api/v1/households?per_page=3&page=2", 200, func(t *testing.T, m map[string]any) {
			if m["total"] != 4.0 || len(m["items"].([]any)) != 1 {
				t.Errorf("page 2 of 3: %v", m)
			}
		}},
		{"no households is an empty list", "/api/v1/households?region=" + villageA + "&type=" + url.QueryEscape("一般农户"), 200,
			func(t *testing.T, m map[string]any) {
				if items, ok := m["items"].([]any); !ok || len(items) != 0 || m["total"] != 0.0 {
					t.Errorf("want items [] and total 0, got %v", m)
				}
			}},
		{"households by ID number", "/api/v1/households?q=" + idWang, 200, func(t *testing.T, m map[string]any) {
			if m["total"] != 1.0 || m["items"].([]any)[0].(map[string]any)["code"] != "6203210002" {
				t.Errorf("search by ID: %v", m)
			}
		}},
		{"households bad per_page", "/api/v1/households?per_page=501", 422, nil},
		{"households bad page", "/api/v1/households?page=x", 400, nil},
		{"cases bad per_page", "/api/v1/cases?per_page=501", 422, nil},
		{"cases per_page 500", "/api/v1/cases?per_page=500", 200, func(t *testing.T, m map[string]any) {
			if _, ok := m["items"].([]any); !ok {
				t.Errorf("cases: %v", m)
			}
		}},
		{"households unknown region", "/api/v1/households?region=620321100299", 404, nil},
		{"households bad region", "/api/v1/households?region=62032110", 422, nil},
		{"household", "/api/v1/households/6203210001", 200, checkHousehold},
		{"unknown household", "/api/v1/households/nope", 404, nil},
		{"unknown endpoint", "/api/v1/nope", 404, nil},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			rec := fetch(t, h, sc.target, sc.status, "application/json; charset=utf-8")
			m := decode(t, rec.Body.Bytes())
			if sc.status >= 400 {
				checkError(t, m, sc.status)
				return
			}
			sc.check(t, m)
		})
	}
}

// checkError checks the error envelope of docs/api.md.
func checkError(t *testing.T, m map[string]any, status int) {
	t.Helper()
	hasKeys(t, "reply", m, "error")
	e := m["error"].(map[string]any)
	hasKeys(t, "error", e, "code", "message", "fields")
	msg, _ := e["message"].(string)
	if msg == "" || !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("message %q should be Chinese", msg)
	}
	want := map[int]string{400: "bad_request", 404: "not_found", 422: "invalid", 500: "internal"}[status]
	if e["code"] != want {
		t.Errorf("code %v, want %s", e["code"], want)
	}
	if fields := e["fields"].(map[string]any); status == 400 || status == 422 {
		if len(fields) == 0 {
			t.Error("a bad parameter should be named in fields")
		}
	}
}

func checkOverview(t *testing.T, m map[string]any) {
	hasKeys(t, "overview", m, "region", "as_of", "households", "persons", "monitoring", "self_reports",
		"illness_among_formerly_poor", "sectors")
	sec := m["sectors"].(map[string]any)
	hasKeys(t, "sectors", sec, "education", "medical", "housing", "employment", "projects", "labour", "village", "water", "entities")
	hasKeys(t, "projects", sec["projects"], "projects", "planned_fen", "completed_fen", "completion_rate", "linkage_fen",
		"linkage_industry_fen", "linkage_industry_share", "chain_projects", "chain_planned_fen", "chain_completed_fen",
		"chain_completion_rate", "output_fen", "output_prev_fen", "output_change")
	hasKeys(t, "labour", sec["labour"], "transferred", "income_fen", "subsidised", "subsidy_amount_fen")
	hasKeys(t, "entities", sec["entities"], "entities", "by_kind", "townships", "townships_all", "villages", "villages_all",
		"households_linked", "shares_fen", "share_entities", "share_households", "agreement_households", "agreement_townships",
		"payouts_due", "payouts_due_fen", "payouts_paid", "payouts_paid_fen", "overdue", "overdue_fen", "only_weak")
	hasKeys(t, "education", sec["education"], "aid_amount", "aid_person_times", "aid_formerly_poor_person_times",
		"dropouts_compulsory", "dropouts_followed", "dropouts_returned")
	hasKeys(t, "medical", sec["medical"], "low_income_persons_reimbursed", "basic", "serious_illness", "assistance",
		"low_income_persons", "low_income_insured", "low_income_insured_share", "premium_subsidy", "doctor_households",
		"doctor_households_total", "doctor_households_share")
	hasKeys(t, "housing", sec["housing"], "households_checked", "unsafe", "retrofits_completed", "retrofit_subsidy", "priority_groups")
	hasKeys(t, "water", sec["water"], "schemes", "samples", "samples_qualified", "open_problems", "households_affected")
	hasKeys(t, "employment", sec["employment"], "formerly_poor_transferred")
	hasKeys(t, "village", sec["village"], "year", "villages", "plan_done", "demo_provincial", "demo_city", "toilets_planned",
		"toilets_done", "sanitary_households", "registered_households", "sanitary_rate", "with_cleaners", "with_vehicles",
		"with_cleaners_vehicles", "cleaners_share", "vehicles_share", "sewage_treated", "sewage_share", "all_lists")
	hasKeys(t, "region", m["region"], "code", "name")
	hasKeys(t, "households", m["households"], "total", "formerly_poor", "ordinary")
	hasKeys(t, "persons", m["persons"], "total", "formerly_poor")
	mon := m["monitoring"].(map[string]any)
	hasKeys(t, "monitoring", mon, "identified_this_year", "remarked_this_year", "cumulative", "eliminated", "by_category",
		"plan_mismatch", "no_development_measure")
	hasKeys(t, "by_category", mon["by_category"], "脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
	hasKeys(t, "cumulative", mon["cumulative"], "households", "persons")
	hasKeys(t, "self_reports", m["self_reports"], "total", "this_year", "handled", "overdue")
	ill := m["illness_among_formerly_poor"].(map[string]any)
	hasKeys(t, "illness", ill, "persons_ill", "chronic", "major", "households", "household_share")
	if m["as_of"] != "2024-12-31" || m["households"].(map[string]any)["total"] != 4.0 {
		t.Errorf("figures %v", m)
	}
	if c := mon["cumulative"].(map[string]any); c["households"] != 2.0 || c["persons"] != 3.0 {
		t.Errorf("cumulative %v", c)
	}
	if s := ill["household_share"].(float64); s < 0.666 || s > 0.667 {
		t.Errorf("household_share %v, want 2/3", s)
	}
}

func checkHousehold(t *testing.T, m map[string]any) {
	hasKeys(t, "household", m, "code", "region_code", "region_name", "type", "phone", "monitored", "category",
		"identified_month", "eliminated", "elimination_mode", "eliminated_month", "remarked_month", "risk_types",
		"income", "updated_at", "members")
	if m["phone"] != "138****5678" || m["identified_month"] != "2024-03" || m["monitored"] != true {
		t.Errorf("household %v", m)
	}
	if inc := m["income"].(map[string]any); inc["per_capita_fen"] != 850050.0 || inc["per_capita_yuan"] != "8500.50" {
		t.Errorf("income %v", inc)
	}
	members, ok := m["members"].([]any)
	if !ok || len(members) != 2 {
		t.Fatalf("members %v", m["members"])
	}
	hasKeys(t, "member", members[0], "person_id", "name", "relation", "id_number", "sex", "birth_date", "ethnicity", "education",
		"schooling", "health", "labour_skill", "work_months", "work_place", "phone", "dibao", "tekun", "medical_insured")
	head := members[0].(map[string]any)
	if head["id_number"] != "620321********"+idZhang[14:] || head["phone"] != "139****4321" || head["relation"] != "户主" {
		t.Errorf("head %v", head)
	}
	if id, ok := head["person_id"].(float64); !ok || id <= 0 {
		t.Errorf("head's person_id %v", head["person_id"])
	}
}

// TestNoFullPersonalData requests every page and API reply the fixture
// offers and checks that no full ID or phone number appears in any.
func TestNoFullPersonalData(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	targets := []string{"/overview?as_of=2024-12-31", "/overview?region=" + villageA, "/households",
		"/households?per_page=500", "/api/v1/households?per_page=500", "/api/v1/stats/overview"}
	for _, code := range []string{"6203210001", "6203210002", "6203210003", "6203210004"} {
		targets = append(targets, "/households/"+code, "/households/"+code+"?lang=en", "/api/v1/households/"+code)
	}
	for _, id := range fullIDs { // searching by ID must not echo it
		targets = append(targets, "/households?q="+id, "/households?q="+strings.ToLower(id))
	}
	for _, target := range targets {
		rec := get(t, h, target)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", target, rec.Code)
		}
		body := rec.Body.String()
		for _, secret := range append(fullIDs, phoneHH1, phoneZhang) {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows the full number %s", target, secret)
			}
		}
	}
}
