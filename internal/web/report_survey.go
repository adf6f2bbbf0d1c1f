package web

import (
	"bytes"
	"html/template"
	"net/http"
	"time"

	"fangpin/internal/survey"
)

// surveyPage is the data of the survey report's page.
type surveyPage struct {
	layout
	AsOf     time.Time
	Body     template.HTML // the report, rendered by package survey
	DOCX     string
	Children []regionLink // the sub-regions' reports
}

// regionLink is a region's name and the link to its page.
type regionLink struct {
	Name, URL string
}

// buildSurvey reads region and as_of and builds the report within the
// user's scope (a region outside it is not found).
func (s *Server) buildSurvey(r *http.Request) (*survey.Report, time.Time, error) {
	ctx, scope := r.Context(), s.scope(r)
	code, err := s.regionParam(ctx, r, scope, false)
	if err != nil {
		return nil, time.Time{}, err
	}
	asOf, err := s.asOfParam(r)
	if err != nil {
		return nil, time.Time{}, err
	}
	rep, err := survey.Build(ctx, s.cfg.DB, scope, code, asOf)
	return rep, asOf, err
}

// handleSurvey serves GET /reports/survey?region=CODE&as_of=YYYY-MM-DD: the
// survey report (docs/survey.md) as a page.
func (s *Server) handleSurvey(w http.ResponseWriter, r *http.Request) {
	rep, asOf, err := s.buildSurvey(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &surveyPage{layout: s.newLayout(w, r, "survey.title", "reports"), AsOf: asOf}
	chain, err := s.chain(r.Context(), rep.Region.Code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	param := r.URL.Query().Get("as_of")
	s.setRegion(&v.layout, s.scope(r), chain, func(c string) string { return link("/reports/survey", "region", c, "as_of", param) })
	v.DOCX = link("/reports/survey.docx", "region", rep.Region.Code, "as_of", param)
	kids, err := s.childrenOn(r.Context(), s.scope(r), rep.Region.Code, rep.AsOf.String())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, k := range kids {
		v.Children = append(v.Children, regionLink{k.Name, link("/reports/survey", "region", k.Code, "as_of", param)})
	}
	if v.Body, err = rep.Body(); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "survey", v)
}

// handleSurveyDOCX serves GET /reports/survey.docx?region=&as_of=: the same
// report as a Word document.
func (s *Server) handleSurveyDOCX(w http.ResponseWriter, r *http.Request) {
	rep, _, err := s.buildSurvey(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := rep.WriteDOCX(&buf); err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", attachment("survey-"+rep.Region.Code, rep.Region.Name+"调研报告", rep.AsOf.String(), "docx"))
	w.Write(buf.Bytes())
}
