package web

import (
	"fmt"
	"net/http"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/feed"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// unmatchedPerPage is the page size of a file's unmatched rows.
const unmatchedPerPage = 50

// feedFilePage is one uploaded file: its figures, the rows that matched
// nobody, and the warnings its rows raised, by rule and state only: the
// department that uploaded the file learns what came of it, never whom.
type feedFilePage struct {
	layout
	F              feed.File
	Unmatched      []feed.UnmatchedRow
	UnmatchedTotal int
	Pager          pager
	Reason         string
	Warnings       []screening.FileWarning
}

// findFeedFile returns a file the request's user may see: uploaded within
// their region and, for a department, by them. Any other is not found.
func (s *Server) findFeedFile(r *http.Request) (feed.File, error) {
	n, err := pathID(r, "id")
	if err != nil {
		return feed.File{}, err
	}
	f, err := feed.FindFile(r.Context(), s.cfg.DB.Reader(), s.scope(r), n)
	if err != nil {
		return feed.File{}, err
	}
	if id, ok := who(r); !ok || ownFilesOnly(id.user) && f.UserID != id.user.ID {
		return feed.File{}, errNotFound
	}
	return f, nil
}

// handleFeedFile serves GET /feeds/{id}?page=.
func (s *Server) handleFeedFile(w http.ResponseWriter, r *http.Request) {
	f, err := s.findFeedFile(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	page, err := intParam(r, "page", 1)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &feedFilePage{layout: s.newLayout(w, r, "feeds.file_title", "feeds"), F: f, Reason: feed.UnmatchedReason}
	v.Title = fmt.Sprintf("%s #%d · %s", v.Title, f.ID, f.Name)
	ctx, q := r.Context(), s.cfg.DB.Reader()
	if v.Unmatched, v.UnmatchedTotal, err = feed.UnmatchedRows(ctx, q, f.ID, page, unmatchedPerPage); err != nil {
		s.pageError(w, r, err)
		return
	}
	if v.Warnings, err = screening.ForFile(ctx, q, f.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	base := fmt.Sprintf("/feeds/%d", f.ID)
	v.Pager = newPager(store.Page{Page: page, PerPage: unmatchedPerPage}, v.UnmatchedTotal, func(n int) string {
		return link(base, "page", strconv.Itoa(n)) + "#unmatched"
	})
	s.render(w, r, http.StatusOK, "feeds_file", v)
}

// handleFeedUnmatchedCSV serves GET /feeds/{id}/unmatched.csv: the rows
// that matched nobody (line, masked ID number, reason), for the department
// to check. Every download is audited as an export.
func (s *Server) handleFeedUnmatchedCSV(w http.ResponseWriter, r *http.Request) {
	f, err := s.findFeedFile(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.audit(r.Context(), audit.Event{Action: "export.feed_unmatched", Entity: "feed_file",
		EntityID: strconv.FormatInt(f.ID, 10), Region: f.Region,
		Detail: map[string]any{"kind": string(f.Kind), "rows": f.Unmatched}})
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="unmatched-%d.csv"`, f.ID))
	if err := feed.WriteUnmatchedCSV(r.Context(), s.cfg.DB.Reader(), f.ID, w); err != nil {
		s.log.ErrorContext(r.Context(), "unmatched rows CSV", "file", f.ID, "err", err) // too late for an error page
	}
}
