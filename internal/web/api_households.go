package web

import (
	"net/http"

	"fangpin/internal/registry"
)

// householdList is the reply of GET /api/v1/households.
type householdList struct {
	Items []registry.ListItem `json:"items"`
	Total int                 `json:"total"`
}

// apiHouseholds serves GET /api/v1/households?region=&type=&q=&monitored=&category=&page=&per_page=.
func (s *Server) apiHouseholds(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	f, err := parseFilter(r, 20)
	if err == nil && f.Region != "" {
		if _, err = scope.Narrow(f.Region); err == nil { // a malformed code is 422, as on every list
			_, err = s.findRegion(ctx, scope, f.Region)
		}
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	items, total, err := registry.FindHouseholds(ctx, s.cfg.DB.Reader(), s.cfg.Keys, scope, f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if items == nil {
		items = []registry.ListItem{}
	}
	writeJSON(w, http.StatusOK, householdList{Items: items, Total: total})
}
