package jobs

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"fangpin/internal/store"
)

// writeEvery is the shortest interval between two stored progress updates
// of one job.
const writeEvery = 500 * time.Millisecond

// Progress records how far a job is. It never waits for the database: on
// SQLite a feed import holds the only writer connection for its whole
// transaction, and progress must not slow the work it reports. The figures
// are kept in memory, where Find in this process reads them at once, and a
// background writer stores the latest of them at most twice a second. q must
// outlive the job (db.Writer(), not a transaction).
func Progress(ctx context.Context, q store.Querier, id int64, done, total int, message string) {
	l, fresh := track(id)
	l.set(done, total, message)
	if fresh {
		go l.persist(context.WithoutCancel(ctx), q, id)
	}
	select {
	case l.kick <- struct{}{}:
	default: // a write is already due
	}
}

// live is the in-memory progress of a job running in this process.
type live struct {
	mu          sync.Mutex
	done, total int
	message     string
	kick        chan struct{}
	stop        chan struct{}
}

var (
	livesMu sync.Mutex
	lives   = map[int64]*live{}
)

func track(id int64) (*live, bool) {
	livesMu.Lock()
	defer livesMu.Unlock()
	if l := lives[id]; l != nil {
		return l, false
	}
	l := &live{kick: make(chan struct{}, 1), stop: make(chan struct{})}
	lives[id] = l
	return l, true
}

func lookup(id int64) *live {
	livesMu.Lock()
	defer livesMu.Unlock()
	return lives[id]
}

// drop forgets l if it is still the job's entry.
func drop(id int64, l *live) {
	livesMu.Lock()
	defer livesMu.Unlock()
	if lives[id] == l {
		delete(lives, id)
	}
}

func rowsAffected(r sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// forget ends the tracking of a job and returns its last figures (nil if
// it reported none).
func forget(id int64) *live {
	livesMu.Lock()
	defer livesMu.Unlock()
	l := lives[id]
	if l != nil {
		delete(lives, id)
		close(l.stop)
	}
	return l
}

func (l *live) set(done, total int, message string) {
	l.mu.Lock()
	l.done, l.total, l.message = done, total, message
	l.mu.Unlock()
}

func (l *live) snapshot() (int, int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done, l.total, l.message
}

// persist stores the latest figures when kicked, then rests writeEvery. A
// late write after Finish changes nothing: it only touches unfinished jobs.
func (l *live) persist(ctx context.Context, q store.Querier, id int64) {
	for {
		select {
		case <-l.stop:
			return
		case <-l.kick:
		}
		done, total, msg := l.snapshot()
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		r, err := q.ExecContext(wctx, `UPDATE jobs SET status = ?, done = ?, total = ?, message = ?
			WHERE id = ? AND status IN (?, ?)`, string(Running), done, total, msg, id, string(Queued), string(Running))
		cancel()
		if n, _ := rowsAffected(r, err); n == 0 && err == nil { // finished or unknown: a late report
			drop(id, l)
			return
		}
		select {
		case <-l.stop:
			return
		case <-time.After(writeEvery):
		}
	}
}
