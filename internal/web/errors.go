package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// httpError is an input error whose status is HTTP's own business rather
// than a domain's: a parameter that does not parse (400), a body too large
// (413). It wraps the fault.Error that carries the field's reason.
type httpError struct {
	status int
	code   string
	msg    fault.Text
	f      *fault.Error
}

func (e httpError) Error() string { return e.f.Error() }
func (e httpError) Unwrap() error { return e.f }

// badRequest reports a parameter that does not parse.
func badRequest(field string, reason fault.Text) error {
	return httpError{http.StatusBadRequest, "bad_request", fault.T("请求参数有误", "Bad request parameter"),
		fault.InvalidField(field, reason)}
}

// tooLargeField reports an upload over its size bound.
func tooLargeField(field string, reason fault.Text) error {
	return httpError{http.StatusRequestEntityTooLarge, "too_large", fault.T("上传的文件过大", "The file is too large"),
		fault.InvalidField(field, reason)}
}

// unprocessable reports a parameter that parses but is not allowed.
func unprocessable(field string, reason fault.Text) error {
	return fault.InvalidField(field, reason)
}

// errNotFound is returned by handlers for what does not exist (or lies
// outside the scope: the two look the same).
var errNotFound = store.ErrNotFound

// problem is an error as the user sees it: status, error code, the message
// and the per-field reasons in the page's language.
type problem struct {
	Status  int
	Code    string // the API's error code
	Message string
	Fields  map[string]string
	// RetryAfter is set for 429, in seconds.
	RetryAfter int
	// class names the error page's title: error.CLASS in the catalogue (the
	// kind's code, which Code may refine).
	class string
}

// statusOfKind is the one mapping from an error kind to an HTTP status.
var statusOfKind = map[fault.Kind]int{
	fault.Invalid:         http.StatusUnprocessableEntity,
	fault.NotFound:        http.StatusNotFound,
	fault.Conflict:        http.StatusConflict,
	fault.Forbidden:       http.StatusForbidden,
	fault.RateLimited:     http.StatusTooManyRequests,
	fault.Unauthenticated: http.StatusUnauthorized,
}

// problemOf is the one mapping from errors to what the user sees, in lang.
// Domain packages return *fault.Error; a new package needs no change here.
func problemOf(err error, lang string) problem {
	if lang != fault.EN {
		lang = fault.ZH
	}
	var he httpError
	switch {
	case errors.As(err, &he):
		return problem{Status: he.status, Code: he.code, Message: he.msg.In(lang), Fields: he.f.FieldMessages(lang), class: he.code}
	case errors.Is(err, store.ErrNoScope):
		return internalProblem(tr(lang, "服务器内部错误（缺少管辖范围）", "Internal error (no region scope)"))
	}
	if f, ok := fault.As(err); ok && f.Kind != fault.Internal {
		p := problem{Status: statusOfKind[f.Kind], Code: f.APICode(), Message: f.Message(lang), Fields: f.FieldMessages(lang),
			class: f.Kind.Code()}
		if f.Kind == fault.Invalid && !f.Msg.IsZero() && len(f.Fields) == 0 {
			p.Fields = nil
		}
		if f.Kind == fault.RateLimited {
			p.RetryAfter = int((f.RetryAfter + time.Second - 1) / time.Second)
		}
		return p
	}
	return internalProblem(tr(lang, "服务器内部错误，请稍后再试", "Internal server error; please try again later"))
}

func internalProblem(msg string) problem {
	return problem{Status: http.StatusInternalServerError, Code: "internal", Message: msg, class: "internal"}
}

// formProblem is err as a page shows it beside a form, in lang: the
// status, the field to mark ("" for the form as a whole) and the message
// (the field's reason, else the whole message). ok is false for what the
// user cannot fix by editing the form (not found, not logged in, server
// errors): those get the error page.
func formProblem(err error, lang string) (p problem, field, msg string, ok bool) {
	p = problemOf(err, lang)
	if p.Status == http.StatusNotFound || p.Status == http.StatusUnauthorized || p.Status >= 500 {
		return p, "", "", false
	}
	if f, isFault := fault.As(err); isFault {
		if name, reason, has := f.Field(""); has {
			return p, name, reason.In(lang), true
		}
	}
	return p, "", p.Message, true
}

// formError answers a form the domain refused: again renders the form's
// page with the problem's status and the form as typed (named name, with the
// message and the field it concerns), or, for an error that is not the
// form's (formProblem), the error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, name string, again func(status int, form formState)) {
	p, field, msg, ok := formProblem(err, pickLang(w, r))
	if !ok {
		s.pageError(w, r, err)
		return
	}
	again(p.Status, formState{Name: name, Values: r.PostForm, Problem: msg, Field: field})
}

func tr(lang, zh, en string) string { return fault.T(zh, en).In(lang) }

// errorBody is the JSON error envelope of docs/api.md.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// apiError answers an API request with the JSON error for err.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	s.apiProblem(w, r, problemOf(err, pickLang(w, r)), err)
}

// apiProblem writes p, the problem of err, as the JSON error.
func (s *Server) apiProblem(w http.ResponseWriter, r *http.Request, p problem, err error) {
	s.logServerError(r, p, err)
	setRetryAfter(w, p)
	var b errorBody
	b.Error.Code, b.Error.Message, b.Error.Fields = p.Code, p.Message, p.Fields
	if b.Error.Fields == nil {
		b.Error.Fields = map[string]string{}
	}
	writeJSON(w, p.Status, b)
}

// setRetryAfter tells the client of a 429 when to try again.
func setRetryAfter(w http.ResponseWriter, p problem) {
	if p.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(p.RetryAfter))
	}
}

// logServerError logs failures that are not the client's fault.
func (s *Server) logServerError(r *http.Request, p problem, err error) {
	if p.Status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "route", routeOf(r), "err", err)
	}
}

// writeJSON writes v as the JSON reply.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiNotFound answers unknown API paths.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.apiError(w, r, errNotFound)
}
