package web

import (
	"context"
	"net/http"
	"time"

	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// apiOverview serves GET /api/v1/stats/overview?region=CODE&as_of=YYYY-MM-DD
// (docs/figures.md); region defaults to the default region, as_of to today.
func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request) {
	if o, ok := figuresAt(s, w, r, false, func(ctx context.Context, scope store.Scope, code string, asOf time.Time) (*stats.Overview, error) {
		return stats.Compute(ctx, s.cfg.DB, scope, code, asOf)
	}); ok {
		writeJSON(w, http.StatusOK, o)
	}
}

// figuresAt returns what get finds for the region and as_of of a request of
// figures as of a day, as regionAsOf reads them for a page (the nation too)
// or an API. ok is false when there was a problem, answered as the page's or
// the API's error.
func figuresAt[T any](s *Server, w http.ResponseWriter, r *http.Request, page bool,
	get func(ctx context.Context, scope store.Scope, code string, asOf time.Time) (T, error)) (v T, ok bool) {
	scope := s.scope(r)
	code, asOf, err := s.regionAsOf(r, scope, page)
	if err == nil {
		v, err = get(r.Context(), scope, code, asOf)
	}
	switch {
	case err == nil:
		return v, true
	case page:
		s.pageError(w, r, err)
	default:
		s.apiError(w, r, err)
	}
	return v, false
}
