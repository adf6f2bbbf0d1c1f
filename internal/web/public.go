package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/selfreport"
)

// publicPageNames are the pages of the no-login 一键报贫 channel, in Chinese:
// they are written for farmers and share no staff layout.
var publicPageNames = []string{"report_form", "report_done", "report_status"}

func loadPublicPages(funcs template.FuncMap) (map[string]*template.Template, error) {
	notice, err := template.New("notice").Funcs(funcs).ParseFS(templateFS, "templates/notice.html")
	if err != nil {
		return nil, fmt.Errorf("web: template notice: %w", err)
	}
	out := map[string]*template.Template{"notice": notice}
	for _, name := range publicPageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/public.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// Promised working days, shown to the family (the casework settings decide
// the deadlines themselves).
const (
	acceptDays = 2
	verifyDays = 5
)

type riskChoice struct {
	Value   string
	Checked bool
}

type publicPage struct {
	Title, Token, Problem, Consent, Receipt, Phone string
	Village                                        selfreport.Village
	Sub                                            selfreport.Submission
	Err                                            map[string]string
	Risks                                          []riskChoice
	AcceptDays, VerifyDays                         int
	ReceiptInfo                                    selfreport.Receipt
	Status                                         *selfreport.StatusView
}

func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, status int, name string, v *publicPage) {
	v.AcceptDays, v.VerifyDays, v.Consent = acceptDays, verifyDays, selfreport.ConsentText
	if v.Title == "" {
		v.Title = "一键报贫"
	}
	s.execute(w, r, s.public[name], "public", name, status, v)
}

func choices(checked []string) []riskChoice {
	out := make([]riskChoice, len(selfreport.RiskTypes))
	for i, v := range selfreport.RiskTypes {
		out[i] = riskChoice{Value: v}
		for _, c := range checked {
			out[i].Checked = out[i].Checked || c == v
		}
	}
	return out
}

// handleReportForm serves GET /r/{token}: the village's report form.
func (s *Server) handleReportForm(w http.ResponseWriter, r *http.Request) {
	v := &publicPage{Token: r.PathValue("token"), Risks: choices(nil)}
	vil, err := s.reports.Resolve(r.Context(), v.Token)
	if err != nil {
		s.publicProblem(w, r, v, err)
		return
	}
	v.Village, v.Title = vil, "一键报贫 · "+vil.Name
	s.renderPublic(w, r, http.StatusOK, "report_form", v)
}

// handleReportSubmit serves POST /r/{token}: store, then show the receipt.
// The token and the address's limit are checked before the body is read.
func (s *Server) handleReportSubmit(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	vil, err := s.reports.Admit(r.Context(), token, clientIP(r))
	if err != nil {
		w.Header().Set("Connection", "close") // the unread body is not worth draining
		s.publicProblem(w, r, &publicPage{Token: token, Risks: choices(nil)}, err)
		return
	}
	photos, perr := formPhotos(r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll() // the server cleans only its own copy of the request
	}
	sub := selfreport.Submission{Photos: photos, Token: token, HeadName: r.PostFormValue("head_name"),
		IDNumber: r.PostFormValue("id_number"), Phone: r.PostFormValue("phone"), RiskTypes: r.PostForm["risk_types"],
		Description: r.PostFormValue("description"), Consent: r.PostFormValue("consent") != "", IP: clientIP(r)}
	v := &publicPage{Token: sub.Token, Sub: sub, Risks: choices(sub.RiskTypes), Village: vil}
	if perr != nil {
		s.publicProblem(w, r, v, perr)
		return
	}
	rc, err := s.reports.Accept(r.Context(), vil, sub)
	if err != nil {
		s.publicProblem(w, r, v, err)
		return
	}
	v.Village, v.ReceiptInfo, v.Title = rc.Village, rc, "一键报贫 · 已提交"
	s.renderPublic(w, r, http.StatusOK, "report_done", v)
}

