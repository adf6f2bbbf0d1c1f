package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"fangpin/internal/auth"
	"fangpin/internal/store"
)

const amountHint = "金额应为数字（元），最多两位小数，如 1234.50"

// parseYuan reads an amount typed in 元 into fen, exactly and with integer
// arithmetic only: "1234", "1,234.5", "１２３４．５６", "80元". Empty is 0.
// Commas must group thousands, so "1,5" is refused rather than read as 15.
func parseYuan(field, s string) (int64, error) {
	s = strings.TrimSpace(width.Narrow.String(s))
	s = strings.ReplaceAll(strings.TrimSpace(strings.TrimSuffix(s, "元")), " ", "")
	if s == "" {
		return 0, nil
	}
	if strings.HasPrefix(s, "-") {
		return 0, unprocessable(field, "金额不能为负数")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, unprocessable(field, "金额最多两位小数（精确到分）")
	}
	whole, ok := ungroup(whole)
	if !ok || whole == "" && frac == "" || len(whole) > 10 || !digits(whole) || !digits(frac) {
		return 0, unprocessable(field, amountHint)
	}
	fen := int64(0)
	for _, c := range whole + (frac + "00")[:2] {
		fen = fen*10 + int64(c-'0')
	}
	return fen, nil
}

// ungroup removes thousands separators, checking that they group by three.
func ungroup(s string) (string, bool) {
	parts := strings.Split(s, ",")
	for i, p := range parts[1:] {
		if len(p) != 3 || i == 0 && (len(parts[0]) == 0 || len(parts[0]) > 3) {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

func digits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// formState is a form sent back with a problem: which form (forms on one
// page have names), what was typed, and the Chinese message.
type formState struct {
	Name    string
	Values  url.Values
	Problem string
	Field   string
}

// Failed reports whether the named form is the one sent back.
func (f formState) Failed(name string) bool { return f.Name != "" && f.Name == name }

// Get is what was typed in field when the named form failed, else def.
func (f formState) Get(name, field, def string) string {
	if f.Failed(name) {
		return f.Values.Get(field)
	}
	return def
}

// Checked reports whether value was among field's values when the named
// form failed, else def.
func (f formState) Checked(name, field, value string, def bool) bool {
	if !f.Failed(name) {
		return def
	}
	for _, v := range f.Values[field] {
		if v == value {
			return true
		}
	}
	return false
}

// needEdit guards the forms that change household data.
func (s *Server) needEdit(h http.HandlerFunc) http.HandlerFunc {
	return s.need(auth.PermEditRegistry, h)
}

// needSettings guards the monitoring settings: administrators and county
// bureaus (who word the must-visit groups and checklist for their county).
func (s *Server) needSettings(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mayConfigure(currentUser(r)) {
			h(w, r)
			return
		}
		s.forbidden(w, r, "settings")
	}
}

func mayConfigure(u auth.User) bool {
	return !u.Disabled && (u.Role == auth.RoleAdmin || u.Role == auth.RoleCounty)
}

// currentUser is the request's user (the zero User on public paths).
func currentUser(r *http.Request) auth.User {
	id, _ := who(r)
	return id.user
}

// pathID reads a numeric path value; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 1 {
		return 0, store.ErrNotFound
	}
	return id, nil
}
