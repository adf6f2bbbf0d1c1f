package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/notify"
	"fangpin/internal/registry"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// casesPage is the inbox: the scope's cases, most urgent first.
type casesPage struct {
	layout
	Items       []caseRow
	News        []notify.Notification
	Total       int
	Open, Late  bool
	StateFilter string
	States      []casework.State
	Tools       listTools
}

type caseRow struct {
	casework.Case
	NoticeOver bool // the notice ran its days: prompt for its result instead of 公示中
	Due        string
	Urgency    string // "", "orange" (overdue), "red" (overdue by more than three days)
}

func (s *Server) caseRow(c casework.Case) caseRow {
	r := caseRow{Case: c, Due: c.Due(), NoticeOver: c.NoticeOver(s.now())}
	if c.Overdue(s.now()) {
		r.Urgency = "orange"
		if r.Due < s.now().In(civil.Zone).AddDate(0, 0, -3).Format("2006-01-02") {
			r.Urgency = "red"
		}
	}
	return r
}

// handleCases serves GET /cases?status=&open=&overdue=.
func (s *Server) handleCases(w http.ResponseWriter, r *http.Request) {
	f, err := s.caseFilter(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f.PerPage = 200
	v := &casesPage{layout: s.newLayout(w, r, "cases.title", "cases"), Open: f.Open, Late: !f.OverdueAt.IsZero(),
		StateFilter: string(f.State), States: casework.States, Tools: s.tools(r, casesList)}
	cases, total, err := casework.List(r.Context(), s.cfg.DB.Reader(), s.scope(r), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Total = total
	if v.News, err = notify.Feed(r.Context(), s.cfg.DB.Reader(), s.scope(r), currentUser(r).ID, 8); err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, c := range cases {
		v.Items = append(v.Items, s.caseRow(c))
	}
	s.render(w, r, http.StatusOK, "cases", v)
}

// caseFilter reads the inbox's filters: status, open (on unless "false"),
// overdue ("true") and region.
func (s *Server) caseFilter(r *http.Request) (casework.Filter, error) {
	q := r.URL.Query()
	f := casework.Filter{Region: q.Get("region"), Open: q.Get("open") != "false", State: casework.State(q.Get("status"))}
	if f.State != "" && !f.State.Valid() {
		return f, unprocessable("status", fault.T("未知的案件状态", "unknown case status"))
	}
	if q.Get("overdue") == "true" {
		f.OverdueAt = s.now()
	}
	return f, nil
}

// casePage is one case: its facts, timeline and the steps this user may take.
type casePage struct {
	layout
	C        caseRow
	Events   []casework.Event
	Forms    []actionForm
	Problem  string
	Risks    []string
	Category []string
	Photos   []string
	Elim     *elimView // an elimination case's mode and criteria
	Contact  selfreport.Contact
	Shown    *selfreport.Contact // the reporter's full numbers, just revealed
}

// actionForm is the form of one step, with its fields.
type actionForm struct {
	Action casework.Action
	Label  string
	Fields []string // field kinds: reason, consent, notes, income, qualifies, minutes, start, place, objection, result, approve, category, risks, announcement
}

// stepFields are the form fields of each step (see casework.Data).
var stepFields = map[casework.Action][]string{
	casework.ActAccept:          nil,
	casework.ActReject:          {"reason"},
	casework.ActVerify:          {"consent", "notes", "income"},
	casework.ActReview:          {"qualifies", "minutes", "reason"},
	casework.ActPublishNotice:   {"start", "place"},
	casework.ActRecordObjection: {"objection"},
	casework.ActEndNotice:       {"result"},
	casework.ActTownshipReview:  {"approve", "reason"},
	casework.ActCountyApprove:   {"approve", "reason"},
	casework.ActEnrol:           {"category", "risks", "announcement"},
	casework.ActClose:           {"reason"},
	casework.ActReopen:          {"objection"},
}

// findCase finds the case of the path's {id} in the user's scope.
func (s *Server) findCase(r *http.Request) (casework.Case, []casework.Event, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return casework.Case{}, nil, err
	}
	return casework.Find(r.Context(), s.cfg.DB.Reader(), s.scope(r), id)
}

// handleCase serves GET /cases/{id}.
func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) {
	s.renderCase(w, r, http.StatusOK, "")
}

func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, status int, problem string) {
	s.renderCaseWith(w, r, status, problem, nil)
}

