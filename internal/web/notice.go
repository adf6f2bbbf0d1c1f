package web

import (
	"net/http"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
)

// noticePage is the printable public notice (公示) of a case. By rule it
// shows no ID number, phone number, bank account or health information, and
// so no risk types either (因病 and 因残 would tell the family's health).
type noticePage struct {
	Title, Village, HeadName, Start, End, Place string
	Members                                     int
	Elimination                                 bool // 拟消除风险 instead of 拟纳入监测
}

// handleNotice serves GET /cases/{id}/notice once the case's notice has been
// published.
func (s *Server) handleNotice(w http.ResponseWriter, r *http.Request) {
	c, events, err := s.findCase(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if c.NoticeStart == "" {
		s.pageError(w, r, unprocessable("notice", fault.T("该案件尚未发布公示", "this case has no public notice yet")))
		return
	}
	v := noticePage{HeadName: c.HeadName, Start: c.NoticeStart, Elimination: c.Purpose == casework.PurposeElimination}
	if start, err := civil.ParseISO(c.NoticeStart); err == nil {
		v.End = start.AddDays(casework.NoticeDays).String()
	}
	for _, e := range events {
		if e.Action == casework.ActPublishNotice {
			if p, ok := e.Data["place"].(string); ok {
				v.Place = p
			}
		}
	}
	if reg, err := region.Find(r.Context(), s.cfg.DB.Reader(), c.Region); err == nil {
		v.Village = reg.Name
	}
	if c.HouseholdID != 0 {
		s.cfg.DB.Reader().QueryRowContext(r.Context(), "SELECT members FROM households WHERE id = ?", c.HouseholdID).Scan(&v.Members)
	}
	v.Title = v.Village + "防止返贫监测对象拟纳入公示"
	if v.Elimination {
		v.Title = v.Village + "防止返贫监测对象拟消除风险公示"
	}
	if err := s.public["notice"].ExecuteTemplate(w, "notice", v); err != nil {
		s.log.ErrorContext(r.Context(), "render notice", "err", err)
	}
}
