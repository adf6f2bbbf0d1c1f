package web

import (
	"net/http"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/workday"
)

// calendarPage shows which years' holidays are loaded, warns about missing
// ones, and takes a State Council notice as CSV (date,kind,name).
type calendarPage struct {
	layout
	Limits  workday.Limits
	Years   []workday.YearStatus
	Missing []int
	Problem string
	Done    string
}

// calendarYears are the years a deadline may fall in now: this one and,
// from October, the next (the notice comes out each autumn).
func (s *Server) calendarYears() (int, int) {
	now := s.now().In(civil.Zone)
	to := now.Year()
	if now.Month() >= 10 {
		to++
	}
	return now.Year(), to
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, status int, problem, done string) {
	v := &calendarPage{layout: s.newLayout(w, r, "calendar.title", "admin"), Problem: problem, Done: done}
	var err error
	if v.Years, err = workday.Years(r.Context(), s.cfg.DB.Reader()); err != nil {
		s.pageError(w, r, err)
		return
	}
	cal, err := workday.Load(r.Context(), s.cfg.DB.Reader())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Missing = cal.MissingYears(s.calendarYears())
	if v.Limits, err = workday.LoadLimits(r.Context(), s.cfg.DB.Reader()); err != nil {
		v.Limits = workday.DefaultLimits
	}
	s.render(w, r, status, "calendar", v)
}

// handleCalendar serves GET /admin/calendar.
func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) {
	s.renderCalendar(w, r, http.StatusOK, "", "")
}

// handleCalendarImport serves POST /admin/calendar: a CSV of a year's
// holidays and make-up working days, and optionally marks the year complete.
func (s *Server) handleCalendarImport(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("file")
	if r.MultipartForm != nil { // the server removes the spooled parts of its own request only
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.renderCalendar(w, r, http.StatusBadRequest, "请选择CSV文件（列：date,kind,name）", "")
		return
	}
	defer f.Close()
	n, err := workday.ImportCSV(r.Context(), s.cfg.DB, f)
	if y, yerr := strconv.Atoi(r.PostFormValue("complete_year")); err == nil && yerr == nil {
		err = workday.SetYearComplete(r.Context(), s.cfg.DB.Writer(), y, true)
	}
	if err != nil {
		s.calendarProblem(w, r, err)
		return
	}
	s.audit(r.Context(), audit.Event{Action: "calendar.import", Entity: "calendar", Detail: map[string]any{"days": n,
		"complete_year": r.PostFormValue("complete_year")}})
	s.renderCalendar(w, r, http.StatusOK, "", strconv.Itoa(n))
}

// calendarProblem shows err on the calendar page (an import's every bad
// line, in the page's language), or the error page for what the form
// cannot fix.
func (s *Server) calendarProblem(w http.ResponseWriter, r *http.Request, err error) {
	p, _, _, ok := formProblem(err, pickLang(w, r))
	if !ok {
		s.pageError(w, r, err)
		return
	}
	s.renderCalendar(w, r, p.Status, p.Message, "")
}

// needAdmin guards the administration pages.
func (s *Server) needAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.need(auth.PermManageUsers, h)
}

// handleLimits serves POST /admin/limits: the working-day limits of cases
// (accept, verify, whole process). They apply to cases opened afterwards.
func (s *Server) handleLimits(w http.ResponseWriter, r *http.Request) {
	var l workday.Limits
	var err error
	for _, f := range []struct {
		name string
		dst  *int
	}{{"accept", &l.Accept}, {"verify", &l.Verify}, {"total", &l.Total}} {
		if *f.dst, err = strconv.Atoi(r.PostFormValue(f.name)); err != nil {
			s.renderCalendar(w, r, http.StatusUnprocessableEntity, "时限应为整数（工作日）", "")
			return
		}
	}
	if err := workday.SaveLimits(r.Context(), s.cfg.DB.Writer(), l); err != nil {
		s.calendarProblem(w, r, err)
		return
	}
	s.audit(r.Context(), audit.Event{Action: "settings.limits", Entity: "settings", Detail: l})
	if d, ok := s.cfg.Deadlines.(*workday.Deadlines); ok {
		d.SetLimits(l) // the running server uses them at once
	}
	http.Redirect(w, r, "/admin/calendar", http.StatusSeeOther)
}
