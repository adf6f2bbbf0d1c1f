package web

import (
	"context"
	"net/http"
	"strconv"

	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// visitPerPage is the page size of the must-visit list.
const visitPerPage = 30

// visitsPage is the must-visit list (六必访) of a region: who to visit, why,
// and when they were last visited.
type visitsPage struct {
	layout
	F           visit.Filter
	Items       []visit.Entry
	Total       int
	Pager       pager
	Groups      []visit.Group
	Children    []crumb
	Names       map[string]string
	CanSettings bool
	Tools       listTools
}

// handleVisits serves GET /visits?region=&group=&due=1&page=.
func (s *Server) handleVisits(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &visitsPage{layout: s.newLayout(w, r, "visits.title", "monitoring"), CanSettings: mayConfigure(currentUser(r)),
		Tools: s.tools(r, mustVisitList)}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/visits")
	if err == nil {
		err = s.fillVisitList(ctx, r, scope, code, v)
	}
	s.renderPage(w, r, err, "visits", v)
}

func (s *Server) fillVisitList(ctx context.Context, r *http.Request, scope store.Scope, code string, v *visitsPage) error {
	q := r.URL.Query()
	v.F = mustVisitFilter(r, code)
	v.F.PerPage = visitPerPage
	var err error
	if v.F.Page, err = intParam(r, "page", 1); err != nil {
		return err
	}
	if v.Items, v.Total, err = s.visits.MustVisit(ctx, scope, v.F, s.now()); err != nil {
		return err
	}
	groupRegion := code
	if groupRegion == "" {
		groupRegion = scopeRegion(scope)
	}
	if v.Groups, err = visit.Groups(ctx, s.cfg.DB.Reader(), groupRegion); err != nil {
		return err
	}
	v.Pager = newPager(store.Page{Page: v.F.Page, PerPage: v.F.PerPage}, v.Total, func(n int) string {
		due := ""
		if v.F.DueOnly {
			due = "1"
		}
		return link("/visits", "region", code, "group", v.F.Group, "due", due, "page", strconv.Itoa(n))
	})
	if v.Children, err = s.regionLinks(ctx, scope, code, "/visits", "group", v.F.Group, "due", q.Get("due")); err != nil {
		return err
	}
	v.Names, err = s.regionNames(ctx, entryRegions(v.Items))
	return err
}

func entryRegions(es []visit.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Region
	}
	return out
}

// listRegion reads the region of a list page (the scope's default when
// none), refusing one outside the scope, and sets the breadcrumb with links
// to path. It returns "" for the whole scope.
func (s *Server) listRegion(ctx context.Context, r *http.Request, scope store.Scope, l *layout, path string) (string, error) {
	code, err := s.listRegionParam(ctx, r, scope)
	if err != nil || code == "" {
		return "", err
	}
	chain, err := s.chain(ctx, code)
	if err != nil {
		return "", err
	}
	s.setRegion(l, scope, chain, func(c string) string { return link(path, "region", c) })
	return code, nil
}

// listRegionParam reads the region of a list (the scope's default when
// none), refusing one outside the scope; "" is the whole scope.
func (s *Server) listRegionParam(ctx context.Context, r *http.Request, scope store.Scope) (string, error) {
	code, err := s.regionParam(ctx, r, scope, false)
	if err != nil || code == nation {
		return "", err
	}
	if _, err := scope.Narrow(code); err != nil {
		return "", err
	}
	return code, nil
}

// childLinks are the sub-regions of code inside the scope as drill-down
// links, when there are not too many.
// regionLinks are childLinks to path: each region below code as region,
// with the page's other parameters kv (link).
func (s *Server) regionLinks(ctx context.Context, scope store.Scope, code, path string, kv ...string) ([]crumb, error) {
	return s.childLinks(ctx, scope, code, func(c string) string { return link(path, append([]string{"region", c}, kv...)...) })
}

func (s *Server) childLinks(ctx context.Context, scope store.Scope, code string, href func(string) string) ([]crumb, error) {
	if code == "" {
		code = scopeRegion(scope)
	}
	kids, err := s.children(ctx, scope, code)
	if err != nil || len(kids) > maxChildFigures {
		return nil, err
	}
	out := make([]crumb, len(kids))
	for i, k := range kids {
		out[i] = crumb{Name: k.Name, URL: href(k.Code), Level: k.Level}
	}
	return out, nil
}

// handleVisitPhoto serves GET /visits/{id}/photos/{name}: a photo of a
// visit of the scope.
func (s *Server) handleVisitPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil && s.cfg.VisitPhotos == "" {
		err = store.ErrNotFound
	}
	var b []byte
	if err == nil {
		b, err = visit.Photo(r.Context(), s.cfg.DB.Reader(), s.scope(r), s.cfg.VisitPhotos, id, r.PathValue("name"))
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(b))
	w.Write(b)
}
