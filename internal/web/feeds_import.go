package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"

	"fangpin/internal/feed"
	"fangpin/internal/jobs"
)

// maxJobIssues is how many problems of a rejected file a job keeps (all are
// counted).
const maxJobIssues = 200

// feedJobResult is a feed import job's result (feed.Result with its
// problems as text, as the household import prints them).
type feedJobResult struct {
	FileID     int64     `json:"file_id"`
	Kind       feed.Kind `json:"kind"`
	FileName   string    `json:"file_name"`
	Encoding   string    `json:"encoding"`
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	Rows       int       `json:"rows"`
	Matched    int       `json:"matched"`
	Unmatched  int       `json:"unmatched"`
	Duplicate  bool      `json:"duplicate"`
	ImportedAt string    `json:"imported_at"`
	IssueCount int       `json:"issue_count"`
	Issues     []string  `json:"issues"`
	Warnings   []string  `json:"warnings"`
}

// More is how many problems were found beyond those listed.
func (f *feedJobResult) More() int { return f.IssueCount - len(f.Issues) }

// newFeedJobResult turns an import's result into the job's.
func newFeedJobResult(res *feed.Result) *feedJobResult {
	out := &feedJobResult{FileID: res.FileID, Kind: res.Kind, FileName: res.FileName, Encoding: res.Encoding,
		SHA256: res.SHA256, Size: res.Size, Rows: res.Rows, Matched: res.Matched, Unmatched: res.Unmatched,
		Duplicate: res.Duplicate, ImportedAt: res.ImportedAt, IssueCount: res.IssueCount,
		Issues: []string{}, Warnings: res.Warnings}
	for _, is := range res.Issues {
		out.Issues = append(out.Issues, res.FileName+" "+is.String())
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	return out
}

// startFeedImport starts the import job of a saved upload and returns the
// job's id; the job removes the file when done.
func (s *Server) startFeedImport(r *http.Request, kind feed.Kind, up upload) (int64, error) {
	if s.cfg.Keys == nil {
		removeUpload(up)
		return 0, errors.New("web: feed upload without Config.Keys")
	}
	id, _ := who(r)
	opt := feed.Options{FileName: up.name, UserID: id.user.ID, Username: id.user.Username, Region: id.user.Region,
		MaxIssues: maxJobIssues}
	jobID, err := s.startJob(r, jobFeedPrefix+string(kind), func(ctx context.Context, job int64) (any, error) {
		defer os.Remove(up.path)
		return s.importFeed(ctx, job, kind, up.path, opt)
	})
	if err != nil {
		removeUpload(up)
	}
	return jobID, err
}

// importFeed is the body of a feed import job.
func (s *Server) importFeed(ctx context.Context, job int64, kind feed.Kind, path string, opt feed.Options) (any, error) {
	jobs.Progress(ctx, s.cfg.DB, job, 0, 0, "正在读取文件")
	opt.Now = s.now()
	opt.Progress = func(done, total int) { jobs.Progress(ctx, s.cfg.DB, job, done, total, "正在检查并导入") }
	res, err := feed.Import(ctx, s.cfg.DB, s.cfg.Keys, kind, path, opt)
	if errors.Is(err, feed.ErrRejected) {
		return newFeedJobResult(res), fmt.Errorf("%s：发现 %d 处错误，未导入任何数据", opt.FileName, res.IssueCount)
	}
	if err != nil {
		s.log.Error("feed import", "job", job, "kind", kind, "err", err)
		return nil, errJobFailed
	}
	return newFeedJobResult(res), nil
}
