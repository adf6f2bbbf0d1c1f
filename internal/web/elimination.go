package web

import (
	"encoding/json"
	"fmt"
	"net/http"

	"fangpin/internal/casework"
	"fangpin/internal/store"
)

// Risk elimination (风险消除): a cadre proposes it on the household page,
// which opens an elimination case walked on the case pages; a county user
// rolls back an elimination found wrong (风险消除回退). Re-marking
// (重新标注风险) after a correct elimination is an identification case,
// opened with the household page's case form.

// handleEliminationPropose serves POST /households/{code}/elimination.
func (s *Server) handleEliminationPropose(w http.ResponseWriter, r *http.Request) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return
	}
	var c casework.Case
	ctx := r.Context()
	err := s.cfg.DB.Transact(ctx, func(tx *store.Tx) error {
		var err error
		c, _, err = casework.OpenElimination(ctx, tx, s.scope(r), casework.NewElimination{HouseholdID: h.ID,
			Mode: r.PostFormValue("mode"), Description: r.PostFormValue("description"), By: currentUser(r),
			Deadlines: s.cfg.Deadlines}, s.now())
		return err
	})
	if err != nil {
		s.afterForm(w, r, "elimination", "elimination", err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d", c.ID), http.StatusSeeOther)
}

// handleEliminationRollback serves POST /households/{code}/elimination/rollback
// (county, city and admin users; a reason is required).
func (s *Server) handleEliminationRollback(w http.ResponseWriter, r *http.Request) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	err := s.cfg.DB.Transact(ctx, func(tx *store.Tx) error {
		return casework.RollbackElimination(ctx, tx, s.scope(r), currentUser(r), h.ID, r.PostFormValue("reason"), s.now())
	})
	s.afterForm(w, r, "rollback", "elimination", err)
}

// elimView is what the case page shows of an elimination case: its mode
// and the criteria as the proposal and each decision found them.
type elimView struct {
	Mode   string
	Checks []elimSnapshot
}

// elimSnapshot is the criteria kept on one event of the case.
type elimSnapshot struct {
	At, Step string
	Check    casework.Check
}

// eliminationView reads the criteria snapshots from an elimination case's
// timeline (nil for an identification case).
func eliminationView(c casework.Case, events []casework.Event) *elimView {
	if c.Purpose != casework.PurposeElimination {
		return nil
	}
	v := &elimView{Mode: c.Mode}
	for _, e := range events {
		raw, ok := e.Data["check"]
		if !ok {
			continue
		}
		var ch casework.Check
		b, err := json.Marshal(raw)
		if err != nil || json.Unmarshal(b, &ch) != nil || len(ch.Criteria) == 0 {
			continue
		}
		v.Checks = append(v.Checks, elimSnapshot{At: e.At, Step: e.Action.Label(), Check: ch})
	}
	return v
}
