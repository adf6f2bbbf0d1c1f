package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// FuzzPublicReport: whatever body and content type reach the public form,
// the answer is not a server error and no temporary file is left behind.
func FuzzPublicReport(f *testing.F) {
	ctype, body := reportForm("a.jpg", []byte("\xFF\xD8\xFF\xDA\x00\x02\xFF\xD9"))
	f.Add(ctype, body)
	f.Add("application/x-www-form-urlencoded", []byte("head_name=%E7%8E%8B&id_number="+idZhao+"&phone=139&consent=1&risk_types=x"))
	f.Add("multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a\"\r\n\r\nzz\r\n--x--"))
	f.Add("text/plain", []byte("\x00\xff"))
	tmp := f.TempDir()
	f.Setenv("TMPDIR", tmp) // the form must leave nothing here
	db, keys := fill(f, storetest.SQLite(f))
	s := bareServer(f, Config{DB: db, Keys: keys})
	h := s.Handler()
	tok, err := s.reports.VillageToken(context.Background(), store.ScopeAll(), villageA)
	if err != nil {
		f.Fatal(err)
	}
	s.reports.SetLimits(1<<30, 1<<30)
	s.reports.SetPhotoDir(f.TempDir())
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		req := httptest.NewRequest("POST", "/r/"+tok, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%d for %q", rec.Code, ctype)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Fatalf("%d temporary files left", len(left))
		}
	})
}