// formPhotos reads the uploaded photos of a multipart form (none for a
// plain form). The whole form is kept in memory (the body is bounded by
// maxReportBody), so no part spills to a temporary file.
func formPhotos(r *http.Request) ([][]byte, error) {
	if err := r.ParseMultipartForm(maxReportBody); err != nil {
		if errors.Is(err, http.ErrNotMultipart) {
			return nil, nil
		}
		return nil, selfreport.BadPhotos
	}
	files := r.MultipartForm.File["photos"]
	if len(files) > selfreport.MaxPhotos {
		return nil, selfreport.BadPhotos
	}
	var out [][]byte
	for _, fh := range files {
		if fh.Size > selfreport.MaxPhotoBytes {
			return nil, selfreport.BadPhotos
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(f, selfreport.MaxPhotoBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// publicProblem re-renders a public page with the problem in plain words
// (Chinese: the pages are written for farmers), each field's reason beside
// it.
func (s *Server) publicProblem(w http.ResponseWriter, r *http.Request, v *publicPage, err error) {
	page := "report_form"
	if v.Token == "" {
		page = "report_status"
	}
	p := problemOf(err, fault.ZH)
	s.logServerError(r, p, err)
	setRetryAfter(w, p)
	v.Problem, v.Err = p.Message, p.Fields
	if p.Status >= 500 {
		v.Problem = "系统暂时出了问题，您填写的内容没有丢失，请稍后再点一次提交"
	}
	revoked := errors.Is(err, selfreport.ErrRevoked)
	if revoked {
		v.Village = selfreport.Village{}
	}
	if v.Village.Code == "" && v.Token != "" && !revoked {
		v.Village, _ = s.reports.Resolve(r.Context(), v.Token)
	}
	s.renderPublic(w, r, p.Status, page, v)
}

// handleStatusForm serves GET /r/status.
func (s *Server) handleStatusForm(w http.ResponseWriter, r *http.Request) {
	s.renderPublic(w, r, http.StatusOK, "report_status", &publicPage{Title: "一键报贫 · 查询进度"})
}

// handleStatusLookup serves POST /r/status (a POST keeps the phone number
// out of the address bar and logs).
func (s *Server) handleStatusLookup(w http.ResponseWriter, r *http.Request) {
	s.showStatus(w, r, &publicPage{Title: "一键报贫 · 查询进度", Receipt: r.PostFormValue("receipt"), Phone: r.PostFormValue("phone")})
}

// showStatus renders the status of the report of v's receipt and phone.
func (s *Server) showStatus(w http.ResponseWriter, r *http.Request, v *publicPage) {
	st, err := s.reports.Status(r.Context(), v.Receipt, v.Phone, clientIP(r))
	if err != nil {
		s.publicProblem(w, r, v, err)
		return
	}
	v.Status = &st
	s.renderPublic(w, r, http.StatusOK, "report_status", v)
}

// handleObjection serves POST /r/status/objection.
func (s *Server) handleObjection(w http.ResponseWriter, r *http.Request) {
	v := &publicPage{Title: "一键报贫 · 提出异议", Receipt: r.PostFormValue("receipt"), Phone: r.PostFormValue("phone")}
	if err := s.reports.Object(r.Context(), v.Receipt, v.Phone, r.PostFormValue("objection"), clientIP(r)); err != nil {
		s.publicProblem(w, r, v, err)
		return
	}
	s.showStatus(w, r, v)
}

// apiSelfReport serves POST /api/v1/self-reports (no login): docs/api.md.
func (s *Server) apiSelfReport(w http.ResponseWriter, r *http.Request) {
	var in struct {
		VillageToken string   `json:"village_token"`
		HeadName     string   `json:"head_name"`
		IDNumber     string   `json:"id_number"`
		Phone        string   `json:"phone"`
		RiskTypes    []string `json:"risk_types"`
		Description  string   `json:"description"`
		Consent      bool     `json:"consent"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		s.apiError(w, r, badRequest("body", fault.T("请求体应为JSON", "the request body must be JSON")))
		return
	}
	rc, err := s.reports.Submit(r.Context(), selfreport.Submission{Token: in.VillageToken, HeadName: in.HeadName,
		IDNumber: in.IDNumber, Phone: in.Phone, RiskTypes: in.RiskTypes, Description: in.Description,
		Consent: in.Consent, IP: clientIP(r)})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"receipt": rc.Code, "due_by": rc.DueBy, "merged": rc.Merged})
}

// apiSelfReportStatus serves GET /api/v1/self-reports/{receipt}?phone=.
func (s *Server) apiSelfReportStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.reports.Status(r.Context(), r.PathValue("receipt"), r.URL.Query().Get("phone"), clientIP(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// timeStr shows a stored UTC timestamp as a Chinese date and time.
func timeStr(v string) string {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return v
	}
	return t.In(civil.Zone).Format("2006年1月2日 15:04")
}
