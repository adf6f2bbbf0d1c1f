package web

import (
	"net/http"

	"fangpin/internal/stats"
)

// apiOverview serves GET /api/v1/stats/overview?region=CODE&as_of=YYYY-MM-DD
// (docs/figures.md); region defaults to the default region, as_of to today.
func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	code, asOf, err := s.regionAsOf(r, scope, false)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	o, err := stats.Compute(ctx, s.cfg.DB, scope, code, asOf)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}
