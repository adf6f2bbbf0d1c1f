package web

import (
	"context"
	"net/http"
	"strings"

	"fangpin/internal/casework"
	"fangpin/internal/registry"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// registerPage is the form 登记为新农户: the family of a self-reported case,
// not yet in the registry, becomes a household of the case's village.
type registerPage struct {
	layout
	C          casework.Case
	Contact    selfreport.Contact
	Village    string
	Types      []string
	Health     []string
	Educations []string
	Form       selfreport.NewHousehold
	Problem    string
}

// handleRegisterForm serves GET /cases/{id}/register.
func (s *Server) handleRegisterForm(w http.ResponseWriter, r *http.Request) {
	s.renderRegister(w, r, http.StatusOK, selfreport.NewHousehold{Type: registry.TypeOrdinary}, "")
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, status int, form selfreport.NewHousehold, problem string) {
	c, _, err := s.findCase(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id := c.ID
	cs, err := s.caseContacts(r, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &registerPage{layout: s.newLayout(w, r, "register.title", "cases"), C: c, Contact: cs[id], Form: form,
		Problem: problem, Types: []string{registry.TypeOrdinary, registry.TypeFormerlyPoor}, Educations: registry.Educations,
		Health: []string{registry.HealthHealthy, registry.HealthChronic, registry.HealthMajor, registry.HealthDisabled}}
	if v.Contact.Receipt == "" || v.Contact.Household != "" {
		s.pageError(w, r, store.ErrNotFound) // nothing to register: no report, or registered already
		return
	}
	names, err := s.regionNames(r.Context(), []string{c.Region})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Village = names[c.Region]
	s.render(w, r, status, "case_register", v)
}

// handleRegister serves POST /cases/{id}/register: the household is created
// through the registry's checks and the case linked to it, then the new
// household's page.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	form := selfreport.NewHousehold{Code: strings.TrimSpace(r.PostFormValue("code")), Type: r.PostFormValue("type"),
		Health: r.PostFormValue("health"), Education: r.PostFormValue("education")}
	user, _ := who(r)
	code, err := inTx(s, r, func(ctx context.Context, tx *store.Tx) (string, error) {
		return s.reports.RegisterHousehold(ctx, tx, s.scope(r), user.user, id, form, s.now())
	})
	if err != nil {
		s.formError(w, r, err, "register", func(status int, f formState) { s.renderRegister(w, r, status, form, f.Problem) })
		return
	}
	http.Redirect(w, r, "/households/"+code, http.StatusSeeOther)
}
