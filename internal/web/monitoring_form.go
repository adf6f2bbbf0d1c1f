package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/store"
)

// parseYuan reads an amount typed in 元 into fen (money.ParseYuan), on
// field. Empty is 0.
func parseYuan(field, s string) (int64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	fen, err := money.ParseYuan(s)
	return fen, fault.OnField(err, field)
}

// formState is a form sent back with a problem: which form (forms on one
// page have names), what was typed, and the Chinese message.
type formState struct {
	Name    string
	Values  url.Values
	Problem string
	Field   string
}

// settingsForm is the form of a settings page (/admin/…): what a refused
// post sent back, or that the last post was saved (?saved=1).
type settingsForm struct {
	Form  formState
	Saved bool
}

// settingsFormOf is the settings form of a page rendered after form (the
// zero formState when first opened).
func settingsFormOf(r *http.Request, form formState) settingsForm {
	return settingsForm{Form: form, Saved: r.URL.Query().Get("saved") == "1"}
}

// settingsRender renders a settings page with status and its form.
type settingsRender func(w http.ResponseWriter, r *http.Request, status int, form formState)

// blankForm serves GET of a settings page: nothing sent back yet.
func blankForm(render settingsRender) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { render(w, r, http.StatusOK, formState{}) }
}

// settingsSaved ends the post of the settings form name: saved (err nil),
// back to the page with ?saved=1; refused, the page again with the problem
// by its field (formError).
func (s *Server) settingsSaved(w http.ResponseWriter, r *http.Request, err error, name string, render settingsRender) {
	if err == nil {
		http.Redirect(w, r, r.URL.Path+"?saved=1", http.StatusSeeOther)
		return
	}
	s.formError(w, r, err, name, func(status int, f formState) { render(w, r, status, f) })
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
	return s.guard("settings", mayConfigure, h)
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
