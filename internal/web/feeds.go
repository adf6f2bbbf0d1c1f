package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/feed"
	"fangpin/internal/store"
)

// feedsPerPage is the page size of the file list.
const feedsPerPage = 20

// feedsPage is 部门数据: the upload form, the columns of each kind and the
// files uploaded so far.
type feedsPage struct {
	layout
	Kinds    []feedKind
	Kind     string // the kind chosen in the form
	Problem  string
	Fields   map[string]string
	Files    []feed.File
	Total    int
	Pager    pager
	Own      bool   // a department user: their own files only
	MaxSize  string // the largest file accepted
	MaxBytes int64
	Tools    listTools
}

// feedKind is one kind of the form, with its columns.
type feedKind struct {
	Kind               feed.Kind
	Required, Optional []string
}

// needFeed guards the department-feed pages and API.
func (s *Server) needFeed(h http.HandlerFunc) http.HandlerFunc {
	return s.need(auth.PermUploadFeed, h)
}

// landing is where "/" sends a user who has no registry view: a
// department's staff upload feeds and read what they raised.
func landing(r *http.Request) string {
	if id, ok := who(r); ok && !id.user.Can(auth.PermViewRegistry) && id.user.Can(auth.PermUploadFeed) {
		return "/feeds"
	}
	return ""
}

// ownFilesOnly reports whether a user sees only the files they uploaded:
// a department sees its own uploads, never another department's.
func ownFilesOnly(u auth.User) bool { return !u.Can(auth.PermViewRegistry) }

// handleFeeds serves GET /feeds?page=.
func (s *Server) handleFeeds(w http.ResponseWriter, r *http.Request) {
	page, err := intParam(r, "page", 1)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderFeeds(w, r, http.StatusOK, page, "", nil)
}

func (s *Server) renderFeeds(w http.ResponseWriter, r *http.Request, status, page int, kind string, problem error) {
	id, _ := who(r)
	v := &feedsPage{layout: s.newLayout(w, r, "feeds.title", "feeds"), Kind: kind, Own: ownFilesOnly(id.user),
		MaxSize: sizeText(s.maxFeedSize()), MaxBytes: s.maxFeedSize(), Tools: s.tools(r, feedsList)}
	if problem != nil {
		p := problemOf(problem, v.Lang)
		v.Problem, v.Fields = p.Message, p.Fields
	}
	for _, k := range feed.Kinds {
		req, opt := k.Columns()
		v.Kinds = append(v.Kinds, feedKind{Kind: k, Required: req, Optional: opt})
	}
	f := feed.FileFilter{Scope: s.scope(r), Page: page, PerPage: feedsPerPage}
	if v.Own {
		f.UserID = id.user.ID
	}
	var err error
	if v.Files, v.Total, err = feed.Files(r.Context(), s.cfg.DB.Reader(), f); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Pager = newPager(store.Page{Page: f.Page, PerPage: f.PerPage}, v.Total, func(n int) string {
		return link("/feeds", "page", strconv.Itoa(n))
	})
	s.render(w, r, status, "feeds", v)
}

// handleFeedUpload serves POST /feeds (multipart: kind, file): the file is
// saved, its import runs as a job, and the browser goes to the job's page.
func (s *Server) handleFeedUpload(w http.ResponseWriter, r *http.Request) {
	up, err := s.receiveFeed(r)
	kind := r.PostFormValue("kind")
	if err != nil {
		s.renderFeeds(w, r, problemOf(err, fault.ZH).Status, 1, kind, err)
		return
	}
	k, err := feed.ParseKind(kind)
	if err != nil {
		removeUpload(up)
		err = unprocessable("kind", fault.T("请选择数据类型", "choose the kind of data"))
		s.renderFeeds(w, r, http.StatusUnprocessableEntity, 1, kind, err)
		return
	}
	job, err := s.startFeedImport(r, k, up)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/jobs/%d", job), http.StatusSeeOther)
}

// apiFeedUpload serves POST /api/v1/feeds/{kind} (multipart field file) →
// 202 {"job_id"}; GET /api/v1/jobs/{id} tells how it went.
func (s *Server) apiFeedUpload(w http.ResponseWriter, r *http.Request) {
	k, err := feed.ParseKind(r.PathValue("kind"))
	if err != nil {
		s.apiError(w, r, badRequest("kind", fault.T("应为以下之一："+kindNames(), "must be one of: "+kindNames())))
		return
	}
	up, err := s.receiveFeed(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	job, err := s.startFeedImport(r, k, up)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/jobs/%d", job))
	writeJSON(w, http.StatusAccepted, map[string]int64{"job_id": job})
}

// kindNames lists the kinds for an error message.
func kindNames() string {
	names := make([]string, len(feed.Kinds))
	for i, k := range feed.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, "、")
}
