package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// countingReader counts the bytes the handler reads of a request body.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// reportForm is the report form of 赵六 as multipart/form-data with one
// photo: its content type and body.
func reportForm(name string, photo []byte) (string, []byte) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"head_name": "赵六", "id_number": idZhao, "phone": "13911112222",
		"risk_types": "因病", "description": "住院", "consent": "1"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("photos", name)
	fw.Write(photo)
	mw.Close()
	return mw.FormDataContentType(), body.Bytes()
}

// postReport posts the report form with one photo to /r/token; it returns
// the status and how many bytes of the body the server read.
func postReport(h http.Handler, token string, photo []byte) (int, int) {
	ctype, body := reportForm("big.jpg", photo)
	cr := &countingReader{r: bytes.NewReader(body)}
	req := httptest.NewRequest("POST", "/r/"+token, cr)
	req.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, cr.n
}

// TestPublicReportNoTempFiles: a wrong token or an address over its limit
// is refused before the body is read, and no request leaves a temporary
// file behind (issue 15, item 1).
func TestPublicReportNoTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, h, tok := publicServer(t)
	s.reports.SetPhotoDir(t.TempDir())
	s.reports.SetLimits(2, 5)
	big := bytes.Repeat([]byte{0xFF}, 3<<20) // not a photo, and over the form's memory share
	for i := 0; i < 3; i++ {
		if code, read := postReport(h, "aaaaaaaaaaaaaaaa", big); code != 404 || read > 0 {
			t.Fatalf("wrong token: %d, %d bytes read", code, read)
		}
	}
	if code, _ := postReport(h, tok, big); code != 422 {
		t.Fatalf("bad photo: %d", code)
	}
	if code, _ := postReport(h, tok, big); code != 422 {
		t.Fatalf("bad photo: %d", code)
	}
	if code, read := postReport(h, tok, big); code != 429 || read > 0 {
		t.Fatalf("over the limit: %d, %d bytes read", code, read)
	}
	left, _ := os.ReadDir(tmp)
	if len(left) > 0 {
		t.Fatalf("%d temporary files left, e.g. %s", len(left), left[0].Name())
	}
}

// TestSafeNext: only a local path survives as the destination after login
// (issue 15, item 3).
func TestSafeNext(t *testing.T) {
	t.Parallel()
	for next, want := range map[string]string{
		"/households?page=2": "/households?page=2", "/": "/", "": "/",
		"/\t/evil.example": "/", "/%09/evil.example": "/%09/evil.example", "/\n/evil.example": "/",
		"//evil.example": "/", "/\\evil.example": "/", "\\\\evil.example": "/", "https://evil.example": "/",
		"/ /evil.example": "/", "/\u00a0/evil.example": "/", "/\u3000/x": "/", "/\x7f/evil": "/",
		"evil.example": "/", "/\u2028/evil": "/", "/a\xff": "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

// TestFailedLoginMasked: a failed login whose user name is an ID or phone
// number is audited masked (issue 15, item 9).
func TestFailedLoginMasked(t *testing.T) {
	t.Parallel()
	s, h, _ := accessServer(t)
	for _, name := range []string{idZhao, "13912345678"} {
		req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"username":"`+name+`","password":"wrong-Password-1"}`))
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	var n, raw int
	db := s.cfg.DB.Reader()
	db.QueryRowContext(context.Background(), "SELECT count(*) FROM audit_log WHERE action = 'login_failed'").Scan(&n)
	db.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE username LIKE '%'||?||'%' OR entity_id LIKE '%'||?||'%'
		OR username LIKE '%13912345678%' OR entity_id LIKE '%13912345678%'`, idZhao, idZhao).Scan(&raw)
	if n != 2 || raw != 0 {
		t.Fatalf("%d failed logins audited, %d with the number in full", n, raw)
	}
}

// TestMetricsNeedsItsToken: a request from loopback (as every request is
// behind a reverse proxy on the same host) gets no metrics without the
// scraper's token (issue 15, item 9).
func TestMetricsNeedsItsToken(t *testing.T) {
	t.Parallel()
	db, keys := fixtureDB(t)
	s := bareServer(t, Config{DB: db, Keys: keys, MetricsToken: "scrape-0123456789abcdef"})
	h := s.Handler()
	for auth, want := range map[string]int{"": http.StatusSeeOther, "Bearer wrong-0123456789abcdef": http.StatusSeeOther,
		"Bearer scrape-0123456789abcdef": http.StatusOK} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:40000"
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want || want == 200 && !strings.Contains(rec.Body.String(), "fangpin_households_total") {
			t.Errorf("%q from loopback: %d, want %d", auth, rec.Code, want)
		}
	}
}
