package web

import (
	"context"
	"fmt"
	"net/http"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/dropout"
	"fangpin/internal/registry"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// warningPage is one warning: what fired, under which setting, the figures
// and rows behind it, and the decision form.
type warningPage struct {
	layout
	W         screening.Warning
	Village   string
	Head      string // the household's head
	Summary   string
	Threshold []figureRow
	Figures   []figureRow
	Facts     []figureRow // the registry's figures behind an income rule
	Evidence  []screening.FeedRow
	Columns   []string // the department's headers of the evidence rows
	Problem   string
	CanDecide bool
	Decisions []screening.DecisionKind
	Decision  string // the decision chosen before a refused submit
	Reason    string
	FileLinks bool            // the user may open the feed files cited
	Dropouts  []dropout.Entry // a dropout warning's person, with the follow-up or the form to start one
	Today     string
}

// handleWarning serves GET /warnings/{id}.
func (s *Server) handleWarning(w http.ResponseWriter, r *http.Request) {
	s.renderWarning(w, r, http.StatusOK, nil)
}

func (s *Server) renderWarning(w http.ResponseWriter, r *http.Request, status int, problem error) {
	x, err := s.findWarning(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &warningPage{layout: s.newLayout(w, r, "warnings.item_title", "warnings"), W: x, Summary: x.Summary(),
		Decisions: []screening.DecisionKind{screening.DecideOpenCase, screening.DecideHandled, screening.DecideNotRisk},
		Decision:  r.PostFormValue("decision"), Reason: r.PostFormValue("reason")}
	if problem != nil {
		v.Problem = problemOf(problem, v.Lang).Message
	}
	if err := s.fillWarning(r.Context(), s.scope(r), v); err != nil {
		s.pageError(w, r, err)
		return
	}
	if id, ok := who(r); ok {
		v.CanDecide = x.Status == screening.StatusOpen && id.user.Can(auth.PermEditRegistry)
		v.FileLinks = id.user.Can(auth.PermUploadFeed)
	}
	s.render(w, r, status, "warnings_item", v)
}

// fillWarning adds the names, breadcrumb, threshold, figures and evidence
// of the page's warning.
func (s *Server) fillWarning(ctx context.Context, scope store.Scope, v *warningPage) error {
	x, tr := v.W, translator{v.Lang}
	v.Title = fmt.Sprintf("%s #%d · %s", v.Title, x.ID, tr.or("warnings.rule.", string(x.Rule)))
	names, err := s.regionNames(ctx, nonEmpty(x.Region, x.Threshold.Region))
	if err != nil {
		return err
	}
	v.Village = names[x.Region]
	heads, err := registry.HeadNames(ctx, s.cfg.DB.Reader(), scope, []string{x.HouseholdCode})
	if err != nil {
		return err
	}
	v.Head = heads[x.HouseholdCode]
	if err := s.warningCrumbs(ctx, scope, &v.layout, x.Region, screening.Filter{}); err != nil {
		return err
	}
	v.Threshold = thresholdRows(tr, x.Threshold, settingRegion(tr, names, x.Threshold.Region))
	v.Figures, v.Facts = figureRows(tr, x.Rule, x.Figures), figureRows(tr, x.Rule, x.Evidence.Facts)
	if v.Evidence, err = screening.Evidence(ctx, s.cfg.DB.Reader(), scope, x); err != nil {
		return err
	}
	if len(v.Evidence) > 0 {
		for _, f := range v.Evidence[0].Values {
			v.Columns = append(v.Columns, f.Name)
		}
	}
	return s.warningDropouts(ctx, scope, v)
}

// warningDropouts fills the 控辍保学 part of a dropout warning: its person
// (every dropout of the household when the warning names none).
func (s *Server) warningDropouts(ctx context.Context, scope store.Scope, v *warningPage) error {
	if v.W.Rule != screening.Dropout {
		return nil
	}
	today := civil.DateOf(s.today())
	v.Today = today.String()
	all, err := dropout.List(ctx, s.cfg.DB.Reader(), scope, today, v.W.HouseholdID)
	for _, e := range all {
		if v.W.PersonID == 0 || e.PersonID == v.W.PersonID {
			v.Dropouts = append(v.Dropouts, e)
		}
	}
	return err
}

// settingRegion names the region a setting was made for (the whole
// country for "").
func settingRegion(tr translator, names map[string]string, code string) string {
	if code == "" {
		return tr.T("region.nation")
	}
	return names[code]
}

// findWarning returns the warning of the path if it lies in the scope.
func (s *Server) findWarning(r *http.Request) (screening.Warning, error) {
	n, err := pathID(r, "id")
	if err != nil {
		return screening.Warning{}, err
	}
	return screening.Find(r.Context(), s.cfg.DB.Reader(), s.scope(r), n)
}

// handleWarningDecision serves POST /warnings/{id}/decision (decision,
// reason): back to the warning (post, redirect, get), or the warning with
// the problem.
func (s *Server) handleWarningDecision(w http.ResponseWriter, r *http.Request) {
	x, err := s.findWarning(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id, _ := who(r)
	scope, now := s.scope(r), s.now()
	d := screening.Decision{Kind: screening.DecisionKind(r.PostFormValue("decision")), Reason: r.PostFormValue("reason"),
		Now: now, Deadlines: s.cfg.Deadlines}
	_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (screening.Warning, error) {
		return screening.Decide(ctx, tx, scope, id.user, x.ID, d)
	})
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/warnings/%d", x.ID), http.StatusSeeOther)
		return
	}
	s.formError(w, r, err, "decision", func(status int, _ formState) { s.renderWarning(w, r, status, err) })
}

// nonEmpty returns the codes that are not "".
func nonEmpty(codes ...string) []string {
	out := codes[:0]
	for _, c := range codes {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}
