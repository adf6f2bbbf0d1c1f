package web

import (
	"net/http"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	layout
	F        audit.Filter
	From, To string
	Entries  []audit.Entry
	Total    int
	Pager    pager
}

// handleAudit serves GET /audit for admins and city users, filtered by user,
// region, action and dates, scoped to the user's region.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, auth.PermViewAudit) {
		return
	}
	q := r.URL.Query()
	v := &auditPage{layout: s.newLayout(w, r, "audit.title", "audit"), From: q.Get("from"), To: q.Get("to")}
	v.F = audit.Filter{Username: q.Get("user"), Region: q.Get("region"), Action: q.Get("action"), PerPage: 50}
	var err error
	if v.F.Page, err = intParam(r, "page", 1); err != nil {
		s.pageError(w, r, err)
		return
	}
	if v.F.From, err = dayParam("from", v.From, 0); err != nil {
		s.pageError(w, r, err)
		return
	}
	if v.F.To, err = dayParam("to", v.To, 1); err != nil { // through the end of that day
		s.pageError(w, r, err)
		return
	}
	v.Entries, v.Total, err = audit.Find(r.Context(), s.cfg.DB.Reader(), s.scope(r), v.F)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.paging()
	s.render(w, r, http.StatusOK, "audit", v)
}

// dayParam reads a YYYY-MM-DD date in China time, plus days.
func dayParam(field, v string, days int) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := civil.ParseISO(v)
	if err != nil {
		return time.Time{}, badRequest(field, "日期格式应为 YYYY-MM-DD")
	}
	return d.AddDays(days).Time(), nil
}

func (v *auditPage) paging() {
	v.Pager = newPager(store.Page{Page: v.F.Page, PerPage: v.F.PerPage}, v.Total, func(n int) string {
		return link("/audit", "user", v.F.Username, "region", v.F.Region, "action", v.F.Action,
			"from", v.From, "to", v.To, "page", strconv.Itoa(n))
	})
}
