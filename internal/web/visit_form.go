package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/photo"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// Photos of a visit: at most visit.MaxPhotos, each at most maxVisitPhoto;
// the form's body is bounded by maxVisitBody (middleware).
const (
	maxVisitPhoto = photo.MaxBytes
	maxVisitBody  = visit.MaxPhotos*maxVisitPhoto + 1<<20
)

// visitFormPath reports whether path is the visit form, whose body may
// carry photos.
func visitFormPath(path string) bool {
	return strings.HasPrefix(path, "/households/") && strings.HasSuffix(path, "/visits/new")
}

// visitFormPage is the form of a home visit (走访) with the village's
// checklist (六必查).
type visitFormPage struct {
	layout
	H         *registry.Household
	Today     string
	Visitor   string
	Items     []visit.Item
	Risks     []string
	Photos    bool
	MaxPhotos int
	Form      formState
}

// handleVisitForm serves GET /households/{code}/visits/new.
func (s *Server) handleVisitForm(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.visitForm(w, r); ok {
		s.render(w, r, http.StatusOK, "visit_form", v)
	}
}

// handleVisitSubmit serves POST /households/{code}/visits/new: the visit is
// recorded with its answers, photos and, when asked, a case for the risk it
// found — all or nothing.
func (s *Server) handleVisitSubmit(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if r.MultipartForm != nil {
			r.MultipartForm.RemoveAll() // photos spilled to temporary files (the server cleans only its own copy's)
		}
	}()
	v, ok := s.visitForm(w, r)
	if !ok {
		return
	}
	in, err := s.visitInput(r, v)
	if err == nil {
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (int64, error) {
			return visit.Record(ctx, tx, s.scope(r), currentUser(r), in, s.now())
		})
	}
	if err == nil {
		http.Redirect(w, r, "/households/"+v.H.Code+"#visits", http.StatusSeeOther)
		return
	}
	s.formError(w, r, err, "visit", func(status int, f formState) {
		v.Form = f
		s.render(w, r, status, "visit_form", v)
	})
}

// visitForm finds the household and its village's checklist.
func (s *Server) visitForm(w http.ResponseWriter, r *http.Request) (*visitFormPage, bool) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return nil, false
	}
	u := currentUser(r)
	v := &visitFormPage{layout: s.newLayout(w, r, "visit.title", "households"), H: h, Today: s.today().Format(isoDate),
		Visitor: u.DisplayName, Risks: casework.RiskTypes, Photos: s.cfg.VisitPhotos != "", MaxPhotos: visit.MaxPhotos}
	if v.Visitor == "" {
		v.Visitor = u.Username
	}
	heads, err := registry.HeadNames(r.Context(), s.cfg.DB.Reader(), s.scope(r), []string{h.Code})
	if err != nil {
		s.pageError(w, r, err)
		return nil, false
	}
	v.Title += " " + householdLabel(heads[h.Code], h.Code)
	items, err := visit.Items(r.Context(), s.cfg.DB.Reader(), h.RegionCode)
	if err == nil {
		for _, it := range items {
			if it.Enabled {
				v.Items = append(v.Items, it)
			}
		}
		err = s.setHouseholdCrumbs(r, &v.layout, h.RegionCode)
	}
	if err != nil {
		s.pageError(w, r, err)
		return nil, false
	}
	return v, true
}

// setHouseholdCrumbs sets the breadcrumb of a page about one household.
func (s *Server) setHouseholdCrumbs(r *http.Request, l *layout, regionCode string) error {
	chain, err := s.chain(r.Context(), regionCode)
	if err != nil {
		return err
	}
	s.setRegion(l, s.scope(r), chain, func(c string) string { return link("/overview", "region", c) })
	return nil
}

// visitInput reads the form (multipart when it carries photos).
func (s *Server) visitInput(r *http.Request, v *visitFormPage) (visit.Visit, error) {
	in := visit.Visit{HouseholdID: v.H.ID, PhotoDir: s.cfg.VisitPhotos}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return in, unprocessable("photos", fault.T("照片太大：每次最多6张，每张不超过8MB", "photos too large: at most 6 per visit, 8 MB each"))
	}
	f := r.PostFormValue
	in.Date, in.Visitor, in.Findings = strings.TrimSpace(f("date")), f("visitor"), f("findings")
	for _, it := range v.Items {
		switch f("ans." + it.Code) {
		case "ok", "problem":
			in.Answers = append(in.Answers, visit.Answer{Item: it.Code, Problem: f("ans."+it.Code) == "problem",
				Note: f("note." + it.Code)})
		}
	}
	if f("open_case") == "yes" {
		in.OpenCase = &visit.CaseRequest{RiskTypes: r.PostForm["risk_types"], Description: f("case_description"),
			Green: f("green") == "yes", Deadlines: s.cfg.Deadlines}
	}
	var err error
	in.Photos, err = visitPhotos(r)
	return in, err
}

// visitPhotos reads the uploaded photos, refusing too many or too large.
func visitPhotos(r *http.Request) ([][]byte, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	files := r.MultipartForm.File["photos"]
	if len(files) > visit.MaxPhotos {
		return nil, unprocessable("photos", fault.T("每次走访最多6张照片", "at most 6 photos per visit"))
	}
	var out [][]byte
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(f, maxVisitPhoto+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		if len(b) > maxVisitPhoto {
			return nil, unprocessable("photos", fault.T("每张照片不超过8MB", "each photo at most 8 MB"))
		}
		out = append(out, b)
	}
	return out, nil
}
