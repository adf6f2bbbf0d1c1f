package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// maxBody bounds request bodies; maxReportBody is the public report form's
// bound, with its photos.
const (
	maxBody       = 1 << 20
	maxReportBody = 3*8<<20 + 1<<20
)

const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"

// middleware wraps the routes: headers and body limit first, then recovery
// inside logging and metrics, so a panic is logged and counted as a 500.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store") // pages hold personal data; static files override this
		limit := int64(maxBody)
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/r/") {
			limit = maxReportBody // the report form carries photos
		}
		if n, ok := s.feedBodyLimit(r); ok {
			limit = n // a department file
		}
		if r.Method == http.MethodPost && visitFormPath(r.URL.Path) {
			limit = maxVisitBody // so does the visit form
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		rec := &recorder{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), patternKey, &rec.pattern))
		defer func() { s.observe(r, rec, time.Since(start)) }()
		defer s.recoverPanic(rec, r)
		next.ServeHTTP(rec, r)
	})
}

// observe logs a finished request and counts it. It logs the route pattern,
// never the path or query, which may hold names or ID numbers.
func (s *Server) observe(r *http.Request, rec *recorder, d time.Duration) {
	route := rec.pattern
	if route == "" {
		route = routeOf(r)
	}
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	s.metrics.observe(route, status, d)
	s.log.InfoContext(r.Context(), "request", "method", r.Method, "route", route, "status", status,
		"duration_ms", float64(d.Microseconds())/1000, "bytes", rec.bytes)
}

type patternCtxKey struct{}

var patternKey patternCtxKey

// recordPattern tells the outer middleware which route pattern the mux
// matched: the inner layers serve a copy of the request (with the user in
// its context), so the outer one cannot read r.Pattern itself.
func recordPattern(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p, ok := r.Context().Value(patternKey).(*string); ok {
				*p = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// routeOf is the matched route pattern ("unmatched" for none).
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}

// recoverPanic turns a panic into a 500 page (or JSON error for the API).
func (s *Server) recoverPanic(w *recorder, r *http.Request) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	s.log.ErrorContext(r.Context(), "panic", "route", routeOf(r), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	if w.status != 0 {
		return // too late for an error page; the client sees a cut reply
	}
	err := fmt.Errorf("panic: %v", p)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

// recorder remembers the status and size of a reply.
type recorder struct {
	http.ResponseWriter
	status  int
	bytes   int
	pattern string // the matched route, set by recordPattern
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
