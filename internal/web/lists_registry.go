package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/idcard"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/visit"
)

// The lists of households and their monitoring, as exports and print views
// (see listSpec). Each reads the filters of its page.
var (
	householdsList = &listSpec{name: "households", path: "/households", title: "households.title", pii: true,
		open: (*Server).openHouseholds}
	mustVisitList = &listSpec{name: "must_visit", path: "/visits", title: "visits.title", open: (*Server).openMustVisit}
	mismatchList  = &listSpec{name: "monitoring", path: "/monitoring", title: "lists.mismatch_title",
		open: (*Server).openMismatches}
	visitLogList = &listSpec{name: "visits", path: "/visits/log", title: "visitlog.title", open: (*Server).openVisitLog}
)

// openHouseholds is the household list (农户档案) with the page's filters:
// one row per household, the head's ID number and the household's phone.
func (s *Server) openHouseholds(r *http.Request, tr translator) (listRun, error) {
	f, err := parseFilter(r, pagePerPage)
	if err != nil {
		return listRun{}, err
	}
	f.Page, f.PerPage = 0, 0
	scope, q := s.scope(r), s.cfg.DB.Reader()
	run := listRun{region: f.Region}
	run.note(tr.T("filter.type"), f.Type)
	if f.Monitored != "" {
		run.note(tr.T("filter.monitored"), tr.T("monitored."+f.Monitored))
	}
	run.note(tr.T("filter.category"), f.Category)
	if _, err := idcard.Parse(f.Q, s.now()); err == nil {
		run.note(tr.T("filter.q"), idcard.Mask(idcard.Normalize(f.Q)))
	} else {
		run.note(tr.T("filter.q"), f.Q)
	}
	if f.QIndex != "" {
		run.note(tr.T("filter.q"), tr.T("filter.searched_by_id"))
	}
	c := tr.col
	run.cols = append(append([]export.Column{c("col.code", export.Text), c("lists.col.head_name", export.Text)},
		placeCols(tr)...), c("col.type", export.Text), c("lists.col.members", export.Integer),
		c("col.category", export.Text), c("lists.col.identified", export.Month), c("lists.col.risks", export.Text),
		c("lists.col.eliminated", export.Text), c("lists.col.eliminated_month", export.Month),
		export.Column{Header: tr.T("lists.col.head_id"), Width: 22}, export.Column{Header: tr.T("lists.col.phone"), Width: 14})
	run.count = func(ctx context.Context) (int, error) {
		one := f
		one.PerPage = 1
		_, n, err := registry.FindHouseholds(ctx, q, s.cfg.Keys, scope, one)
		return n, err
	}
	run.each = func(ctx context.Context, full bool, emit func(...any) error) error {
		pl := s.places(ctx)
		return registry.ForEachHousehold(ctx, q, s.cfg.Keys, scope, f, full, func(h registry.Row) error {
			p, err := pl.Of(h.RegionCode)
			if err != nil {
				return err
			}
			elim := ""
			if h.IdentifiedMonth != 0 {
				elim = yesNoText(tr, h.Eliminated)
			}
			return emit(h.Code, h.HeadName, p[0], p[1], p[2], h.Type, h.Members, h.Category,
				civil.Month(h.IdentifiedMonth), joinText(h.Risks), elim, civil.Month(h.EliminatedMonth), h.HeadID, h.Phone)
		})
	}
	return run, nil
}

// mustVisitFilter reads the must-visit list's filters: group and due=1.
func mustVisitFilter(r *http.Request, region string) visit.Filter {
	q := r.URL.Query()
	return visit.Filter{Region: region, Group: q.Get("group"), DueOnly: q.Get("due") == "1"}
}

// openMustVisit is the must-visit list (六必访) as of today.
func (s *Server) openMustVisit(r *http.Request, tr translator) (listRun, error) {
	scope := s.scope(r)
	code, err := s.listRegionParam(r.Context(), r, scope)
	if err != nil {
		return listRun{}, err
	}
	f, asOf := mustVisitFilter(r, code), s.now()
	run := listRun{region: code}
	run.note(tr.T("visits.group"), s.groupLabel(r, code, f.Group))
	if f.DueOnly {
		run.note(tr.T("visits.due_only"), tr.T("yes"))
	}
	c := tr.col
	run.cols = append(append([]export.Column{c("col.code", export.Text), c("lists.col.head_name", export.Text)},
		placeCols(tr)...), c("col.category", export.Text), export.Column{Header: tr.T("visits.reasons"), Width: 30},
		c("visits.last", export.Date), c("visits.due_by", export.Date), c("lists.col.due", export.Text))
	run.count = func(ctx context.Context) (int, error) {
		one := f
		one.PerPage = 1
		_, n, err := s.visits.MustVisit(ctx, scope, one, asOf)
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		pl := s.places(ctx)
		return s.visits.ForEachMustVisit(ctx, scope, f, asOf, func(e visit.Entry) error {
			p, err := pl.Of(e.Region)
			if err != nil {
				return err
			}
			return emit(e.Code, e.HeadName, p[0], p[1], p[2], e.Category, e.Labels(), dayCell(e.LastVisit),
				dayCell(e.DueBy), yesNoText(tr, e.Due))
		})
	}
	return run, nil
}

