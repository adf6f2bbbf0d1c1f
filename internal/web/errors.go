package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"fangpin/internal/store"
)

// inputError is a request the client must fix: bad syntax (400) or values
// that parse but are not allowed (422). Messages are in Chinese.
type inputError struct {
	status  int
	message string
	fields  map[string]string
}

func (e *inputError) Error() string { return e.message }

// badRequest reports a parameter that does not parse.
func badRequest(field, reason string) error {
	return &inputError{status: http.StatusBadRequest, message: "请求参数有误", fields: map[string]string{field: reason}}
}

// unprocessable reports a parameter that parses but is not allowed.
func unprocessable(field, reason string) error {
	return &inputError{status: http.StatusUnprocessableEntity, message: "请求参数无效", fields: map[string]string{field: reason}}
}

// errNotFound is returned by handlers for what does not exist (or lies
// outside the scope: the two look the same).
var errNotFound = store.ErrNotFound

// problem is the one mapping from errors to HTTP: status, error code and the
// Chinese message shown to the user.
type problem struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string
}

func problemOf(err error) problem {
	var in *inputError
	switch {
	case errors.As(err, &in):
		code := "bad_request"
		if in.status == http.StatusUnprocessableEntity {
			code = "invalid"
		}
		return problem{in.status, code, in.message, in.fields}
	case errors.Is(err, errUnauthenticated):
		return problem{http.StatusUnauthorized, "unauthenticated", "请先登录，或令牌已失效", nil}
	case errors.Is(err, errForbidden):
		return problem{http.StatusForbidden, "forbidden", "您的角色无权执行此操作", nil}
	case errors.Is(err, store.ErrNotFound):
		return problem{http.StatusNotFound, "not_found", "未找到，或不在您的管辖范围内", nil}
	case errors.Is(err, store.ErrNoScope):
		return problem{http.StatusInternalServerError, "internal", "服务器内部错误（缺少管辖范围）", nil}
	}
	return problem{http.StatusInternalServerError, "internal", "服务器内部错误，请稍后再试", nil}
}

// errorBody is the JSON error envelope of CONTRACT §2.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// apiError answers an API request with the JSON error for err.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	s.logServerError(r, p, err)
	var b errorBody
	b.Error.Code, b.Error.Message, b.Error.Fields = p.Code, p.Message, p.Fields
	if b.Error.Fields == nil {
		b.Error.Fields = map[string]string{}
	}
	writeJSON(w, p.Status, b)
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
