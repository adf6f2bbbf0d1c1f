package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/monitoring"
	"fangpin/internal/store"
)

// handleCadreSet serves POST /households/{code}/cadres: the household's
// responsible cadre (帮扶责任人) from a day on; the previous one's period
// ends the day before and stays in the history.
func (s *Server) handleCadreSet(w http.ResponseWriter, r *http.Request) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return
	}
	in := monitoring.CadreInput{Name: r.PostFormValue("name"), Unit: r.PostFormValue("unit"),
		Phone: strings.TrimSpace(r.PostFormValue("phone")), StartOn: strings.TrimSpace(r.PostFormValue("start_on"))}
	var err error
	if v := r.PostFormValue("user_id"); v != "" {
		if in.UserID, err = strconv.ParseInt(v, 10, 64); err != nil {
			err = unprocessable("user_id", fault.T("系统账号不存在", "no such account"))
		}
	}
	if err == nil && in.Phone != "" && s.cfg.Keys == nil {
		err = unprocessable("phone", fault.T("未配置加密密钥，暂不能保存电话", "no encryption key is set up, so a phone number cannot be saved"))
	}
	if err == nil {
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (monitoring.Cadre, error) {
			return monitoring.SetCadre(ctx, tx, s.scope(r), s.cfg.Keys, currentUser(r), h.ID, in, s.now())
		})
	}
	s.afterForm(w, r, "cadre", "cadre", err)
}

// handleCadreReveal serves POST /households/{code}/cadres/{id}/reveal: the
// household page with one cadre's full phone number, the view audited
// before it is shown.
func (s *Server) handleCadreReveal(w http.ResponseWriter, r *http.Request) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.cadreOf(r, h.ID, id)
	}
	var phone string
	if err == nil && s.cfg.Keys == nil {
		err = store.ErrNotFound
	}
	if err == nil {
		phone, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (string, error) {
			return monitoring.CadrePhone(ctx, tx, s.scope(r), s.cfg.Keys, currentUser(r), id)
		})
	}
	if err != nil {
		s.formError(w, r, err, "cadre-reveal", func(status int, f formState) {
			s.renderHousehold(w, r, status, formState{Name: f.Name, Problem: f.Problem}, nil)
		})
		return
	}
	s.renderHousehold(w, r, http.StatusOK, formState{}, func(v *householdPage) {
		v.CadrePhone = map[int64]string{id: phone}
	})
}

// cadreOf checks that cadre id is one of the household's (in the scope).
func (s *Server) cadreOf(r *http.Request, householdID, id int64) error {
	cs, err := monitoring.Cadres(r.Context(), s.cfg.DB.Reader(), s.scope(r), householdID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID == id {
			return nil
		}
	}
	return store.ErrNotFound
}

// accounts are the enabled staff accounts that may be named responsible
// cadre (or a measure's owner) of a household in region: those whose own
// region holds it and who may work on households, the closest first.
func (s *Server) accounts(ctx context.Context, region string) ([]auth.User, error) {
	users, err := s.cfg.Auth.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []auth.User
	for _, u := range users {
		if u.Can(auth.PermEditRegistry) && u.Scope().Contains(region) {
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Region > out[j].Region })
	return out[:min(len(out), 200)], nil
}
