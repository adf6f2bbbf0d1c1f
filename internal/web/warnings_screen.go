package web

import (
	"context"
	"fmt"
	"net/http"

	"fangpin/internal/feed"
	"fangpin/internal/jobs"
	"fangpin/internal/screening"
)

// handleScreen serves POST /screen: the warning rules run over the user's
// region as of today (China time), as a job; the browser goes to the job's
// page. Stored feed rows that matched nobody are matched again first, as
// the command line's screen does.
func (s *Server) handleScreen(w http.ResponseWriter, r *http.Request) {
	id, _ := who(r)
	opt := screening.Options{AsOf: s.today(), Scope: s.scope(r), By: id.user, Rematch: feed.Rematch, Now: s.now}
	job, err := s.startJob(r, jobScreen, func(ctx context.Context, job int64) (any, error) {
		jobs.Progress(ctx, s.cfg.DB, job, 0, 0, "正在筛查")
		res, err := screening.Run(ctx, s.cfg.DB, opt)
		if err != nil {
			s.log.Error("screen", "job", job, "err", err)
			return nil, errJobFailed
		}
		return res, nil
	})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/jobs/%d", job), http.StatusSeeOther)
}
