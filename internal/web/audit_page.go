package web

import (
	"net/http"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	layout
	F        audit.Filter
	From, To string
	Rows     []auditRow
	Actions  []auditOption // the action filter's choices
	Total    int
	Pager    pager
	Tools    listTools
	Home     string // the user's region: the region picker's root
}

// handleAudit serves GET /audit for admins and city users, filtered by user,
// region, action and dates, scoped to the user's region.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, auth.PermViewAudit) {
		return
	}
	q := r.URL.Query()
	v := &auditPage{layout: s.newLayout(w, r, "audit.title", "audit"), From: q.Get("from"), To: q.Get("to"),
		Tools: s.tools(r, auditList), Home: currentUser(r).Region}
	var err error
	if v.F, err = auditFilter(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.F.PerPage = 50
	if v.F.Page, err = intParam(r, "page", 1); err != nil {
		s.pageError(w, r, err)
		return
	}
	entries, total, err := audit.Find(r.Context(), s.cfg.DB.Reader(), s.scope(r), v.F)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	tr := translator{v.Lang}
	v.Total, v.Actions = total, auditActionOptions(tr)
	for _, e := range entries {
		v.Rows = append(v.Rows, auditRowOf(tr, e, s.regionName(e.Region)))
	}
	v.paging()
	s.render(w, r, http.StatusOK, "audit", v)
}

// auditFilter reads the log's filters: user, region, action and the days
// from and to (both included).
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Username: q.Get("user"), Region: q.Get("region"), Action: q.Get("action")}
	var err error
	if f.From, err = dayParam("from", q.Get("from"), 0); err != nil {
		return f, err
	}
	f.To, err = dayParam("to", q.Get("to"), 1) // through the end of that day
	return f, err
}

// dayParam reads a YYYY-MM-DD date in China time, plus days.
func dayParam(field, v string, days int) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := civil.ParseISO(v)
	if err != nil {
		return time.Time{}, badRequest(field, fault.T("日期格式应为 YYYY-MM-DD", "a date must be written YYYY-MM-DD"))
	}
	return d.AddDays(days).Time(), nil
}

func (v *auditPage) paging() {
	v.Pager = newPager(store.Page{Page: v.F.Page, PerPage: v.F.PerPage}, v.Total, func(n int) string {
		return link("/audit", "user", v.F.Username, "region", v.F.Region, "action", v.F.Action,
			"from", v.From, "to", v.To, "page", strconv.Itoa(n))
	})
}
