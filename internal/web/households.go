package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"fangpin/internal/idcard"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// pagePerPage is the page size of the household list page.
const pagePerPage = 20

// householdsPage is the data of the household list (农户档案).
type householdsPage struct {
	layout
	F          registry.Filter
	Q          string // the search as typed, unless it is an ID number
	QMasked    string // the masked ID number searched for
	ByID       bool   // searched by an ID number's keyed index
	Items      []registry.ListItem
	Total      int
	Pager      pager
	Children   []crumb
	Types      []string
	Categories []string
	Monitored  []string
	Tools      listTools
}

// handleHouseholdSearch serves POST /households, the search form: it turns
// the form into a list URL, replacing an ID number by its keyed index so the
// number never appears in a URL, browser history or a log (post, redirect,
// get). The search box posts as people type (htmx, HX-Request): that answer
// is the list itself, with no redirect, so a half-typed number never
// reaches a URL either.
func (s *Server) handleHouseholdSearch(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	for _, k := range []string{"region", "type", "monitored", "category"} {
		if x := strings.TrimSpace(r.PostFormValue(k)); x != "" {
			v.Set(k, x)
		}
	}
	if q := strings.TrimSpace(r.PostFormValue("q")); q != "" {
		if _, err := idcard.Parse(q, s.now()); err == nil && s.cfg.Keys != nil {
			v.Set("qk", s.cfg.Keys.Index(idcard.Normalize(q)))
		} else {
			v.Set("q", q)
		}
	}
	if r.Header.Get("HX-Request") == "true" {
		list := r.Clone(r.Context())
		list.Method, list.URL.RawQuery = http.MethodGet, v.Encode()
		s.handleHouseholds(w, list)
		return
	}
	http.Redirect(w, r, "/households?"+v.Encode(), http.StatusSeeOther)
}

// handleHouseholds serves GET /households with the filters of parseFilter.
func (s *Server) handleHouseholds(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	f, err := parseFilter(r, pagePerPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f.PerPage = pagePerPage
	v := &householdsPage{layout: s.newLayout(w, r, "households.title", "households"), F: f, Q: f.Q,
		Types: []string{registry.TypeFormerlyPoor, registry.TypeOrdinary}, Categories: registry.Categories,
		Monitored: monitoredStates, Tools: s.tools(r, householdsList)}
	s.renderPage(w, r, s.fillHouseholds(ctx, scope, v), "households", v)
}

func (s *Server) fillHouseholds(ctx context.Context, scope store.Scope, v *householdsPage) error {
	code := v.F.Region
	if code == "" {
		code = scopeRegion(scope)
	}
	chain, err := s.chain(ctx, code)
	if err != nil {
		return err
	}
	href := func(c string) string {
		if c == nation {
			c = ""
		}
		return link("/households", "region", c)
	}
	s.setRegion(&v.layout, scope, chain, href)
	if err := s.listChildren(ctx, scope, code, href, v); err != nil {
		return err
	}
	if _, err := idcard.Parse(v.F.Q, s.now()); err == nil {
		v.Q, v.QMasked = "", idcard.Mask(idcard.Normalize(v.F.Q))
	}
	v.ByID = v.F.QIndex != ""
	v.Items, v.Total, err = registry.FindHouseholds(ctx, s.cfg.DB.Reader(), s.cfg.Keys, scope, v.F)
	if err != nil {
		return err
	}
	v.setPaging()
	return nil
}

// listChildren offers the sub-regions as drill-down links, when few.
func (s *Server) listChildren(ctx context.Context, scope store.Scope, code string, href func(string) string, v *householdsPage) error {
	kids, err := s.children(ctx, scope, code)
	if err != nil || len(kids) > maxChildFigures {
		return err
	}
	for _, k := range kids {
		v.Children = append(v.Children, crumb{Name: k.Name, URL: href(k.Code), Level: k.Level})
	}
	return nil
}

func (v *householdsPage) setPaging() {
	f := v.F
	if v.QMasked != "" {
		f.Q = "" // an ID number finds one household at most: no paging, and no full number in links
	}
	v.Pager = newPager(store.Page{Page: f.Page, PerPage: f.PerPage}, v.Total, func(n int) string {
		return link("/households", "region", f.Region, "type", f.Type, "q", f.Q, "qk", f.QIndex, "monitored", f.Monitored,
			"category", f.Category, "page", strconv.Itoa(n))
	})
}
