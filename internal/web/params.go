package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// today is the current date in China.
func (s *Server) today() time.Time {
	t := s.now().In(civil.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, civil.Zone)
}

// asOfParam reads as_of (YYYY-MM-DD), defaulting to today.
func (s *Server) asOfParam(r *http.Request) (time.Time, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return s.today(), nil
	}
	d, err := civil.ParseISO(v)
	if err != nil {
		return time.Time{}, badRequest("as_of", fault.T("日期格式应为YYYY-MM-DD，例如2026-11-28", "a date must be written YYYY-MM-DD, for example 2026-11-28"))
	}
	return d.Time(), nil
}

// regionParam reads region, defaulting to the default region of the scope.
// nation is accepted only when allowNation is set; a malformed code is
// store.ErrBadRegion, as the domain lists answer it.
func (s *Server) regionParam(ctx context.Context, r *http.Request, scope store.Scope, allowNation bool) (string, error) {
	v := r.URL.Query().Get("region")
	if v == "" {
		return s.defaultRegion(ctx, scope)
	}
	if v == nation && allowNation && scope.Prefix() == "" {
		return nation, nil
	}
	if !regcode.Valid(v) {
		return "", store.ErrBadRegion
	}
	return v, nil
}

// intParam reads a positive integer parameter, or def when absent.
func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, badRequest(name, fault.T("应为正整数", "must be a positive whole number"))
	}
	return n, nil
}

// link builds a local URL with the non-empty parameters given as name, value
// pairs.
func link(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
