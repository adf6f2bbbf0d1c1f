// Package jobs records background work (feed imports, screens) with its
// progress and result, so that a page can show a progress bar and the
// outcome of work that outlives the request that started it.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"fangpin/internal/store"
)

// Status is where a job is.
type Status string

// Job states.
const (
	Queued  Status = "queued"
	Running Status = "running"
	Done    Status = "done"
	Failed  Status = "failed"
)

// Job is one piece of background work.
type Job struct {
	ID         int64
	Kind       string // e.g. "feed.medical", "screen"
	Status     Status
	Total      int // 0 while unknown
	Done       int
	Message    string          // what it is doing, or why it failed
	Result     json.RawMessage // set when done; nil before
	UserID     int64           // who started it (0: the system)
	Region     string          // their region
	CreatedAt  string
	FinishedAt string // "" while not finished
}

// Create records a queued job and returns its id.
func Create(ctx context.Context, q store.Querier, kind string, userID int64, region string) (int64, error) {
	var uid any
	if userID != 0 {
		uid = userID
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO jobs (kind, status, user_id, region_code, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, kind, string(Queued), uid, region, store.Now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("jobs: create %s: %w", kind, err)
	}
	return id, nil
}

// Find returns a job of db, read through its readers, with the progress
// reported in this process when it is running here (fresher than the stored
// figures).
func Find(ctx context.Context, db *store.DB, id int64) (Job, error) {
	var j Job
	var status, result string
	var uid sql.NullInt64
	var finished sql.NullString
	err := db.Reader().QueryRowContext(ctx, `SELECT id, kind, status, total, done, message, result, user_id, region_code,
		created_at, finished_at FROM jobs WHERE id = ?`, id).Scan(&j.ID, &j.Kind, &status, &j.Total, &j.Done,
		&j.Message, &result, &uid, &j.Region, &j.CreatedAt, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return j, store.ErrNotFound
	}
	if err != nil {
		return j, fmt.Errorf("jobs: find %d: %w", id, err)
	}
	j.Status, j.UserID, j.FinishedAt = Status(status), uid.Int64, finished.String
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	if l := lookup(key{db, id}); l != nil && (j.Status == Queued || j.Status == Running) {
		j.Status = Running
		j.Done, j.Total, j.Message = l.snapshot()
	}
	return j, nil
}

// Finish records the end of a job: done with its result (marshalled to
// JSON), or failed with err's message, through db's writer. It waits for the
// database, unlike Progress.
func Finish(ctx context.Context, db *store.DB, id int64, result any, err error) error {
	l := forget(key{db, id})
	status, message, body := Done, "", ""
	if err != nil {
		status, message = Failed, err.Error()
	}
	if result != nil {
		b, merr := json.Marshal(result)
		if merr != nil {
			return fmt.Errorf("jobs: finish %d: result: %w", id, merr)
		}
		if string(b) != "null" { // a nil pointer: no result
			body = string(b)
		}
	}
	done, total := 0, 0
	if l != nil {
		done, total, _ = l.snapshot()
	}
	_, xerr := db.Writer().ExecContext(ctx, `UPDATE jobs SET status = ?, message = ?, result = ?, finished_at = ?,
		done = CASE WHEN ? > done THEN ? ELSE done END, total = CASE WHEN ? > total THEN ? ELSE total END
		WHERE id = ?`, string(status), message, body, store.Now(), done, done, total, total, id)
	if xerr != nil {
		return fmt.Errorf("jobs: finish %d: %w", id, xerr)
	}
	return nil
}

// Interrupted marks the jobs still queued or running as failed: call it when
// a single server starts, since no job survives its process.
func Interrupted(ctx context.Context, q store.Querier) (int64, error) {
	r, err := q.ExecContext(ctx, "UPDATE jobs SET status = ?, message = ?, finished_at = ? WHERE status IN (?, ?)",
		string(Failed), "服务重启，任务已中断", store.Now(), string(Queued), string(Running))
	if err != nil {
		return 0, fmt.Errorf("jobs: mark interrupted jobs: %w", err)
	}
	return r.RowsAffected()
}
