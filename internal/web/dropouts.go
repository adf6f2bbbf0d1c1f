package web

import (
	"net/http"
	"strconv"

	"fangpin/internal/civil"
	"fangpin/internal/dropout"
	"fangpin/internal/export"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// dropoutsPage is the 控辍保学 list: the dropouts and follow-ups of a
// region, each with its follow-up's state or the form to start one.
type dropoutsPage struct {
	layout
	Items    []dropout.Entry
	Children []crumb
	Tools    listTools
	Today    string
}

// dropoutPage is one follow-up: the student, its steps and the forms.
type dropoutPage struct {
	layout
	F        dropout.Followup
	E        dropout.Entry
	Outcomes []string
	Today    string
}

var dropoutsList = &listSpec{name: "dropouts", path: "/education/dropouts", title: "dropouts.title", pii: true,
	open: (*Server).openDropouts}

// handleDropouts serves GET /education/dropouts?region=.
func (s *Server) handleDropouts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := &dropoutsPage{layout: s.newLayout(w, r, "dropouts.title", "dropouts"), Tools: s.tools(r, dropoutsList)}
	code, narrow, err := s.waterScope(ctx, r, &v.layout, "/education/dropouts")
	today := civil.DateOf(s.today())
	v.Today = today.String()
	if err == nil {
		v.Items, err = dropout.List(ctx, s.cfg.DB.Reader(), narrow, today, 0)
	}
	if err == nil {
		v.Children, err = s.regionLinks(ctx, s.scope(r), code, "/education/dropouts")
	}
	v.Region = code
	s.renderPage(w, r, err, "dropouts", v)
}

// formID reads a positive id field of a form; 0 when blank.
func formID(r *http.Request, field string) int64 {
	id, err := strconv.ParseInt(r.PostFormValue(field), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// handleDropoutOpen serves POST /education/dropouts (edit_registry): a
// follow-up of person, from an education row or a warning, then its page.
func (s *Server) handleDropoutOpen(w http.ResponseWriter, r *http.Request) {
	opened, err := formDay(r, "opened")
	var id int64
	if err == nil {
		req := dropout.Request{PersonID: formID(r, "person"), FeedRowID: formID(r, "row"), WarningID: formID(r, "warning"),
			Responsible: r.PostFormValue("responsible"), Opened: opened}
		if req.PersonID == 0 {
			err = store.ErrNotFound
		} else {
			id, err = dropout.Open(r.Context(), s.cfg.DB, s.scope(r), req, currentUser(r).Username)
		}
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/education/dropouts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// handleDropout serves GET /education/dropouts/{id}.
func (s *Server) handleDropout(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &dropoutPage{layout: s.newLayout(w, r, "dropouts.title", "dropouts"), Outcomes: dropout.Outcomes}
	today := civil.DateOf(s.today())
	v.Today = today.String()
	id, err := pathID(r, "id")
	q := s.cfg.DB.Reader()
	if err == nil {
		v.F, err = dropout.Find(ctx, q, scope, id)
	}
	var entries []dropout.Entry
	if err == nil {
		entries, err = dropout.List(ctx, q, scope, today, v.F.HouseholdID)
	}
	if err == nil {
		var chain []region.Region
		if chain, err = s.chain(ctx, v.F.Region); err == nil {
			s.setRegion(&v.layout, scope, chain, func(c string) string { return link("/education/dropouts", "region", c) })
		}
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, e := range entries {
		if e.PersonID == v.F.PersonID {
			v.E = e
		}
	}
	v.Title += " · " + v.E.Name
	s.render(w, r, http.StatusOK, "dropout", v)
}

// handleDropoutStep serves POST /education/dropouts/{id}/steps.
func (s *Server) handleDropoutStep(w http.ResponseWriter, r *http.Request) {
	id, day, err := recordDay(r, "day")
	if err == nil {
		err = dropout.AddStep(r.Context(), s.cfg.DB, s.scope(r), id, dropout.Step{Day: day, Note: r.PostFormValue("note")},
			currentUser(r).Username)
	}
	s.afterDropout(w, r, id, err)
}

// handleDropoutOutcome serves POST /education/dropouts/{id}/outcome.
func (s *Server) handleDropoutOutcome(w http.ResponseWriter, r *http.Request) {
	id, day, err := recordDay(r, "outcome_on")
	if err == nil {
		err = dropout.SetOutcome(r.Context(), s.cfg.DB, s.scope(r), id, r.PostFormValue("outcome"), day, currentUser(r).Username)
	}
	s.afterDropout(w, r, id, err)
}

// afterDropout goes back to the follow-up's page, or shows the error.
func (s *Server) afterDropout(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/education/dropouts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// openDropouts is the dropout list as an export: ID numbers masked unless
// full.
func (s *Server) openDropouts(r *http.Request, tr translator) (listRun, error) {
	ctx := r.Context()
	code, narrow, err := s.waterScope(ctx, r, nil, "")
	if err != nil {
		return listRun{}, err
	}
	today := civil.DateOf(s.today())
	items, err := dropout.List(ctx, s.cfg.DB.Reader(), narrow, today, 0)
	if err != nil {
		return listRun{}, err
	}
	c := tr.col
	run := listRun{region: code, cols: append(append([]export.Column{c("dropouts.name", export.Text),
		{Header: tr.T("dropouts.id"), Kind: export.Text, Width: 22}, c("col.code", export.Text)}, placeCols(tr)...),
		c("dropouts.age", export.Integer), c("dropouts.stage", export.Text), c("dropouts.status", export.Text),
		c("dropouts.status_day", export.Date), c("dropouts.compulsory", export.Text), c("dropouts.responsible", export.Text),
		c("dropouts.opened", export.Date), c("dropouts.steps", export.Integer), c("dropouts.outcome", export.Text),
		c("dropouts.outcome_on", export.Date))}
	itemRows(s, &run, items, func(e dropout.Entry) string { return e.Region },
		func(_ int, e dropout.Entry, place [3]string, full bool) ([]any, error) {
			id, err := s.idCell(full, e.IDMasked, e.IDEnc)
			if err != nil {
				return nil, err
			}
			f := e.Followup
			outcome := f.Outcome
			if f.ID != 0 && outcome == "" {
				outcome = tr.T("dropouts.under_way")
			}
			return []any{e.Name, id, e.HouseholdCode, place[0], place[1], place[2], civil.AgeOn(e.Birth, today), e.Stage,
				e.Status, dateOrNil(e.StatusDay), yesNoText(tr, e.Compulsory), f.Responsible, dateOrNil(f.Opened), e.StepCount,
				outcome, dateOrNil(f.OutcomeOn)}, nil
		})
	return run, nil
}

// dateOrNil is an export cell of a day: empty for 0.
func dateOrNil(d civil.Date) any {
	if d == 0 {
		return nil
	}
	return d
}
