package web

import (
	"context"
	"net/http"

	"fangpin/internal/auth"
)

// guard wraps a handler that only users for whom may holds can use; the
// others get 403. Every role check of the route table goes through here, so
// that the menu can ask the route table itself what a user may open
// (mayOpen): a probe request is answered by the guard alone.
func (s *Server) guard(what string, may func(auth.User) bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := who(r)
		allowed := ok && may(id.user)
		if p, probing := r.Context().Value(probeKey).(*probe); probing {
			p.guarded, p.allowed = true, allowed
			return
		}
		if allowed {
			h(w, r)
			return
		}
		s.forbidden(w, r, what)
	}
}

type probeCtxKey struct{}

var probeKey probeCtxKey

// probe is what a guard found for a probe request.
type probe struct{ guarded, allowed bool }

// router is the route table's mux, built once.
func (s *Server) router() *http.ServeMux {
	s.muxOnce.Do(func() { s.mux = s.routes() })
	return s.mux
}

// mayOpen reports whether the user of r may open GET path: the route table
// is asked, its guard answers without running the handler. A path without a
// route, or whose route has no guard (public and login pages), is not
// offered in menus.
func (s *Server) mayOpen(r *http.Request, path string) bool {
	p := &probe{}
	ctx, cancel := context.WithCancel(context.WithValue(r.Context(), probeKey, p))
	cancel() // a handler without a guard finds its context done and stops at its first query
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if err != nil {
		return false
	}
	h, pattern := s.router().Handler(req)
	if pattern == "" || pattern == "/" {
		return false
	}
	h.ServeHTTP(discard{}, req)
	return p.guarded && p.allowed
}

// discard is a ResponseWriter that forgets what it is given.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
