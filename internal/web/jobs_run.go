package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"fangpin/internal/audit"
	"fangpin/internal/jobs"
)

// errJobFailed is the message of a job that failed for a reason the user
// cannot fix (the details are logged).
var errJobFailed = errors.New("任务执行出错，未保存任何结果；请稍后重试或联系管理员")

// jobWork is the body of a background job: it reports progress through
// jobs.Progress and returns the job's result, or an error whose message the
// user reads on the job page.
type jobWork func(ctx context.Context, id int64) (any, error)

// startJob records a job of the request's user and runs work in the
// background under the server's base context (Config.Background), not the
// request's: the work outlives the request that started it.
func (s *Server) startJob(r *http.Request, kind string, work jobWork) (int64, error) {
	id, _ := who(r)
	jobID, err := jobs.Create(r.Context(), s.cfg.DB.Writer(), kind, id.user.ID, id.user.Region)
	if err != nil {
		return 0, err
	}
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		ctx := audit.WithActor(s.background(), audit.ActorFrom(r.Context())) // the job's entries are its starter's
		result, err := s.runJob(ctx, kind, jobID, work)
		if ferr := jobs.Finish(context.WithoutCancel(ctx), s.cfg.DB, jobID, result, err); ferr != nil {
			s.log.Error("finish job", "job", jobID, "kind", kind, "err", ferr)
		}
	}()
	return jobID, nil
}

// runJob runs work, turning a panic into a failed job.
func (s *Server) runJob(ctx context.Context, kind string, id int64, work jobWork) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("job panic", "job", id, "kind", kind, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			result, err = nil, errJobFailed
		}
	}()
	return work(ctx, id)
}

// background is the parent context of jobs.
func (s *Server) background() context.Context {
	if s.cfg.Background != nil {
		return s.cfg.Background
	}
	return context.Background()
}

// Wait blocks until the background jobs started so far have finished:
// call it after the HTTP server has shut down and before the database is
// closed.
func (s *Server) Wait() { s.work.Wait() }
