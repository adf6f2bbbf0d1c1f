package web

import (
	"net/http"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// usersPage is 用户管理: the accounts of the administrator's region, the
// form for a new one, and the temporary password of the account just
// created or reset (shown once).
type usersPage struct {
	layout
	Users    []auth.User
	Last     map[int64]string // last sign-in by user id
	Roles    []auth.Role
	Home     string // the administrator's region: the region picker's root
	Form     auth.NewUser
	Problem  string
	Done     string // what was just done, for the notice
	Account  string // the account the notice is about
	Password string // its temporary password, shown once
}

// handleUsers serves GET /admin/users.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, &usersPage{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, v *usersPage) {
	v.layout = s.newLayout(w, r, "admin.users", "admin")
	v.Roles, v.Home = auth.Roles(), currentUser(r).Region
	var err error
	if v.Users, v.Last, err = s.cfg.Auth.UsersIn(r.Context(), s.scope(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, "users", v)
}

// userProblem renders the page with the problem of a form, or the error page.
func (s *Server) userProblem(w http.ResponseWriter, r *http.Request, v *usersPage, err error) {
	s.formError(w, r, err, "user", func(status int, f formState) {
		v.Problem = f.Problem
		s.renderUsers(w, r, status, v)
	})
}

// handleUserCreate serves POST /admin/users: a new account of a region inside
// the administrator's, with a temporary password shown once.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	nu := auth.NewUser{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"),
		Role: auth.Role(r.PostFormValue("role")), Region: strings.TrimSpace(r.PostFormValue("region")), Password: auth.NewPassword()}
	v := &usersPage{Form: nu}
	if nu.Region == "" {
		nu.Region = currentUser(r).Region
	}
	if _, err := s.scope(r).Narrow(nu.Region); err != nil {
		s.userProblem(w, r, v, fault.OnField(err, "region"))
		return
	}
	u, err := s.cfg.Auth.CreateUser(r.Context(), nu)
	if err == nil {
		err = s.cfg.Audit.Append(r.Context(), audit.Event{Action: "user.create", Entity: "user", EntityID: u.Username,
			Region: u.Region, Detail: map[string]string{"role": string(u.Role), "region": u.Region}})
	}
	if err != nil {
		s.userProblem(w, r, v, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Done: "users.created", Account: u.Username, Password: nu.Password})
}

// targetUser is the account {name} of the administrator's region; another
// region's is store.ErrNotFound, like an unknown one.
func (s *Server) targetUser(r *http.Request) (auth.User, error) {
	u, err := s.cfg.Auth.FindUser(r.Context(), r.PathValue("name"))
	if err == nil && !s.scope(r).Contains(u.Region) {
		err = store.ErrNotFound
	}
	return u, err
}

// handleUserDisable serves POST /admin/users/{name}/disable: the account
// is disabled, its sessions ended and its API tokens revoked.
func (s *Server) handleUserDisable(w http.ResponseWriter, r *http.Request) {
	u, err := s.targetUser(r)
	if err == nil && u.ID == currentUser(r).ID {
		err = fault.Conflictf("不能停用自己的账号", "You cannot disable your own account")
	}
	if err == nil {
		err = s.cfg.Auth.DisableUser(r.Context(), u.Username)
	}
	if err == nil {
		err = s.cfg.Audit.Append(r.Context(), audit.Event{Action: "user.disable", Entity: "user", EntityID: u.Username, Region: u.Region})
	}
	if err != nil {
		s.userProblem(w, r, &usersPage{}, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Done: "users.disabled_done", Account: u.Username})
}

// handleUserPassword serves POST /admin/users/{name}/password: a new
// temporary password, shown once; the account's sessions end.
func (s *Server) handleUserPassword(w http.ResponseWriter, r *http.Request) {
	u, err := s.targetUser(r)
	pw := auth.NewPassword()
	if err == nil {
		err = s.cfg.Auth.SetPassword(r.Context(), u.Username, pw)
	}
	if err == nil {
		err = s.cfg.Audit.Append(r.Context(), audit.Event{Action: "user.password", Entity: "user", EntityID: u.Username, Region: u.Region})
	}
	if err != nil {
		s.userProblem(w, r, &usersPage{}, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Done: "users.reset", Account: u.Username, Password: pw})
}
