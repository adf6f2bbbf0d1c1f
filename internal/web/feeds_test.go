package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/feed"
	"fangpin/internal/idcard"
	"fangpin/internal/jobs"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestFeedUploadToJob: a county uploads a medical file on /feeds; the
// import runs as a job whose page and API tell the outcome; the file is
// listed with its counts, its unmatched row is shown masked and can be
// downloaded, and the download is audited.
func TestFeedUploadToJob(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFeedWorld(t, db)
		s, h := w.as("xian", auth.RoleCounty, county)
		j := uploadFeed(t, s, h, "medical", "医保2026.csv", medicalCSV())
		if j.Status != jobs.Done || j.Kind != "feed.medical" {
			t.Fatalf("job %+v", j)
		}
		page := get(t, h, jobURL(j.ID))
		bodyHas(t, "job page", page.Body.String(), "已完成", "医保2026.csv", "导入部门数据 · 医保")
		api := jsonOf(t, get(t, h, "/api/v1/jobs/"+strconv.FormatInt(j.ID, 10)))
		hasKeys(t, "job", api, "id", "kind", "status", "total", "done", "message", "result")
		res, _ := api["result"].(map[string]any)
		if api["status"] != "done" || res == nil || res["rows"] != 3.0 || res["matched"] != 2.0 || res["unmatched"] != 1.0 {
			t.Fatalf("job API: %v", api)
		}
		fileID := strconv.FormatInt(int64(res["file_id"].(float64)), 10)
		list := get(t, h, "/feeds").Body.String()
		bodyHas(t, "file list", list, "医保2026.csv", "/feeds/"+fileID, "共 1 个文件", "xian", res["sha256"].(string)[:12])
		detail := get(t, h, "/feeds/"+fileID)
		bodyHas(t, "file page", detail.Body.String(), idcard.Mask(idStranger), feed.UnmatchedReason, "unmatched.csv")
		bodyLacks(t, "file page", detail.Body.String(), idStranger)
		csv := get(t, h, "/feeds/"+fileID+"/unmatched.csv")
		if csv.Code != 200 || !strings.HasPrefix(csv.Body.String(), "\uFEFF行号") || !strings.Contains(csv.Body.String(), idcard.Mask(idStranger)) ||
			!strings.Contains(csv.Header().Get("Content-Disposition"), "attachment") {
			t.Fatalf("unmatched CSV: %d %q", csv.Code, csv.Body)
		}
		entries, _, err := audit.Find(context.Background(), db.Reader(), store.ScopeAll(), audit.Filter{Action: "export.feed_unmatched"})
		if err != nil || len(entries) != 1 || entries[0].EntityID != fileID || entries[0].Username != "xian" {
			t.Fatalf("export audited: %v %v", entries, err)
		}
	})
}

// TestFeedRejected: a file with a bad cell ends its job failed, naming the
// line and column, and stores nothing.
func TestFeedRejected(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	s, h := w.as("xian", auth.RoleCounty, county)
	j := uploadFeed(t, s, h, "medical", "bad.csv", badMedicalCSV())
	if j.Status != jobs.Failed || !strings.Contains(j.Message, "发现 1 处错误") {
		t.Fatalf("job %s: %q", j.Status, j.Message)
	}
	page := get(t, h, jobURL(j.ID)).Body.String()
	bodyHas(t, "failed job", page, "失败", "bad.csv 第3行", "「个人自付」", "未导入任何数据")
	files, total, err := feed.Files(context.Background(), w.db.Reader(), feed.FileFilter{Scope: store.ScopeAll()})
	if err != nil || total != 0 || len(files) != 0 {
		t.Fatalf("a rejected file was stored: %d %v", total, err)
	}
}

// TestFeedDuplicate: the same file uploaded again imports nothing and says so.
func TestFeedDuplicate(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	s, h := w.as("xian", auth.RoleCounty, county)
	first := uploadFeed(t, s, h, "medical", "a.csv", medicalCSV())
	second := uploadFeed(t, s, h, "medical", "a-again.csv", medicalCSV())
	if first.Status != jobs.Done || second.Status != jobs.Done {
		t.Fatalf("jobs %s %s: %s", first.Status, second.Status, second.Message)
	}
	bodyHas(t, "duplicate job", get(t, h, jobURL(second.ID)).Body.String(), "已导入过")
	if _, total, _ := feed.Files(context.Background(), w.db.Reader(), feed.FileFilter{Scope: store.ScopeAll()}); total != 1 {
		t.Fatalf("%d files stored", total)
	}
}

// TestFeedUploadRefused: what the upload refuses, in Chinese, with the
// status that fits, and who may not upload at all.
func TestFeedUploadRefused(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	_, h := w.as("xian", auth.RoleCounty, county, func(c *Config) { c.MaxFeedSize = 100 })
	tests := []struct {
		name, target, kind, file, content string
		status                            int
		want                              string
	}{
		{"no file", "/feeds", "medical", "", "", 400, "请选择要上传的文件"},
		{"not a table", "/feeds", "medical", "a.pdf", "x", 422, "CSV（.csv）或 Excel（.xlsx）"},
		{"too large", "/feeds", "medical", "a.csv", medicalCSV(), 413, "不能超过 100 字节"},
		{"no kind", "/feeds", "", "a.csv", "身份证号\n", 422, "请选择数据类型"},
		{"API: bad kind", "/api/v1/feeds/water", "", "a.csv", "x", 400, `"code":"bad_request"`},
		{"API: no file", "/api/v1/feeds/medical", "", "", "", 400, `"file"`},
		{"API: too large", "/api/v1/feeds/death", "", "a.csv", medicalCSV(), 413, "上传的文件过大"},
	}
	for _, tt := range tests {
		rec := postFile(t, h, tt.target, map[string]string{"kind": tt.kind}, tt.file, tt.content)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s: %d, want %d with %q: %.300s", tt.name, rec.Code, tt.status, tt.want, rec.Body)
		}
	}
	if n, _ := jobCount(w); n != 0 {
		t.Errorf("%d jobs started by refused uploads", n)
	}
	for _, role := range []auth.Role{auth.RoleViewer, auth.RoleVillage, auth.RoleTownship, auth.RoleCity} {
		_, h := w.as("u-"+string(role), role, county)
		if rec := get(t, h, "/feeds"); rec.Code != http.StatusForbidden {
			t.Errorf("%s: GET /feeds %d", role, rec.Code)
		}
		if rec := postFile(t, h, "/api/v1/feeds/medical", nil, "a.csv", medicalCSV()); rec.Code != http.StatusForbidden {
			t.Errorf("%s: API upload %d", role, rec.Code)
		}
	}
}

