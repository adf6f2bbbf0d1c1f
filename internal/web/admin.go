package web

import (
	"net/http"

	"fangpin/internal/auth"
)

// adminPage is 系统管理: every administration page the user may open.
type adminPage struct {
	layout
	Links []menuItem
}

// handleAdmin serves GET /admin; a user who may open none of its pages
// gets 403.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	links := s.allowedAdmin(r)
	if len(links) == 0 {
		s.forbidden(w, r, "admin")
		return
	}
	v := &adminPage{layout: s.newLayout(w, r, "menu.admin", "admin")}
	for _, e := range links {
		u := e.path
		if e.region {
			u = link(e.path, "region", v.Region)
		}
		v.Links = append(v.Links, menuItem{Key: e.key, URL: u})
	}
	s.render(w, r, http.StatusOK, "admin", v)
}

// signedIn is the guard of pages every signed-in user may open (they check
// more themselves).
func signedIn(auth.User) bool { return true }
