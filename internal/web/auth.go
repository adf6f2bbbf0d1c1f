package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// sessionCookie holds the session token of a logged-in browser.
const sessionCookie = "fangpin_session"

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
)

// identity is who made a request and how.
type identity struct {
	user    auth.User
	session *auth.Session // nil for bearer API tokens
}

// public reports whether a path is served without logging in.
func public(path string) bool {
	switch {
	case path == "/login", path == "/healthz", path == "/api/v1/login", path == "/api/v1/self-reports":
		return true
	case strings.HasPrefix(path, "/static/"), strings.HasPrefix(path, "/r/"), strings.HasPrefix(path, "/api/v1/self-reports/"):
		return true
	}
	return false
}

func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// authenticate finds the user of each request (session cookie, or a bearer
// API or session token), refuses anonymous requests to everything but the
// public paths, and checks the CSRF token of state-changing requests made
// with a cookie. It puts the request's audit actor into the context, once
// for every audit entry the request writes: the user at the client's
// address, or on the public paths an anonymous caller at that address
// (the public form is the family's, whoever's browser sends it).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := s.identify(r)
		ctx, actor := r.Context(), audit.Actor{IP: clientIP(r)}
		if err == nil {
			ctx = context.WithValue(ctx, userKey, id)
			if !public(r.URL.Path) {
				actor = id.user.Actor(actor.IP)
			}
		}
		r = r.WithContext(audit.WithActor(ctx, actor))
		switch {
		case public(r.URL.Path):
		case r.URL.Path == "/metrics" && (err == nil && id.user.Can(auth.PermManageUsers) || s.metricsToken(r)):
		case err != nil && isAPI(r.URL.Path):
			s.apiError(w, r, errUnauthenticated)
			return
		case err != nil:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case unsafeMethod(r.Method) && id.session != nil && !validCSRF(r, id.session.CSRF):
			s.forbidden(w, r, "csrf")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// errUnauthenticated is a request without a valid session or token.
var errUnauthenticated = fault.ErrUnauthenticated

func (s *Server) identify(r *http.Request) (identity, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return identity{}, errUnauthenticated
		}
		tok = strings.TrimSpace(tok)
		if strings.HasPrefix(tok, auth.TokenPrefix) {
			u, err := s.cfg.Auth.UserFromToken(ctx, tok)
			return identity{user: u}, err
		}
		u, _, err := s.cfg.Auth.SessionFromToken(ctx, tok)
		return identity{user: u}, err // a session token used as a bearer: no CSRF needed
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return identity{}, errUnauthenticated
	}
	u, sess, err := s.cfg.Auth.SessionFromToken(ctx, c.Value)
	if err != nil {
		return identity{}, err
	}
	return identity{user: u, session: &sess}, nil
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// validCSRF compares the form field csrf or the X-CSRF-Token header with the
// session's token in constant time.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// metricsToken reports whether the request carries the scraper's token
// (Config.MetricsToken) as "Authorization: Bearer TOKEN". The caller's
// address counts for nothing: behind a reverse proxy on the same host
// every request comes from loopback.
func (s *Server) metricsToken(r *http.Request) bool {
	want := s.cfg.MetricsToken
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return want != "" && ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) == 1
}

// who returns the request's identity (ok false on public paths without one).
func who(r *http.Request) (identity, bool) {
	id, ok := r.Context().Value(userKey).(identity)
	return id, ok
}

// clientIP is the peer address (fangpin does not trust forwarding headers
// for this unless a proxy is configured; none is yet).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secure reports whether the request reached us over TLS, directly or
// through a proxy that says so.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// setSessionCookie stores the session token in an HttpOnly, SameSite=Lax
// cookie, Secure behind TLS, expiring with the session's absolute lifetime.
func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
}

// allow checks a permission of the request's user; without it the request
// gets 403.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, p auth.Permission) bool {
	if id, ok := who(r); ok && id.user.Can(p) {
		return true
	}
	s.forbidden(w, r, string(p))
	return false
}

// forbidden answers 403 as a page or a JSON error.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, what string) {
	s.fail(w, r, errForbidden)
}

// errForbidden is a request the user's role may not make.
var errForbidden = fault.ErrForbidden

// userScope is the scope of the logged-in user; the zero scope (which every
// store call refuses) when there is none.
func userScope(r *http.Request) store.Scope {
	if id, ok := who(r); ok {
		return id.user.Scope()
	}
	return store.Scope{}
}
