package web

import (
	"net/http"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// reveal decrypts one member's ID and phone number for a user allowed to see
// them, and records the view in the audit log before anything is shown.
func (s *Server) reveal(w http.ResponseWriter, r *http.Request) (*registry.Revealed, bool) {
	var rv *registry.Revealed
	ok := s.revealAudited(w, r, func(scope store.Scope) (audit.Event, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return audit.Event{}, err
		}
		code := r.PathValue("code")
		if rv, err = registry.RevealPerson(r.Context(), s.cfg.DB.Reader(), s.cfg.Keys, scope, code, id); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "person.view_full", Entity: "person", EntityID: strconv.FormatInt(id, 10),
			Region: rv.RegionCode, Detail: map[string]string{"household": code, "fields": "id_number,phone"}}, nil
	})
	return rv, ok
}

// revealAudited is the one path to full personal numbers: the role must
// have reveal_pii, read decrypts within the caller's scope and names the
// audit entry, which is written before anything is shown.
func (s *Server) revealAudited(w http.ResponseWriter, r *http.Request, read func(store.Scope) (audit.Event, error)) bool {
	if !s.allow(w, r, auth.PermRevealPII) {
		return false
	}
	e, err := read(s.scope(r))
	if err == nil {
		err = s.cfg.Audit.Append(r.Context(), e) // no audit entry, no full number
	}
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

// fail answers with the error as a page or as JSON, by path.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r.URL.Path) {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

// handleReveal serves POST /households/{code}/members/{id}/reveal: the
// household page with that member's full numbers shown once.
func (s *Server) handleReveal(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.reveal(w, r)
	if !ok {
		return
	}
	v := &householdPage{layout: s.newLayout(w, r, "household.title", "households"), Revealed: rv}
	s.renderPage(w, r, s.fillHousehold(r.Context(), s.scope(r), rv.Household, v), "household", v)
}

// apiReveal serves POST /api/v1/households/{code}/members/{id}/reveal.
func (s *Server) apiReveal(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.reveal(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"person_id": rv.PersonID, "household": rv.Household,
		"id_number": rv.IDNumber, "phone": rv.Phone})
}
