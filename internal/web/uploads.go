package web

import (
	"errors"
	"net/http"

	"fangpin/internal/registry"
)

// fileUpload is what a page shows of a file it just imported at once, all
// or nothing (the template "upload-result"): the rows stored, or the
// problems listed and how many more there were (nothing stored).
type fileUpload struct {
	Imported int
	Skipped  int // rows already stored, left as they were (water problems)
	Issues   []registry.Issue
	More     int
}

// uploadOf is what a page shows of an import's result.
func uploadOf(res registry.FileResult) fileUpload {
	return fileUpload{Imported: res.Rows, Issues: res.Issues, More: res.Count - len(res.Issues)}
}

// importUpload serves a page's upload of a file that its domain imports at
// once, all or nothing: the multipart field "file", received as a
// department file is (its size and kind checked before it is read, the
// copy removed after), imported by run; then show renders the page with
// what was stored (200) or every problem (422). Any other error is the
// error page.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request, run func(path string) (fileUpload, error),
	show func(status int, u fileUpload)) {
	up, err := s.receiveFeed(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	defer removeUpload(up)
	u, err := run(up.path)
	switch {
	case errors.Is(err, registry.ErrRejected):
		u.Imported, u.Skipped = 0, 0
		show(http.StatusUnprocessableEntity, u)
	case err != nil:
		s.pageError(w, r, err)
	default:
		show(http.StatusOK, u)
	}
}
