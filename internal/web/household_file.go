package web

import (
	"bufio"
	"net/http"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/registry"
)

// householdFilePage is the one-household file (一户一档): the household page's
// records in full, without forms or menu, to print.
type householdFilePage struct {
	householdPage
	Steps     map[int64][]casework.Event // every step of each case
	Full      map[int64]*registry.Revealed
	PrintedAt string
	CanFull   bool // the user may ask for complete numbers
}

// handleHouseholdFile serves GET /households/{code}/file (numbers masked)
// and POST with full=1 (reveal_pii: every member's complete ID and phone
// number, audited as one view before it is shown).
func (s *Server) handleHouseholdFile(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &householdFilePage{householdPage: householdPage{layout: s.newLayout(w, r, "file.title", "households")},
		Steps: map[int64][]casework.Event{}, PrintedAt: s.now().In(civil.Zone).Format("2006-01-02 15:04")}
	v.CanFull = currentUser(r).Can(auth.PermRevealPII)
	full := r.Method == http.MethodPost && r.PostFormValue("full") == "1"
	if full && !v.CanFull {
		s.pageError(w, r, errForbidden)
		return
	}
	err := s.fillHousehold(ctx, scope, r.PathValue("code"), &v.householdPage)
	for i := 0; err == nil && i < len(v.Cases); i++ {
		v.Steps[v.Cases[i].ID], err = casework.Events(ctx, s.cfg.DB.Reader(), scope, v.Cases[i].ID)
	}
	if err == nil && full {
		err = s.revealMembers(r, v)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.CanEdit = false // a file shows records, never forms
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	bw := bufio.NewWriterSize(w, 32<<10)
	defer bw.Flush()
	t, err := s.pages.page(v.Lang, "household_file")
	if err == nil {
		err = t.ExecuteTemplate(bw, "household-file", v)
	}
	if err != nil {
		s.log.ErrorContext(ctx, "household file", "err", err)
	}
}

// revealMembers decrypts every member's numbers, after one audit entry
// for the whole file (no entry, no number).
func (s *Server) revealMembers(r *http.Request, v *householdFilePage) error {
	e := audit.Event{Action: "household.view_full", Entity: "household", EntityID: v.H.Code, Region: v.H.RegionCode,
		Detail: map[string]any{"view": "file", "members": len(v.Members), "fields": "id_number,phone"}}
	if err := s.cfg.Audit.Append(r.Context(), e); err != nil {
		return err
	}
	v.Full = map[int64]*registry.Revealed{}
	for _, m := range v.Members {
		rv, err := registry.RevealPerson(r.Context(), s.cfg.DB.Reader(), s.cfg.Keys, s.scope(r), v.H.Code, m.ID)
		if err != nil {
			return err
		}
		v.Full[m.ID] = rv
	}
	return nil
}
