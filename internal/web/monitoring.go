package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// mismatchPerPage is the page size of the mismatch list; dueShown is how
// many due measures the township/county page lists.
const (
	mismatchPerPage = 20
	dueShown        = 20
	dueWithinDays   = 30
)

// mismatchKinds are the values of the kind filter.
var mismatchKinds = []string{string(monitoring.KindRisk), string(monitoring.KindDevelopment), string(monitoring.KindSafetyNet)}

// monitoringPage is the township's and county's view of monitoring and
// assistance: key figures, then the households whose plan fails a check,
// each with what is missing and why, then the measures falling due.
type monitoringPage struct {
	layout
	AsOf        time.Time
	AsOfParam   string
	Code        string // the region shown; "" for the whole scope
	Kind        string
	Kinds       []string
	Cards       monitoringCards
	Rows        []monitoring.Row
	Total, Page int
	Pager       pager
	Due         []monitoring.Due
	Children    []crumb
	Names       map[string]string
	CanSettings bool
	Tools       listTools
}

// monitoringCards are the page's key figures.
type monitoringCards struct {
	Monitored, Mismatch, Development, SafetyNet int
	DueMeasures, OverdueMeasures, DueVisits     int
}

// handleMonitoring serves GET /monitoring?region=&kind=&page=&as_of=.
func (s *Server) handleMonitoring(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &monitoringPage{layout: s.newLayout(w, r, "monitoring.title", "monitoring"), Kinds: mismatchKinds,
		Kind: r.URL.Query().Get("kind"), AsOfParam: r.URL.Query().Get("as_of"), CanSettings: mayConfigure(currentUser(r)),
		Tools: s.tools(r, mismatchList)}
	err := oneOf("kind", v.Kind, mismatchKinds)
	if err == nil {
		v.Code, err = s.listRegion(ctx, r, scope, &v.layout, "/monitoring")
	}
	if err == nil {
		v.AsOf, err = s.asOfParam(r)
	}
	if err == nil {
		v.Page, err = intParam(r, "page", 1)
	}
	if err == nil {
		err = s.fillMonitoringPage(ctx, scope, v)
	}
	s.renderPage(w, r, err, "monitoring", v)
}

func (s *Server) fillMonitoringPage(ctx context.Context, scope store.Scope, v *monitoringPage) error {
	q := s.cfg.DB.Reader()
	f := monitoring.Filter{Region: v.Code, Kind: monitoring.Kind(v.Kind), AsOf: v.AsOf, Page: v.Page, PerPage: mismatchPerPage}
	var err error
	if v.Rows, v.Total, err = monitoring.Mismatches(ctx, q, scope, f); err != nil {
		return err
	}
	if err := s.fillMonitoringCards(ctx, scope, v); err != nil {
		return err
	}
	v.setPaging()
	var codes []string
	for _, row := range v.Rows {
		codes = append(codes, row.Region)
	}
	for _, d := range v.Due {
		codes = append(codes, d.Region)
	}
	if v.Names, err = s.regionNames(ctx, codes); err != nil {
		return err
	}
	v.Children, err = s.regionLinks(ctx, scope, v.Code, "/monitoring", "kind", v.Kind, "as_of", v.AsOfParam)
	return err
}

// fillMonitoringCards computes the key figures of the region as of AsOf.
func (s *Server) fillMonitoringCards(ctx context.Context, scope store.Scope, v *monitoringPage) error {
	q, c := s.cfg.DB.Reader(), &v.Cards
	rs := scope
	if v.Code != "" {
		rs = store.MustScope(v.Code)
	}
	_, n, err := registry.FindHouseholds(ctx, q, s.cfg.Keys, scope, registry.Filter{Region: v.Code, Monitored: "current", PerPage: 1})
	if err != nil {
		return err
	}
	c.Monitored = n
	fig, err := monitoring.PlanFigures(ctx, q, rs, v.AsOf)
	if err != nil {
		return err
	}
	c.Mismatch, c.Development = fig.PlanMismatch.Households, fig.NoDevelopmentMeasure.Households
	sn := monitoring.Filter{Region: v.Code, Kind: monitoring.KindSafetyNet, AsOf: v.AsOf, PerPage: 1}
	if _, c.SafetyNet, err = monitoring.Mismatches(ctx, q, scope, sn); err != nil {
		return err
	}
	due, err := monitoring.DueMeasures(ctx, q, rs, v.AsOf, dueWithinDays)
	if err != nil {
		return err
	}
	c.DueMeasures, v.Due = len(due), due[:min(len(due), dueShown)]
	for _, d := range due {
		if d.Overdue {
			c.OverdueMeasures++
		}
	}
	_, c.DueVisits, err = s.visits.MustVisit(ctx, scope, visit.Filter{Region: v.Code, DueOnly: true, PerPage: 1}, v.AsOf)
	return err
}

func (v *monitoringPage) setPaging() {
	v.Pager = newPager(store.Page{Page: v.Page, PerPage: mismatchPerPage}, v.Total, func(n int) string {
		return link("/monitoring", "region", v.Code, "kind", v.Kind, "as_of", v.AsOfParam, "page", strconv.Itoa(n))
	})
}
