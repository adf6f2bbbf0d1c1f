package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
)

// loginCookie carries the login form's CSRF token before any session exists
// (double submit: the form field must equal the cookie).
const loginCookie = "fangpin_login"

type loginPage struct {
	layout
	Next, Username, Error, Token string
}

// handleLoginForm serves GET /login.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, username, msg string) {
	tok := randomToken()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", MaxAge: 3600,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteStrictMode})
	v := &loginPage{layout: s.newLayout(w, r, "login.title", ""), Next: safeNext(r.FormValue("next")),
		Username: username, Error: msg, Token: tok}
	s.render(w, r, status, "login", v)
}

// handleLogin serves POST /login: checks the form token, authenticates,
// starts a session and sends the user on.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.renderLogin(w, r, http.StatusForbidden, "", translator{pickLang(w, r)}.T("login.expired"))
		return
	}
	username := strings.TrimSpace(r.PostFormValue("username"))
	sess, err := s.login(r, username, r.PostFormValue("password"))
	if err != nil {
		p := loginProblem(err, pickLang(w, r))
		s.renderLogin(w, r, p.Status, username, p.Message)
		return
	}
	setSessionCookie(w, r, sess.Token, sess.ExpiresAt)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// login authenticates and starts a session, auditing success and failure.
func (s *Server) login(r *http.Request, username, password string) (auth.Session, error) {
	ctx := r.Context()
	u, err := s.cfg.Auth.Authenticate(ctx, username, password, clientIP(r))
	if err != nil {
		name := auth.NormalizeUsername(username)
		if len(name) > 64 { // whatever was typed: keep the audit row small
			name = strings.ToValidUTF8(name[:64], "")
		}
		s.audit(audit.WithActor(ctx, audit.Actor{Username: name, IP: clientIP(r)}),
			audit.Event{Action: "login_failed", Entity: "user", EntityID: name})
		return auth.Session{}, err
	}
	sess, err := s.cfg.Auth.StartSession(ctx, u, clientIP(r), r.UserAgent())
	if err != nil {
		return auth.Session{}, err
	}
	s.audit(audit.WithActor(ctx, u.Actor(clientIP(r))), audit.Event{Action: "login", Entity: "user", EntityID: u.Username, Region: u.Region})
	return sess, nil
}

// audit appends an entry by the actor of ctx; a failure is logged, not
// shown to the user.
func (s *Server) audit(ctx context.Context, e audit.Event) {
	if err := s.cfg.Audit.Append(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "audit append", "action", e.Action, "err", err)
	}
}

// loginProblem is a failed login as the user sees it: auth's one answer for
// an unknown user, a wrong password and a disabled account (401), the
// throttle's wait (429), or a failure of the login itself in its own words.
func loginProblem(err error, lang string) problem {
	p := problemOf(err, lang)
	if p.Status >= 500 {
		p.Message = tr(lang, "登录暂时无法完成，请稍后再试", "Login cannot be completed right now; please try again later")
	}
	return p
}

// safeNext keeps a post-login destination on this site: a path with one
// leading slash and no control character, white space or backslash, which
// browsers drop or read as a slash ("/\t/evil.example" is "//evil.example").
func safeNext(next string) string {
	bad := func(r rune) bool {
		return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError
	}
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.IndexFunc(next, bad) >= 0 {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// handleLogout serves POST /logout.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.cfg.Auth.EndSession(r.Context(), c.Value)
	}
	if id, ok := who(r); ok {
		s.audit(r.Context(), audit.Event{Action: "logout", Entity: "user", EntityID: id.user.Username})
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// apiLogin serves POST /api/v1/login: {"username","password"} →
// {"token","expires_at"}; the token is a session token used as a bearer.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct{ Username, Password string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Username == "" || in.Password == "" {
		s.apiError(w, r, badRequest("body", fault.T("需要 JSON：{\"username\",\"password\"}", "a JSON body {\"username\",\"password\"} is required")))
		return
	}
	sess, err := s.login(r, in.Username, in.Password)
	if err != nil {
		s.apiProblem(w, r, loginProblem(err, pickLang(w, r)), err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": sess.Token, "expires_at": sess.ExpiresAt.UTC().Format(time.RFC3339)})
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
