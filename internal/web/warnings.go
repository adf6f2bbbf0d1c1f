package web

import (
	"context"
	"net/http"
	"strconv"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// warningsPerPage is the page size of the warning list.
const warningsPerPage = 20

// warningsPage is 预警: counts per rule, the filters and one page of the
// scope's warnings, newest first.
type warningsPage struct {
	layout
	F         screening.Filter
	Cards     []ruleCard
	Items     []warningRow
	Total     int
	Pager     pager
	Rules     []screening.Rule
	Statuses  []screening.Status
	CanScreen bool
	CanRules  bool
	Tools     listTools
}

// ruleCard is one rule's figure above the list.
type ruleCard struct {
	Rule        screening.Rule
	Total, Open int
	URL         string
}

// warningRow is a warning in the list, with its village and key figure.
type warningRow struct {
	screening.Warning
	Village string
	Head    string // the household's head
	Key     string
}

// handleWarnings serves GET /warnings?region=&rule=&status=&page=.
func (s *Server) handleWarnings(w http.ResponseWriter, r *http.Request) {
	f, err := warningFilter(r, warningsPerPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id, _ := who(r)
	v := &warningsPage{layout: s.newLayout(w, r, "warnings.title", "warnings"), F: f, Rules: screening.AllRules,
		Statuses: screening.Statuses, CanScreen: canScreen(id.user), CanRules: canSetRules(id.user),
		Tools: s.tools(r, warningsList)}
	s.renderPage(w, r, s.fillWarnings(r.Context(), s.scope(r), v), "warnings", v)
}

func (s *Server) fillWarnings(ctx context.Context, scope store.Scope, v *warningsPage) error {
	q, tr := s.cfg.DB.Reader(), translator{v.Lang}
	list, total, err := screening.List(ctx, q, scope, v.F)
	if err != nil {
		return err
	}
	counts, err := screening.Counts(ctx, q, scope, screening.Filter{Region: v.F.Region})
	if err != nil {
		return err
	}
	for _, rule := range screening.AllRules {
		c := ruleCard{Rule: rule, Open: counts[rule][screening.StatusOpen],
			URL: link("/warnings", "region", v.F.Region, "rule", string(rule))}
		for _, n := range counts[rule] {
			c.Total += n
		}
		v.Cards = append(v.Cards, c)
	}
	codes := make([]string, len(list))
	for i, x := range list {
		codes[i] = x.Region
	}
	names, err := s.regionNames(ctx, codes)
	if err != nil {
		return err
	}
	hh := make([]string, len(list))
	for i, x := range list {
		hh[i] = x.HouseholdCode
	}
	heads, err := registry.HeadNames(ctx, q, scope, hh)
	if err != nil {
		return err
	}
	for _, x := range list {
		v.Items = append(v.Items, warningRow{Warning: x, Village: names[x.Region], Head: heads[x.HouseholdCode], Key: keyFigure(tr, x)})
	}
	v.Total = total
	if err := s.warningCrumbs(ctx, scope, &v.layout, v.F.Region, v.F); err != nil {
		return err
	}
	v.setPaging()
	return nil
}

// warningCrumbs fills the breadcrumb of a region ("" for the scope's own);
// each step shows that region's warnings under the filter's rule and status.
func (s *Server) warningCrumbs(ctx context.Context, scope store.Scope, l *layout, code string, f screening.Filter) error {
	if code == "" {
		code = scopeRegion(scope)
	}
	chain, err := s.chain(ctx, code)
	if err != nil {
		return err
	}
	s.setRegion(l, scope, chain, func(c string) string {
		if c == nation {
			c = ""
		}
		return link("/warnings", "region", c, "rule", string(f.Rule), "status", string(f.Status))
	})
	return nil
}

func (v *warningsPage) setPaging() {
	f := v.F
	v.Pager = newPager(store.Page{Page: f.Page, PerPage: f.PerPage}, v.Total, func(n int) string {
		return link("/warnings", "region", f.Region, "rule", string(f.Rule), "status", string(f.Status), "page", strconv.Itoa(n))
	})
}

// warningFilter reads region, rule, status, page and per_page, shared by
// the page and the API.
func warningFilter(r *http.Request, perPage int) (screening.Filter, error) {
	q := r.URL.Query()
	f := screening.Filter{Region: q.Get("region"), Rule: screening.Rule(q.Get("rule")), Status: screening.Status(q.Get("status"))}
	if f.Rule != "" && !f.Rule.Valid() {
		return f, unprocessable("rule", fault.T("未知的预警规则", "unknown warning rule"))
	}
	if f.Status != "" && !f.Status.Valid() {
		return f, unprocessable("status", fault.T("未知的预警状态", "unknown warning status"))
	}
	p, err := pageParams(r, perPage)
	f.Page, f.PerPage = p.Page, p.PerPage
	return f, err
}

// canScreen reports whether a user may run the screen over their region.
// It is a county's or the city's task (docs/warnings.md: the county runs
// department cross-checks; the city supervises): a screen creates warnings for every
// village of the region at once, while township and village cadres work
// the warnings it routes to them. No permission of package auth draws that
// line (edit_registry includes villages), so the roles are named here.
func canScreen(u auth.User) bool {
	switch u.Role {
	case auth.RoleAdmin, auth.RoleCity, auth.RoleCounty:
		return true
	}
	return false
}

// canSetRules reports whether a user may set warning thresholds for their
// region: administrators and counties (docs/warnings.md: a county sets the
// thresholds of its region).
func canSetRules(u auth.User) bool {
	return u.Role == auth.RoleAdmin || u.Role == auth.RoleCounty
}

// needRole wraps a handler that only some roles may use.
func (s *Server) needRole(may func(auth.User) bool, h http.HandlerFunc) http.HandlerFunc {
	return s.guard("role", may, h)
}
