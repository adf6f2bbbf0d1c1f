package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/casework"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// publicServer is the fixture with a QR token for 北海子村 (villageA).
func publicServer(t *testing.T) (*Server, http.Handler, string) {
	t.Helper()
	db, keys := fixtureDB(t)
	s := bareServer(t, Config{DB: db, Keys: keys})
	tok, err := s.reports.VillageToken(context.Background(), store.ScopeAll(), villageA)
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Handler(), tok
}

func TestPublicReportForm(t *testing.T) {
	t.Parallel()
	s, h, tok := publicServer(t)
	s.reports.SetDeadlines(casework.FixedDays{casework.StepAccept: 2, casework.StepVerify: 5, casework.StepTotal: 15})
	rec := get(t, h, "/r/"+tok)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "北海子村") || !strings.Contains(body, selfreport.ConsentText) {
		t.Fatalf("form: %d", rec.Code)
	}
	css := get(t, h, s.static.url("public.css"))
	if weight := len(body) + css.Body.Len(); weight > 60<<10 {
		t.Errorf("first load is %d bytes, over 60 KB", weight)
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(body) || strings.Contains(body, "<script") {
		t.Error("the form loads external resources or scripts")
	}
	// bad input: every field named, nothing stored, what was typed kept
	rec = do(t, h, "POST", "/r/"+tok, url.Values{"head_name": {"王小明"}, "id_number": {"123"}, "phone": {"138"}})
	body = rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "身份证号码不正确") ||
		!strings.Contains(body, "请填写11位手机号码") || !strings.Contains(body, "需要您同意授权") || !strings.Contains(body, `value="王小明"`) {
		t.Fatalf("invalid submission: %d", rec.Code)
	}
	form := url.Values{"head_name": {"王小明"}, "id_number": {idZhao}, "phone": {"13911112222"},
		"risk_types": {"因病", "因学"}, "description": {"儿子住院，花了四万"}, "consent": {"1"}}
	rec = do(t, h, "POST", "/r/"+tok, form)
	receipt := regexp.MustCompile(`class="receipt">(FP[0-9A-Z]{8})<`).FindStringSubmatch(rec.Body.String())
	if rec.Code != 200 || receipt == nil {
		t.Fatalf("submission: %d %s", rec.Code, rec.Body)
	}
	var caseID int64
	if err := s.cfg.DB.Reader().QueryRowContext(context.Background(), "SELECT case_id FROM self_reports WHERE receipt = ?", receipt[1]).Scan(&caseID); err != nil {
		t.Fatal(err)
	}
	notifiedOnce(t, s.cfg.DB, caseID)
	// the family is anonymous: the system opened its case, at the family's address
	if got := auditedBy(t, s.cfg.DB, "case.open"); len(got) != 1 || got[0] != "system system 192.0.2.1" {
		t.Errorf("case audited as %q", got)
	}
	// status by receipt and phone, posted so the phone stays out of the URL
	rec = do(t, h, "POST", "/r/status", url.Values{"receipt": {receipt[1]}, "phone": {"13911112222"}})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "等待乡镇受理") {
		t.Fatalf("status: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "POST", "/r/status", url.Values{"receipt": {receipt[1]}, "phone": {"13900000000"}}); rec.Code != 404 {
		t.Fatalf("wrong phone: %d", rec.Code)
	}
	// the deadline shown is the current step's: acceptance, then the home visit
	bodyHas(t, "status before acceptance", rec.Body.String(), "乡镇受理时限")
	_, town := asUser(t, Config{DB: s.cfg.DB, Keys: s.cfg.Keys, Auth: s.cfg.Auth}, "town", "township", township)
	if rec := do(t, town, "POST", "/cases/"+strconv.FormatInt(caseID, 10)+"/actions", url.Values{"action": {"accept"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d", rec.Code)
	}
	after := do(t, h, "POST", "/r/status", url.Values{"receipt": {receipt[1]}, "phone": {"13911112222"}}).Body.String()
	bodyHas(t, "status after acceptance", after, "乡镇已受理", "村里入户核实时限")
	bodyLacks(t, "status after acceptance", after, "乡镇受理时限")
	// a logged-in cadre's browser can use the public form too (no CSRF token there)
	_, staff := asUser(t, Config{DB: s.cfg.DB, Keys: s.cfg.Keys, Auth: s.cfg.Auth}, "cadre", "village", villageA)
	if rec := do(t, staff, "GET", "/r/"+tok, nil); rec.Code != 200 {
		t.Fatalf("public form for a logged-in user: %d", rec.Code)
	}
}

func TestPublicReportAPI(t *testing.T) {
	t.Parallel()
	_, h, tok := publicServer(t)
	post := func(body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/v1/self-reports", strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := post(`{"village_token":"` + tok + `","head_name":"赵六","id_number":"` + idZhao + `","phone":"13911112222","risk_types":["因病"],"description":"看病花钱多","consent":true}`)
	var out struct{ Receipt, DueBy string }
	if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.Receipt == "" {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	rec = get(t, h, "/api/v1/self-reports/"+out.Receipt+"?phone=13911112222")
	var st map[string]any
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &st) != nil {
		t.Fatalf("status: %d %s", rec.Code, rec.Body)
	}
	for _, k := range []string{"status", "updated_at", "outcome", "reason"} {
		if _, ok := st[k]; !ok {
			t.Errorf("status lacks %q", k)
		}
	}
	rec = post(`{"village_token":"` + tok + `","head_name":"赵","id_number":"1","phone":"","risk_types":[],"description":"","consent":false}`)
	var e errorBody
	if rec.Code != 422 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || len(e.Error.Fields) != 6 {
		t.Fatalf("invalid: %d %s", rec.Code, rec.Body)
	}
	if rec := post(`{"village_token":"abcdefghjkmnpqrs","head_name":"赵六"}`); rec.Code != 404 || !strings.Contains(rec.Body.String(), "token_revoked") {
		t.Fatalf("unknown token: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), idZhao) {
		t.Fatal("full ID echoed")
	}
}

// TestPublicReportPhotos: photos travel with the form; the stored copies
// carry no location metadata; a non-image is refused beside the field.
func TestPublicReportPhotos(t *testing.T) {
	t.Parallel()
	s, h, tok := publicServer(t)
	dir := t.TempDir()
	s.reports.SetPhotoDir(dir)
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var jb bytes.Buffer
	jpeg.Encode(&jb, img, nil)
	exif := append([]byte{0xFF, 0xE1, 0, 20}, []byte("Exif\x00\x00GPS-38.5-102")...)
	photo := append(append(append([]byte{}, jb.Bytes()[:2]...), exif...), jb.Bytes()[2:]...)
	post := func(files map[string][]byte) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"head_name": "赵六", "id_number": idZhao, "phone": "13911112222",
			"risk_types": "因病", "description": "住院", "consent": "1"} {
			mw.WriteField(k, v)
		}
		for name, b := range files {
			fw, _ := mw.CreateFormFile("photos", name)
			fw.Write(b)
		}
		mw.Close()
		req := httptest.NewRequest("POST", "/r/"+tok, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := post(map[string][]byte{"a.gif": []byte("GIF89a-not-a-photo")}); rec.Code != 422 || !strings.Contains(rec.Body.String(), "JPG 或 PNG") {
		t.Fatalf("bad photo: %d", rec.Code)
	}
	rec := post(map[string][]byte{"bill.jpg": photo})
	code := regexp.MustCompile(`class="receipt">(FP[0-9A-Z]{8})<`).FindStringSubmatch(rec.Body.String())
	if rec.Code != 200 || code == nil {
		t.Fatalf("with photo: %d %s", rec.Code, rec.Body)
	}
	stored, err := os.ReadFile(filepath.Join(dir, code[1], "1.jpg"))
	if err != nil || bytes.Contains(stored, []byte("GPS")) || !bytes.HasPrefix(stored, []byte{0xFF, 0xD8}) {
		t.Fatalf("stored photo: %v, GPS kept: %v", err, bytes.Contains(stored, []byte("GPS")))
	}
	// the village cadre sees it on the case page
	_, vill := asUser(t, Config{DB: s.cfg.DB, Keys: s.cfg.Keys, Auth: s.cfg.Auth, Reports: s.reports}, "vill", "village", villageA)
	inbox := get(t, vill, "/cases").Body.String()
	caseURL := regexp.MustCompile(`href="(/cases/\d+)"`).FindStringSubmatch(inbox)
	if caseURL == nil {
		t.Fatal("no case in the inbox")
	}
	if !strings.Contains(get(t, vill, caseURL[1]).Body.String(), "/photos/1.jpg") {
		t.Fatal("the case page does not show the photo")
	}
	if rec := get(t, vill, caseURL[1]+"/photos/1.jpg"); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/jpeg" {
		t.Fatalf("photo: %d", rec.Code)
	}
}
