package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/jobs"
	"fangpin/internal/store/storetest"
)

// TestJobVisibility: a job is seen by the user who started it and by the
// administrators of a region containing theirs; to anybody else it does
// not exist, on the page and in the API.
func TestJobVisibility(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	_, owner := w.as("xian", auth.RoleCounty, county)
	ctx := context.Background()
	id := startJob(t, w, "screen")
	if err := jobs.Finish(ctx, w.db, id, map[string]any{"as_of": "2026-11-28"}, nil); err != nil {
		t.Fatal(err)
	}
	n := strconv.FormatInt(id, 10)
	tests := []struct {
		name   string
		role   auth.Role
		region string
		status int
	}{
		{"", "", "", 200},
		{"shi-admin", auth.RoleAdmin, city, 200},
		{"county-b-admin", auth.RoleAdmin, "620302000000", 404},
		{"shi", auth.RoleCity, city, 404},
		{"xiang", auth.RoleTownship, township, 404},
	}
	for _, tt := range tests {
		h := owner
		if tt.name != "" {
			_, h = w.as(tt.name, tt.role, tt.region)
		}
		for _, p := range []string{"/jobs/" + n, "/api/v1/jobs/" + n} {
			if rec := get(t, h, p); rec.Code != tt.status {
				t.Errorf("%s %s: %d, want %d", tt.role, p, rec.Code, tt.status)
			}
		}
	}
	for _, p := range []string{"/jobs/999", "/jobs/x", "/api/v1/jobs/999"} {
		if rec := get(t, owner, p); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, rec.Code)
		}
	}
}

func userID(t *testing.T, w *feedWorld, name string) int64 {
	t.Helper()
	var id int64
	if err := w.db.Reader().QueryRowContext(context.Background(), "SELECT id FROM users WHERE username = ?", name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// startJob creates a job of kind started by the county user xian.
func startJob(t *testing.T, w *feedWorld, kind string) int64 {
	t.Helper()
	id, err := jobs.Create(context.Background(), w.db.Writer(), kind, userID(t, w, "xian"), county)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestJobProgressPage: a running job shows a progress bar with its figures
// and the script that refreshes it; the API gives the same figures.
func TestJobProgressPage(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	_, h := w.as("xian", auth.RoleCounty, county)
	ctx := context.Background()
	id := startJob(t, w, "feed.medical")
	defer jobs.Finish(ctx, w.db, id, nil, errors.New("stopped"))
	jobs.Progress(ctx, w.db, id, 40, 160, "正在检查并导入")
	page := get(t, h, jobURL(id)).Body.String()
	bodyHas(t, "running job", page, `<progress class="job-bar" max="160" value="40">`, "40 / 160", "正在检查并导入",
		"/static/jobs-poll.", "进行中", "导入部门数据 · 医保")
	m := jsonOf(t, get(t, h, "/api/v1/jobs/"+strconv.FormatInt(id, 10)))
	if m["status"] != "running" || m["done"] != 40.0 || m["total"] != 160.0 || m["result"] != nil {
		t.Errorf("API %v", m)
	}
	if js := get(t, h, between(page, `<script src="`, `"`)); js.Code != 200 ||
		!strings.Contains(js.Body.String(), "/api/v1/jobs/") || !strings.HasPrefix(js.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("jobs-poll.js: %d %s", js.Code, js.Header().Get("Content-Type"))
	}
}

// between returns the text after the first open and before the next close.
func between(s, open, close string) string {
	_, after, _ := strings.Cut(s, open)
	before, _, _ := strings.Cut(after, close)
	return before
}

// TestJobPanicFails: a job whose work panics ends failed, with a message
// for the user, not a crashed server.
func TestJobPanicFails(t *testing.T) {
	t.Parallel()
	w := newFeedWorld(t, storetest.SQLite(t))
	s, _ := w.as("xian", auth.RoleCounty, county)
	u := auth.User{ID: userID(t, w, "xian"), Username: "xian", Role: auth.RoleCounty, Region: county}
	req := httptest.NewRequest(http.MethodPost, "/screen", nil)
	req = req.WithContext(context.WithValue(req.Context(), userKey, identity{user: u}))
	id, err := s.startJob(req, "screen", func(ctx context.Context, id int64) (any, error) { panic("boom") })
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, s, strconv.FormatInt(id, 10))
	if j.Status != jobs.Failed || j.Message != errJobFailed.Error() || j.UserID != u.ID || j.Region != county {
		t.Fatalf("job %+v", j)
	}
}