// groupLabel names a must-visit group as the region's settings do; an
// unknown code is shown as it is (the list refuses it).
func (s *Server) groupLabel(r *http.Request, region, code string) string {
	if code == "" {
		return ""
	}
	if region == "" {
		region = scopeRegion(s.scope(r))
	}
	groups, err := visit.Groups(r.Context(), s.cfg.DB.Reader(), region)
	if err == nil {
		for _, g := range groups {
			if g.Code == code {
				return g.Label
			}
		}
	}
	return code
}

// openMismatches is the monitoring page's list: monitored households whose
// plan fails a check, as of as_of, with the failures explained.
func (s *Server) openMismatches(r *http.Request, tr translator) (listRun, error) {
	scope := s.scope(r)
	kind := r.URL.Query().Get("kind")
	err := oneOf("kind", kind, mismatchKinds)
	var code string
	if err == nil {
		code, err = s.listRegionParam(r.Context(), r, scope)
	}
	f := monitoring.Filter{Region: code, Kind: monitoring.Kind(kind)}
	if err == nil {
		f.AsOf, err = s.asOfParam(r)
	}
	if err != nil {
		return listRun{}, err
	}
	run := listRun{region: code}
	if kind != "" {
		run.note(tr.T("monitoring.kind"), tr.T("monitoring.kind_"+kind))
	}
	run.note(tr.T("lists.as_of"), formatDate(tr.lang, f.AsOf))
	c := tr.col
	run.cols = append(append([]export.Column{c("col.code", export.Text), c("lists.col.head_name", export.Text)},
		placeCols(tr)...), c("col.category", export.Text), c("lists.col.members", export.Integer),
		c("lists.col.identified", export.Month), c("lists.col.unfit_risks", export.Text),
		c("lists.col.development_overdue", export.Text), c("lists.col.safety_net_missing", export.Text),
		export.Column{Header: tr.T("monitoring.problems"), Width: 60})
	one := f
	one.PerPage = 1
	placedRows(s, &run, scope, f, one, monitoring.Mismatches, monitoring.ForEachMismatch, func(m monitoring.Row) string { return m.Region },
		func(m monitoring.Row, p [3]string) []any {
			return []any{m.Code, m.HeadName, p[0], p[1], p[2], m.Category, m.Members, civil.Month(m.IdentifiedMonth),
				joinText(m.Mismatched), yesNoText(tr, m.DevelopmentOverdue), yesNoText(tr, m.SafetyNetMissing),
				failuresText(tr, m.Failures)}
		})
	return run, nil
}

// failuresText explains a household's failed checks in one cell, as the
// monitoring page lists them.
func failuresText(tr translator, fs []monitoring.Result) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		rule := tr.T("check.rule." + string(f.Rule))
		if f.Rule == monitoring.RuleRisk {
			rule = tr.Tf("check.risk", f.Risk)
		}
		parts[i] = fmt.Sprintf("%s（%s）：%s", rule, tr.T("check.status."+string(f.Status)), f.Explanation)
	}
	return strings.Join(parts, "；")
}

// visitLogFilter reads the visit log's filters: from and to (YYYY-MM-DD).
func visitLogFilter(r *http.Request, region string) visit.LogFilter {
	q := r.URL.Query()
	return visit.LogFilter{Region: region, From: q.Get("from"), To: q.Get("to")}
}

// openVisitLog is the visit log (走访记录): the recorded home visits.
func (s *Server) openVisitLog(r *http.Request, tr translator) (listRun, error) {
	scope := s.scope(r)
	code, err := s.listRegionParam(r.Context(), r, scope)
	if err != nil {
		return listRun{}, err
	}
	f := visitLogFilter(r, code)
	run := listRun{region: code}
	run.note(tr.T("visitlog.from"), f.From)
	run.note(tr.T("visitlog.to"), f.To)
	c := tr.col
	run.cols = append(append([]export.Column{c("visitlog.date", export.Date), c("col.code", export.Text),
		c("lists.col.head_name", export.Text)}, placeCols(tr)...), c("visitlog.visitor", export.Text),
		export.Column{Header: tr.T("visitlog.problems"), Width: 30}, export.Column{Header: tr.T("visitlog.findings"), Width: 50},
		c("visitlog.photos", export.Integer), c("visitlog.case", export.Integer))
	one := f
	one.PerPage = 1
	placedRows(s, &run, scope, f, one, visit.Log, visit.ForEachLog, func(e visit.LogEntry) string { return e.Region },
		func(e visit.LogEntry, p [3]string) []any {
			return []any{dayCell(e.Date), e.HouseholdCode, e.HeadName, p[0], p[1], p[2], e.Visitor, joinText(e.Problems),
				e.Findings, e.PhotoCount, blankZero(e.CaseID)}
		})
	return run, nil
}
