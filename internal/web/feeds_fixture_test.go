package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/jobs"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// feedClock is the time of the feed and warning tests: 2026-11-28 10:00 in
// China. The claims below lie in the twelve months before it.
var feedClock = time.Date(2026, 11, 28, 10, 0, 0, 0, civil.Zone)

// idStranger is a valid ID number registered nowhere in the fixture.
var idStranger = testkit.IDBorn("19900101", 77)

// medicalCSV: 张三 (6203210001, 2 members, 8,500.50 元 per person) paid
// 9,000 元 himself, over half the household's income: medical_oop fires;
// 王五 (6203210002, 1 member, 12,000 元) paid 7,000 元, over half of his:
// it fires too; a stranger's claim matches nobody.
func medicalCSV() string {
	return "身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付,疾病名称\n" +
		idZhang + ",2026-10-01,20000,8000,2000,1000,9000,肺炎\n" +
		idWang + ",2026-09-15,15000,8000,0,0,7000,骨折\n" +
		idStranger + ",2026-10-02,1000,500,0,0,500,感冒\n"
}

// badMedicalCSV has one bad amount on its third line.
func badMedicalCSV() string {
	return "身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付,疾病名称\n" +
		idZhang + ",2026-10-01,20000,8000,2000,1000,9000,肺炎\n" +
		idWang + ",2026-09-15,15000,8000,0,0,七千,骨折\n"
}

// feedWorld is the fixture with users of several roles sharing one
// database, for the department-feed and warning tests.
type feedWorld struct {
	t    *testing.T
	db   *store.DB
	keys *pii.Keys
	auth *auth.Service
	dir  string
}

func newFeedWorld(t *testing.T, db *store.DB) *feedWorld {
	t.Helper()
	db, keys := fill(t, db)
	return &feedWorld{t: t, db: db, keys: keys, auth: auth.NewService(db, auth.WithHashParams(cheapHash)), dir: t.TempDir()}
}

// as returns the server and a handler acting as a new user; the server's
// jobs are waited for when the test ends.
func (w *feedWorld) as(name string, role auth.Role, region string, cfg ...func(*Config)) (*Server, http.Handler) {
	w.t.Helper()
	c := Config{DB: w.db, Keys: w.keys, Auth: w.auth, DataDir: w.dir}
	for _, f := range cfg {
		f(&c)
	}
	s, h := asUser(w.t, c, name, role, region)
	s.now = func() time.Time { return feedClock }
	w.t.Cleanup(s.Wait)
	return s, h
}

// postFile posts a multipart form with a file to target.
func postFile(t testing.TB, h http.Handler, target string, fields map[string]string, name, content string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, target, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var jobLocation = regexp.MustCompile(`^/jobs/(\d+)$`)

// uploadFeed uploads a file of a kind through the page and waits for its
// job; it returns the job.
func uploadFeed(t *testing.T, s *Server, h http.Handler, kind, name, content string) jobs.Job {
	t.Helper()
	rec := postFile(t, h, "/feeds", map[string]string{"kind": kind}, name, content)
	m := jobLocation.FindStringSubmatch(rec.Header().Get("Location"))
	if rec.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("upload %s: %d %q %s", name, rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	return waitJob(t, s, m[1])
}

// waitJob waits for a server's jobs and returns one of them.
func waitJob(t *testing.T, s *Server, id string) jobs.Job {
	t.Helper()
	s.Wait()
	n, _ := strconv.ParseInt(id, 10, 64)
	j, err := jobs.Find(context.Background(), s.cfg.DB, n)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// runScreen runs the screen through POST /screen and waits for it.
func runScreen(t *testing.T, s *Server, h http.Handler) jobs.Job {
	t.Helper()
	rec := do(t, h, "POST", "/screen", nil)
	m := jobLocation.FindStringSubmatch(rec.Header().Get("Location"))
	if rec.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("screen: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	return waitJob(t, s, m[1])
}

// jsonOf decodes a reply body into a map, failing the test otherwise.
func jsonOf(t testing.TB, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("reply is not JSON (%d): %s", rec.Code, rec.Body)
	}
	return m
}

// bodyHas fails for each want that body lacks.
func bodyHas(t testing.TB, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// bodyLacks fails for each secret that body shows.
func bodyLacks(t testing.TB, what, body string, secrets ...string) {
	t.Helper()
	for _, x := range secrets {
		if strings.Contains(body, x) {
			t.Errorf("%s shows %q", what, x)
		}
	}
}

func jobURL(id int64) string { return fmt.Sprintf("/jobs/%d", id) }

// decodeInto decodes stored JSON, failing the test otherwise.
func decodeInto(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
