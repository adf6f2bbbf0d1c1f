package web

import (
	"net/http"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// caseContacts reads who to call about each case (selfreport.Contacts).
func (s *Server) caseContacts(r *http.Request, ids ...int64) (map[int64]selfreport.Contact, error) {
	return selfreport.Contacts(r.Context(), s.cfg.DB.Reader(), s.scope(r), ids)
}

// revealContact decrypts the reporter's ID and phone number of case {id}
// through the audited reveal path.
func (s *Server) revealContact(w http.ResponseWriter, r *http.Request) (selfreport.Contact, bool) {
	var c selfreport.Contact
	ok := s.revealAudited(w, r, func(scope store.Scope) (audit.Event, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return audit.Event{}, err
		}
		if c, err = selfreport.RevealContact(r.Context(), s.cfg.DB.Reader(), s.cfg.Keys, scope, id); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "self_report.view_full", Entity: "case", EntityID: strconv.FormatInt(id, 10),
			Region: c.Region, Detail: map[string]string{"receipt": c.Receipt, "fields": "id_number,phone"}}, nil
	})
	return c, ok
}

// handleCaseContactReveal serves POST /cases/{id}/contact/reveal: the case
// page with the reporter's full numbers shown once.
func (s *Server) handleCaseContactReveal(w http.ResponseWriter, r *http.Request) {
	c, ok := s.revealContact(w, r)
	if !ok {
		return
	}
	s.renderCaseWith(w, r, http.StatusOK, "", &c)
}

// apiCaseContactReveal serves POST /api/v1/cases/{id}/contact/reveal.
func (s *Server) apiCaseContactReveal(w http.ResponseWriter, r *http.Request) {
	c, ok := s.revealContact(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"case_id": c.CaseID, "receipt": c.Receipt, "name": c.Name,
		"id_number": c.IDNumber, "phone": c.Phone, "household_code": c.Household})
}

// contactJSON is a case's contact in the API: masked numbers only.
type contactJSON struct {
	Name        string `json:"name"`
	IDMasked    string `json:"id_masked"`
	PhoneMasked string `json:"phone_masked"`
}