func jobCount(w *feedWorld) (int, error) {
	var n int
	err := w.db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM jobs").Scan(&n)
	return n, err
}

// TestDepartmentSeesOwnFiles: a department sees only the files it
// uploaded and, for them, the rule and state of the warnings they raised,
// never a household's name, code, village or ID number; it has no registry
// or warning pages, and "/" takes it to its files. Staff see the files
// uploaded within their region.
func TestDepartmentSeesOwnFiles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFeedWorld(t, db)
		s1, yibao := w.as("yibao", auth.RoleDepartment, city)
		_, other := w.as("jiaoyu", auth.RoleDepartment, city)
		sc, cnty := w.as("xian", auth.RoleCounty, county)
		j := uploadFeed(t, s1, yibao, "medical", "医保.csv", medicalCSV())
		if j.Status != jobs.Done {
			t.Fatalf("job %s %s", j.Status, j.Message)
		}
		var res feedJobResult
		decodeInto(t, j.Result, &res)
		file := "/feeds/" + strconv.FormatInt(res.FileID, 10)
		if run := runScreen(t, sc, cnty); run.Status != jobs.Done {
			t.Fatalf("screen %s %s", run.Status, run.Message)
		}
		page := get(t, yibao, file)
		body := page.Body.String()
		bodyHas(t, "department's file page", body, "医疗自付费用高", "待核实")
		bodyLacks(t, "department's file page", body, "张三", "王五", "6203210001", "6203210002", "北海子村", "金川西村",
			idcard.Mask(idZhang), idcard.Mask(idWang), "/warnings/")
		for _, p := range []string{file, file + "/unmatched.csv", jobURL(j.ID), "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10)} {
			if rec := get(t, other, p); rec.Code != http.StatusNotFound {
				t.Errorf("another department: %s %d", p, rec.Code)
			}
		}
		bodyLacks(t, "another department's list", get(t, other, "/feeds").Body.String(), "医保.csv")
		_, admin := w.as("shi-admin", auth.RoleAdmin, city)
		bodyHas(t, "city admin's list", get(t, admin, "/feeds").Body.String(), "医保.csv")
		bodyHas(t, "city admin's file page", get(t, admin, file).Body.String(), "/warnings/")
		bodyLacks(t, "county's list", get(t, cnty, "/feeds").Body.String(), "医保.csv") // uploaded above the county
		for _, p := range []string{"/warnings", "/warnings/1", "/api/v1/warnings", "/admin/rules"} {
			if rec := get(t, yibao, p); rec.Code != http.StatusForbidden {
				t.Errorf("department: %s %d", p, rec.Code)
			}
		}
		if rec := do(t, yibao, "POST", "/screen", nil); rec.Code != http.StatusForbidden {
			t.Errorf("department screens: %d", rec.Code)
		}
		if loc := get(t, yibao, "/").Header().Get("Location"); loc != "/feeds" {
			t.Errorf("department lands on %q", loc)
		}
	})
}

// TestFeedAPI: a partner system uploads with a bearer token and follows
// the job; a token of someone else does not see the job.
func TestFeedAPI(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	s, _ := w.as("yibao", auth.RoleDepartment, city)
	w.as("minzheng", auth.RoleDepartment, city)
	ctx := context.Background()
	tok, err := w.auth.CreateToken(ctx, "yibao", "script")
	if err != nil {
		t.Fatal(err)
	}
	other, err := w.auth.CreateToken(ctx, "minzheng", "script")
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	if rec := postFile(t, h, "/api/v1/feeds/medical", nil, "a.csv", medicalCSV()); rec.Code != http.StatusUnauthorized {
		t.Fatalf("no token: %d", rec.Code)
	}
	if rec := get(t, h, "/api/v1/jobs/1"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("job without token: %d", rec.Code)
	}
	rec := postFile(t, h, "/api/v1/feeds/医保", nil, "a.csv", medicalCSV(), "Authorization", "Bearer "+tok)
	m := jsonOf(t, rec)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	hasKeys(t, "upload reply", m, "job_id")
	id := strconv.FormatInt(int64(m["job_id"].(float64)), 10)
	s.Wait()
	job := jsonOf(t, get(t, h, "/api/v1/jobs/"+id, "Authorization", "Bearer "+tok))
	if job["status"] != "done" || job["kind"] != "feed.medical" {
		t.Fatalf("job: %v", job)
	}
	hasKeys(t, "job result", job["result"], "file_id", "kind", "file_name", "encoding", "sha256", "size", "rows", "matched",
		"unmatched", "duplicate", "imported_at", "issue_count", "issues", "warnings")
	if rec := get(t, h, "/api/v1/jobs/"+id, "Authorization", "Bearer "+other); rec.Code != http.StatusNotFound ||
		jsonOf(t, rec)["error"] == nil {
		t.Errorf("another token: %d %s", rec.Code, rec.Body)
	}
}
