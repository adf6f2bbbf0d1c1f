package web

import (
	"context"
	"fangpin/internal/auth"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	unmigrated, err := store.Open(ctx, filepath.Join(t.TempDir(), "new.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unmigrated.Close() })
	closed := storetest.SQLite(t)
	closed.Close()
	scenarios := []struct {
		name   string
		db     *store.DB
		status int
		body   string
	}{
		{"migrated", storetest.SQLite(t), 200, "ok\n"},
		{"migrations pending", unmigrated, 503, "migrations pending\n"},
		{"database closed", closed, 503, "database unreachable\n"},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			rec := get(t, bareServer(t, Config{DB: sc.db}).Handler(), "/healthz")
			if rec.Code != sc.status || rec.Body.String() != sc.body {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, sc.status, sc.body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	get(t, h, "/overview")
	get(t, h, "/households/6203210001")
	get(t, h, "/households/nope")
	get(t, h, "/api/v1/households")
	rec := get(t, h, "/metrics")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		"# TYPE fangpin_http_requests_total counter",
		`fangpin_http_requests_total{route="GET /overview",code="200"} 1`,
		`fangpin_http_requests_total{route="GET /households/{code}",code="200"} 1`,
		`fangpin_http_requests_total{route="GET /households/{code}",code="404"} 1`,
		`fangpin_http_requests_total{route="GET /api/v1/households",code="200"} 1`,
		"# TYPE fangpin_http_request_duration_seconds histogram",
		`fangpin_http_request_duration_seconds_bucket{route="GET /households/{code}",le="+Inf"} 2`,
		`fangpin_http_request_duration_seconds_count{route="GET /overview"} 1`,
		"# TYPE fangpin_households_total gauge", "fangpin_households_total 4",
		"# TYPE go_goroutines gauge", `fangpin_build_info{version="test"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %q", want)
		}
	}
	sample := regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-z_]+="(?:[^"\\]|\\.)*",?)*\})? [0-9.e+-]+$`)
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		if !strings.HasPrefix(line, "# ") && !sample.MatchString(line) {
			t.Errorf("not a sample line: %q", line)
		}
	}
	if t.Failed() {
		t.Log(body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := newTestServer(t, city)
	for _, target := range []string{"/overview", "/households/nope", "/api/v1/households", "/healthz", "/metrics", "/nope"} {
		rec := get(t, h, target)
		for k, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
			"Cache-Control":           "no-store",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", target, k, got, want)
			}
		}
	}
}

func TestStatic(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s, h := asUser(t, Config{DB: db}, "tester", auth.RoleAdmin, testAdminRegion)
	css := s.static.url("app.css")
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{10}\.css$`).MatchString(css) {
		t.Fatalf("hashed URL %q", css)
	}
	rec := get(t, h, css)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "--accent") {
		t.Fatalf("status %d", rec.Code)
	}
	if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
		t.Errorf("Content-Type %q", got)
	}
	for _, target := range []string{"/static/app.css", "/static/app.0000000000.css"} {
		if rec := get(t, h, target); rec.Code != 404 {
			t.Errorf("%s: status %d, want 404", target, rec.Code)
		}
	}
	page := get(t, h, "/overview").Body.String()
	if !strings.Contains(page, `href="`+css+`"`) {
		t.Error("pages should link the hashed stylesheet")
	}
}

func TestPanicRecovery(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	var logs strings.Builder
	s, _ := asUser(t, Config{DB: db, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "tester", auth.RoleAdmin, testAdminRegion)
	boom := s.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	for _, sc := range []struct{ target, contentType string }{
		{"/overview", "text/html; charset=utf-8"},
		{"/api/v1/households", "application/json; charset=utf-8"},
	} {
		rec := httptest.NewRecorder()
		boom.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, sc.target, nil))
		if rec.Code != 500 || rec.Header().Get("Content-Type") != sc.contentType {
			t.Errorf("%s: %d %q", sc.target, rec.Code, rec.Header().Get("Content-Type"))
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers missing", sc.target)
		}
		if strings.Contains(rec.Body.String(), "boom") {
			t.Errorf("%s: the panic value leaked to the client", sc.target)
		}
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("panic not logged:\n%s", logs.String())
	}
}

// TestLogging checks that request logs name the route and never the path or
// the query, which may hold names and ID numbers.
func TestLogging(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	var logs strings.Builder
	_, h := asUser(t, Config{DB: db, Keys: keys, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "tester", auth.RoleAdmin, testAdminRegion)
	get(t, h, "/households?q="+idZhang)
	get(t, h, "/households/6203210001")
	out := logs.String()
	for _, want := range []string{`route="GET /households"`, `route="GET /households/{code}"`, "status=200", "method=GET", "duration_ms="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{idZhang, "6203210001", "q="} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q:\n%s", secret, out)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s, _ := asUser(t, Config{DB: db}, "tester", auth.RoleAdmin, testAdminRegion)
	var readErr error
	h := s.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}))
	big := strings.NewReader(strings.Repeat("x", maxBody+1))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", big))
	if readErr == nil {
		t.Error("a body over 1 MB should fail to read")
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{}); err == nil {
		t.Error("New without a DB should fail")
	}
	if _, err := New(Config{DB: storetest.SQLite(t), Root: "62"}); err == nil {
		t.Error("New with a bad Root should fail")
	}
}
