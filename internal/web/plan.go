package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/monitoring"
	"fangpin/internal/store"
)

// The household plan (一户一策): measures from the national catalogue,
// added, corrected and followed with dated progress, on the household page.

// handleMeasureAdd serves POST /households/{code}/measures.
func (s *Server) handleMeasureAdd(w http.ResponseWriter, r *http.Request) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return
	}
	in, err := measureInput(r, true)
	if err == nil {
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (monitoring.Measure, error) {
			return monitoring.AddMeasure(ctx, tx, s.scope(r), currentUser(r), h.ID, in, s.now())
		})
	}
	s.afterForm(w, r, "measure", "plan", err)
}

// handleMeasureUpdate serves POST /households/{code}/measures/{id}: the
// plan fields of a measure (its status changes through progress).
func (s *Server) handleMeasureUpdate(w http.ResponseWriter, r *http.Request) {
	m, ok := s.formMeasure(w, r)
	if !ok {
		return
	}
	in, err := measureInput(r, false)
	if err == nil {
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (monitoring.Measure, error) {
			return monitoring.UpdateMeasure(ctx, tx, s.scope(r), currentUser(r), m.ID, in, s.now())
		})
	}
	s.afterForm(w, r, "measure-"+strconv.FormatInt(m.ID, 10), "measure-"+strconv.FormatInt(m.ID, 10), err)
}

// handleMeasureProgress serves POST /households/{code}/measures/{id}/progress.
func (s *Server) handleMeasureProgress(w http.ResponseWriter, r *http.Request) {
	m, ok := s.formMeasure(w, r)
	if !ok {
		return
	}
	p := monitoring.ProgressInput{On: strings.TrimSpace(r.PostFormValue("on")),
		Status: monitoring.Status(r.PostFormValue("status")), Note: r.PostFormValue("note")}
	_, err := inTx(s, r, func(ctx context.Context, tx *store.Tx) (monitoring.Measure, error) {
		return monitoring.AddProgress(ctx, tx, s.scope(r), currentUser(r), m.ID, p, s.now())
	})
	s.afterForm(w, r, "progress-"+strconv.FormatInt(m.ID, 10), "measure-"+strconv.FormatInt(m.ID, 10), err)
}

// formMeasure finds the path's measure among the path household's, in the
// scope, or answers 404: a measure id under another household's code is
// not found.
func (s *Server) formMeasure(w http.ResponseWriter, r *http.Request) (monitoring.Measure, bool) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return monitoring.Measure{}, false
	}
	id, err := pathID(r, "id")
	var m monitoring.Measure
	if err == nil {
		m, err = monitoring.FindMeasure(r.Context(), s.cfg.DB.Reader(), s.scope(r), id)
	}
	if err == nil && m.HouseholdID != h.ID {
		err = store.ErrNotFound
	}
	if err != nil {
		s.pageError(w, r, err)
		return m, false
	}
	return m, true
}

// measureInput reads the measure form. The type and sub-type come as one
// choice of the catalogue ("健康帮扶|医疗救助"); the amount in 元.
func measureInput(r *http.Request, add bool) (monitoring.MeasureInput, error) {
	f := r.PostFormValue
	typ, sub, _ := strings.Cut(f("measure"), "|")
	in := monitoring.MeasureInput{Type: typ, Subtype: sub, Owner: f("owner"), StartOn: strings.TrimSpace(f("start_on")),
		DueOn: strings.TrimSpace(f("due_on")), Notes: f("notes")}
	if add {
		in.Status = monitoring.Status(f("status"))
	}
	if v := f("owner_user_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			return in, unprocessable("owner_user_id", fault.T("系统账号不存在", "no such account"))
		}
		in.OwnerUserID = id
	}
	switch f("continues") {
	case "yes", "no":
		b := f("continues") == "yes"
		in.ContinuesAfterExit = &b
	}
	var err error
	in.AmountFen, err = parseYuan("amount", f("amount"))
	return in, err
}
