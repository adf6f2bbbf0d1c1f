package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"fangpin/internal/auth"
	"fangpin/internal/jobs"
	"fangpin/internal/screening"
)

// Job kinds started from the pages.
const (
	jobFeedPrefix = "feed." // + the feed's kind
	jobScreen     = "screen"
)

// jobPage shows a job's progress while it runs (refreshed by jobs-poll.js) and
// its outcome when it ends.
type jobPage struct {
	layout
	J       jobs.Job
	Running bool
	Feed    *feedJobResult
	Screen  *screeningResult
}

// screeningResult is a screen job's result, its rules in display order.
type screeningResult struct {
	AsOf      string
	Rules     []screeningLine
	Unmatched int64
}

type screeningLine struct {
	Rule screening.Rule
	screening.RuleCount
}

// findJob returns a job the request's user may see: one they started, or,
// for an administrator, one started by anybody within their region. Any
// other job is not found, exactly like one that does not exist.
func (s *Server) findJob(r *http.Request) (jobs.Job, error) {
	n, err := pathID(r, "id")
	if err != nil {
		return jobs.Job{}, err
	}
	id, ok := who(r)
	if !ok {
		return jobs.Job{}, errNotFound
	}
	j, err := jobs.Find(r.Context(), s.cfg.DB, n)
	if err != nil {
		return jobs.Job{}, err
	}
	u := id.user
	if j.UserID != 0 && j.UserID == u.ID || u.Can(auth.PermManageUsers) && u.Scope().Contains(j.Region) {
		return j, nil
	}
	return jobs.Job{}, errNotFound
}

// handleJob serves GET /jobs/{id}.
func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	j, err := s.findJob(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	active := "warnings"
	if strings.HasPrefix(j.Kind, jobFeedPrefix) {
		active = "feeds"
	}
	v := &jobPage{layout: s.newLayout(w, r, "jobs.title", active), J: j,
		Running: j.Status == jobs.Queued || j.Status == jobs.Running}
	v.Title = jobTitle(translator{v.Lang}, j.Kind) + " · #" + strconv.FormatInt(j.ID, 10)
	s.renderPage(w, r, v.decodeResult(), "job", v)
}

// jobTitle names a job's kind for its page.
func jobTitle(tr translator, kind string) string {
	if k, ok := strings.CutPrefix(kind, jobFeedPrefix); ok {
		return tr.Tf("jobs.kind.feed", tr.T("feeds.kind."+k))
	}
	return tr.or("jobs.kind.", kind)
}

// decodeResult reads the stored result of a feed import or a screen.
func (v *jobPage) decodeResult() error {
	if len(v.J.Result) == 0 {
		return nil
	}
	switch {
	case strings.HasPrefix(v.J.Kind, jobFeedPrefix):
		v.Feed = &feedJobResult{}
		return json.Unmarshal(v.J.Result, v.Feed)
	case v.J.Kind == jobScreen:
		var res screening.Result
		if err := json.Unmarshal(v.J.Result, &res); err != nil {
			return err
		}
		v.Screen = &screeningResult{AsOf: res.AsOf, Unmatched: res.UnmatchedRows}
		for _, rule := range screening.AllRules {
			v.Screen.Rules = append(v.Screen.Rules, screeningLine{Rule: rule, RuleCount: res.Rules[rule]})
		}
	}
	return nil
}

// jobJSON is a job in the API.
type jobJSON struct {
	ID      int64           `json:"id"`
	Kind    string          `json:"kind"`
	Status  jobs.Status     `json:"status"`
	Total   int             `json:"total"`
	Done    int             `json:"done"`
	Message string          `json:"message"`
	Result  json.RawMessage `json:"result"`
}

// apiJob serves GET /api/v1/jobs/{id}: progress, and the result once done
// (null before).
func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) {
	j, err := s.findJob(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := jobJSON{ID: j.ID, Kind: j.Kind, Status: j.Status, Total: j.Total, Done: j.Done, Message: j.Message, Result: j.Result}
	if len(out.Result) == 0 {
		out.Result = json.RawMessage("null")
	}
	writeJSON(w, http.StatusOK, out)
}
