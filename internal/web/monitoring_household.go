package web

import (
	"context"
	"net/http"
	"slices"
	"sort"

	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// monitoringSections are the household page's parts of monitoring and
// assistance: responsible cadre, plan with its fit checks, elimination,
// income worksheets, visits and the household's cases.
type monitoringSections struct {
	Today       string
	Cadres      []monitoring.Cadre
	CadrePhone  map[int64]string // a cadre's full phone, after an audited reveal
	Accounts    []auth.User      // accounts that may be named as cadre or owner
	Report      monitoring.Report
	Measures    []monitoring.Measure
	Continuing  []monitoring.Measure // measures going on after the household left monitoring
	Catalogue   []monitoring.MeasureType
	Statuses    []monitoring.Status
	Worksheets  []monitoring.Worksheet
	NextYear    int // the year a new worksheet is most likely for
	Visits      []visitView
	Cases       []casework.Case
	ElimCheck   *casework.Check // the criteria now, for a household under monitoring
	ElimCase    *casework.Case  // an elimination case under way
	Modes       []string
	CanRollback bool
	Form        formState
}

// visitView is a visit with its photo names.
type visitView struct {
	visit.Visit
	Photos []string
}

// fillMonitoring reads the household's monitoring sections; ctx carries the
// request's user (from authenticate).
func (s *Server) fillMonitoring(ctx context.Context, scope store.Scope, h *registry.Household, v *householdPage) error {
	q, m := s.cfg.DB.Reader(), &v.monitoringSections
	today := s.today()
	m.Today, m.NextYear = today.Format(isoDate), today.Year()-1
	m.Catalogue, m.Modes = monitoring.Catalogue(), casework.Modes
	m.Statuses = []monitoring.Status{monitoring.StatusPlanned, monitoring.StatusInProgress, monitoring.StatusDone,
		monitoring.StatusCancelled}
	var err error
	if m.Cadres, err = monitoring.Cadres(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if err := s.fillPlan(ctx, scope, h, m); err != nil {
		return err
	}
	if m.Worksheets, err = monitoring.Worksheets(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if err := s.fillVisits(ctx, scope, h.ID, m); err != nil {
		return err
	}
	if err := s.fillCases(ctx, scope, h, m); err != nil {
		return err
	}
	id, _ := ctx.Value(userKey).(identity)
	m.CanRollback = h.Eliminated && id.user.Can(auth.PermEditRegistry) &&
		slices.Contains([]auth.Role{auth.RoleCounty, auth.RoleCity, auth.RoleAdmin}, id.user.Role)
	if id.user.Can(auth.PermEditRegistry) {
		m.Accounts, err = s.accounts(ctx, h.RegionCode)
	}
	return err
}

// fillPlan reads the measures and runs the fit checks as of today.
func (s *Server) fillPlan(ctx context.Context, scope store.Scope, h *registry.Household, m *monitoringSections) error {
	q := s.cfg.DB.Reader()
	var err error
	if m.Measures, err = monitoring.Measures(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if m.Report, err = monitoring.Check(ctx, q, scope, h.ID, s.today()); err != nil {
		return err
	}
	if h.Eliminated {
		for _, x := range m.Measures {
			if x.ContinuesAfterExit && x.Status != monitoring.StatusDone && x.Status != monitoring.StatusCancelled {
				m.Continuing = append(m.Continuing, x)
			}
		}
	}
	return nil
}

// fillVisits reads the visits and the names of their photos.
func (s *Server) fillVisits(ctx context.Context, scope store.Scope, householdID int64, m *monitoringSections) error {
	vs, err := visit.Visits(ctx, s.cfg.DB.Reader(), scope, householdID)
	if err != nil {
		return err
	}
	for _, x := range vs {
		vv := visitView{Visit: x}
		if x.PhotoCount > 0 && s.cfg.VisitPhotos != "" {
			if vv.Photos, err = visit.Photos(ctx, s.cfg.DB.Reader(), scope, s.cfg.VisitPhotos, x.ID); err != nil {
				return err
			}
		}
		m.Visits = append(m.Visits, vv)
	}
	return nil
}

// fillCases lists the household's cases, the latest first, and for a
// household under monitoring the elimination criteria as of now.
func (s *Server) fillCases(ctx context.Context, scope store.Scope, h *registry.Household, m *monitoringSections) error {
	q := s.cfg.DB.Reader()
	cases, _, err := casework.List(ctx, q, scope, casework.Filter{HouseholdID: h.ID, PerPage: 500})
	if err != nil {
		return err
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].OpenedAt > cases[j].OpenedAt })
	m.Cases = cases
	for i, c := range cases {
		if c.Purpose == casework.PurposeElimination && c.Outcome == "" {
			m.ElimCase = &cases[i]
		}
	}
	if !h.Monitored() {
		return nil
	}
	ch, err := casework.EliminationCheck(ctx, q, scope, h.ID, s.now())
	if err != nil {
		return err
	}
	m.ElimCheck = &ch
	return nil
}

// renderHousehold renders the household page with a form sent back (or
// none), with status; the household is the path's.
func (s *Server) renderHousehold(w http.ResponseWriter, r *http.Request, status int, form formState,
	prepare func(*householdPage)) {
	v := &householdPage{layout: s.newLayout(w, r, "household.title", "households")}
	v.Form = form
	if prepare != nil {
		prepare(v)
	}
	if err := s.fillHousehold(r.Context(), s.scope(r), r.PathValue("code"), v); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, "household", v)
}

// afterForm answers a household form: back to the page's section when err
// is nil (post, redirect, get), else the page with the form as typed and the
// problem (422, 403, 409), or the error page.
func (s *Server) afterForm(w http.ResponseWriter, r *http.Request, name, anchor string, err error) {
	if err == nil {
		http.Redirect(w, r, "/households/"+r.PathValue("code")+"#"+anchor, http.StatusSeeOther)
		return
	}
	s.formError(w, r, err, name, func(status int, f formState) { s.renderHousehold(w, r, status, f, nil) })
}

// formHousehold finds the path's household in the scope, or answers 404.
func (s *Server) formHousehold(w http.ResponseWriter, r *http.Request) (*registry.Household, bool) {
	h, _, err := registry.FindHousehold(r.Context(), s.cfg.DB.Reader(), s.scope(r), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return nil, false
	}
	return h, true
}

// inTx runs write in one transaction with the request's context and returns
// what it returns: a form's or an API's domain step.
func inTx[T any](s *Server, r *http.Request, write func(ctx context.Context, tx *store.Tx) (T, error)) (T, error) {
	ctx := r.Context()
	var v T
	err := s.cfg.DB.Transact(ctx, func(tx *store.Tx) error {
		var err error
		v, err = write(ctx, tx)
		return err
	})
	return v, err
}