func (s *Server) renderCaseWith(w http.ResponseWriter, r *http.Request, status int, problem string, shown *selfreport.Contact) {
	c, events, err := s.findCase(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &casePage{layout: s.newLayout(w, r, "case.title", "cases"), C: s.caseRow(c), Events: events,
		Problem: problem, Risks: casework.RiskTypes, Category: registry.Categories}
	v.Title = fmt.Sprintf("%s %d · %s", v.Title, c.ID, c.HeadName)
	if c.Source == casework.SourceSelfReport {
		v.Photos = s.reports.Photos(c.SourceRef)
	}
	v.Elim = eliminationView(c, events)
	cs, err := s.caseContacts(r, c.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Contact, v.Shown = cs[c.ID], shown
	if who, ok := who(r); ok {
		for _, a := range casework.Actions {
			if casework.AllowedFor(c.Purpose, c.State, a, c.Green) && casework.May(who.user, c.State, a) {
				v.Forms = append(v.Forms, actionForm{Action: a, Label: a.Label(), Fields: stepFields[a]})
			}
		}
	}
	s.render(w, r, status, "case", v)
}

// handleCaseAction serves POST /cases/{id}/actions: the step's form, then
// back to the case (post, redirect, get), or the case with the problem.
func (s *Server) handleCaseAction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	a := casework.Action(r.PostFormValue("action"))
	data, err := formData(r)
	if err == nil {
		user, _ := who(r)
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (casework.Case, error) {
			return casework.Act(ctx, tx, s.scope(r), user.user, id, a, r.PostFormValue("comment"), data, s.now())
		})
	}
	if err != nil {
		s.formError(w, r, err, "action", func(status int, f formState) { s.renderCase(w, r, status, f.Problem) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d", id), http.StatusSeeOther)
}

// formData turns a step's form into casework.Data (as the JSON API gives it).
func formData(r *http.Request) (casework.Data, error) {
	d := casework.Data{}
	for _, k := range []string{"reason", "notes", "minutes", "start", "place", "objection", "result", "category", "announcement"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			d[k] = v
		}
	}
	for _, k := range []string{"consent", "qualifies", "approve"} {
		if v := r.PostFormValue(k); v != "" {
			d[k] = v == "yes"
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("income")); v != "" {
		fen, err := parseYuan("income_per_capita_fen", v)
		if err != nil {
			return nil, err
		}
		d["income_per_capita_fen"] = float64(fen) // as the JSON API gives it
	}
	if rs := r.PostForm["risk_types"]; len(rs) > 0 {
		list := make([]any, len(rs))
		for i, x := range rs {
			list[i] = x
		}
		d["risk_types"] = list
	}
	return d, nil
}

// handleOpenCase serves POST /households/{code}/cases: a cadre opens a case
// for a household found at risk during screening (基层干部排查).
func (s *Server) handleOpenCase(w http.ResponseWriter, r *http.Request) {
	h, members, err := registry.FindHousehold(r.Context(), s.cfg.DB.Reader(), s.scope(r), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	head := ""
	if len(members) > 0 {
		head = members[0].Name // the head is listed first
	}
	user, _ := who(r)
	c, err := inTx(s, r, func(ctx context.Context, tx *store.Tx) (casework.Case, error) {
		return casework.Open(ctx, tx, s.scope(r), casework.NewCase{HouseholdID: h.ID, HeadName: head, Source: casework.SourceScreening,
			RiskTypes: r.PostForm["risk_types"], Description: r.PostFormValue("description"), By: user.user,
			Green: r.PostFormValue("green") == "yes"}, s.now(), s.cfg.Deadlines)
	})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d", c.ID), http.StatusSeeOther)
}

// handleCasePhoto serves GET /cases/{id}/photos/{name}: a photo the family
// sent with its report, to cadres who may see the case.
func (s *Server) handleCasePhoto(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.findCase(r)
	if err != nil || c.Source != casework.SourceSelfReport {
		s.pageError(w, r, store.ErrNotFound)
		return
	}
	b, err := s.reports.Photo(c.SourceRef, r.PathValue("name"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(b))
	w.Write(b)
}

// handleNotificationRead serves POST /notifications/{id}/read: the user has
// seen a notification of the feed, which leaves the user's feed (others of
// the region still see it).
func (s *Server) handleNotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = notify.MarkRead(r.Context(), s.cfg.DB.Writer(), s.scope(r), id, currentUser(r).ID, s.now())
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases", http.StatusSeeOther)
}
