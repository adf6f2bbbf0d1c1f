package web

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
)

// TestAuditPageReadable: the log names actions and roles in Chinese, says
// each entry as a sentence, filters by a chosen action, shows Beijing time,
// and exports what it filters (to city and admin users only, audited).
func TestAuditPageReadable(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC) // 10:00 in Beijing
	log := audit.New(db).WithClock(func() time.Time { return at })
	zhang := audit.WithActor(context.Background(), audit.Actor{UserID: 7, Username: "zhang", Role: "township", IP: "10.0.0.7"})
	for _, e := range []audit.Event{
		{Action: "warning.decide", Entity: "warning", EntityID: "123", Region: villageA,
			Detail: map[string]any{"decision": "handled", "rule": "medical_oop", "case_id": 0}},
		{Action: "case.accept", Entity: "case", EntityID: "45", Region: villageA, Detail: map[string]any{"from": "reported", "to": "accepted"}},
		{Action: "household.update", Entity: "household", EntityID: "6203210001", Region: villageA,
			Detail: audit.Change(map[string]string{"type": "一般农户"}, map[string]string{"type": "脱贫户"})},
		{Action: "export.full", Entity: "list", EntityID: "households", Region: villageA,
			Detail: map[string]any{"list": "households", "rows": 12, "full": true}},
	} {
		if err := log.Append(zhang, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := log.Append(context.Background(), audit.Event{Action: "screen.run", Entity: "screen_run", EntityID: "3", Region: villageA}); err != nil {
		t.Fatal(err)
	}
	cfg := Config{DB: db, Keys: keys}
	_, city := asUser(t, cfg, "shi", auth.RoleCity, "620300000000")
	page := get(t, city, "/audit").Body.String()
	bodyHas(t, "audit page", page, `<select name="action">`, `<option value="warning.decide">预警判定</option>`,
		`<option value="case.accept">案件：受理</option>`,
		"zhang（乡镇）将预警 123 判定为「已纳入监测并帮扶」", "zhang（乡镇）对案件 45 执行「受理」：已上报 → 已受理",
		"zhang（乡镇）修改农户档案 农户 6203210001", "户类型：一般农户 → 脱贫户",
		"zhang（乡镇）导出「农户档案」12 行（含完整证件号和电话）", "系统（系统）运行筛查 筛查 3",
		"2026-11-26 10:00:00", "北海子村", `class="list audit-log"`)
	bodyLacks(t, "audit page", page, "warning.decide<", ">township<", ">system<", `"decision"`)

	filtered := get(t, city, "/audit?action=warning.decide").Body.String()
	bodyHas(t, "filtered", filtered, "共 1 条", `<option value="warning.decide" selected>`)
	// the region is picked from the user's region down, and named
	bodyHas(t, "region filter", page, `data-region-picker="620300000000"`, `<input type="hidden" name="region" value="">`, "本账号的全部区划")
	bodyHas(t, "a region picked", get(t, city, "/audit?region="+villageA).Body.String(), `name="region" value="`+villageA+`"`,
		"北海子村 <small")
	bodyHas(t, "English", get(t, city, "/audit?lang=en").Body.String(), "zhang (township): decided warning 123")

	header, rows := exportRows(t, city, "/audit.xlsx?action=warning.decide")
	if len(rows) != 1 || len(header) != 8 || rows[0][4] != "预警判定" || !strings.Contains(rows[0][5], "将预警 123 判定为「已纳入监测并帮扶」") ||
		rows[0][1] != "2026-11-26 10:00:00" {
		t.Errorf("export %v %v", header, rows)
	}
	if got := auditedBy(t, db, "export.list"); len(got) != 1 || !strings.HasPrefix(got[0], "shi city") {
		t.Errorf("the export is audited as %q", got)
	}
	_, town := asUser(t, cfg, "xiang", auth.RoleTownship, township)
	for _, p := range []string{"/audit", "/audit.xlsx"} {
		if rec := get(t, town, p); rec.Code != http.StatusForbidden {
			t.Errorf("a township user opens %s: %d", p, rec.Code)
		}
	}
}

// TestAuditActionsNamed: every action code the code base writes to the
// audit log has a name in auditActions (a case's steps are named by the
// workflow). The codes are read from the source: Event literals, the
// helpers that take an action, and the constants of exports.
func TestAuditActionsNamed(t *testing.T) {
	t.Parallel()
	code := regexp.MustCompile(`(?:Action: *|auditMeasure\([^"\n]*|auditRule\([^"\n]*|cliAudit\(ctx, a, |action(?:Export\w*)? *= *)"([a-z_]+(?:\.[a-z_]+)*)"`)
	named := map[string]bool{}
	for _, a := range auditActions {
		named[a.code] = true
	}
	found := map[string]string{}
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range code.FindAllStringSubmatch(string(src), -1) {
				found[m[1]] = p
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"login", "warning.decide", "export.full", "export.tables", "monitoring.measure.progress", "token.revoke"} {
		if found[c] == "" {
			t.Fatalf("the scan no longer finds %s: fix its pattern", c)
		}
	}
	for c, p := range found {
		if strings.HasPrefix(c, casePrefix) || c == "settings.visit_" {
			continue // case steps are named by the workflow; settings.visit_ is completed below
		}
		if !named[c] {
			t.Errorf("audit action %q (%s) has no name in auditActions (messages_audit.go)", c, p)
		}
	}
	for _, op := range []string{"groups", "items"} { // settings.visit_ + op (visit_settings.go)
		if !named["settings.visit_"+op] {
			t.Errorf("settings.visit_%s has no name", op)
		}
	}
	for _, a := range append(casework.Actions, casework.EventOpen, casework.EventNote, casework.EventLink, casework.EventRollback) {
		if a.Label() == "" {
			t.Errorf("case step %s has no name", a)
		}
	}
}
