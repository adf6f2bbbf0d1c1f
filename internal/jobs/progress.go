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
// background writer stores the latest of them at most twice a second
// through db's writer.
func Progress(ctx context.Context, db *store.DB, id int64, done, total int, message string) {
	k := key{db, id}
	l, fresh := track(k)
	l.set(done, total, message)
	if fresh {
		go l.persist(context.WithoutCancel(ctx), db.Writer(), k)
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

// key names a job of one database: a process may hold several (the tests
// do), each numbering its jobs from 1.
type key struct {
	db *store.DB
	id int64
}

var (
	livesMu sync.Mutex
	lives   = map[key]*live{}
)

func track(k key) (*live, bool) {
	livesMu.Lock()
	defer livesMu.Unlock()
	if l := lives[k]; l != nil {
		return l, false
	}
	l := &live{kick: make(chan struct{}, 1), stop: make(chan struct{})}
	lives[k] = l
	return l, true
}

func lookup(k key) *live {
	livesMu.Lock()
	defer livesMu.Unlock()
	return lives[k]
}

// drop forgets l if it is still the job's entry.
func drop(k key, l *live) {
	livesMu.Lock()
	defer livesMu.Unlock()
	if lives[k] == l {
		delete(lives, k)
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
func forget(k key) *live {
	livesMu.Lock()
	defer livesMu.Unlock()
	l := lives[k]
	if l != nil {
		delete(lives, k)
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
func (l *live) persist(ctx context.Context, q store.Querier, k key) {
	for {
		select {
		case <-l.stop:
			return
		case <-l.kick:
		}
		done, total, msg := l.snapshot()
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		r, err := q.ExecContext(wctx, `UPDATE jobs SET status = ?, done = ?, total = ?, message = ?
			WHERE id = ? AND status IN (?, ?)`, string(Running), done, total, msg, k.id, string(Queued), string(Running))
		cancel()
		if n, _ := rowsAffected(r, err); n == 0 && err == nil { // finished or unknown: a late report
			drop(k, l)
			return
		}
		select {
		case <-l.stop:
			return
		case <-time.After(writeEvery):
		}
	}
}
