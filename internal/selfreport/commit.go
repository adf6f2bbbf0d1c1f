package selfreport

import (
	"context"
	"sync"

	"fangpin/internal/store"
)

// committer groups the reports that arrive while a transaction is
// committing into the next transaction (group commit): one commit, and one
// disk sync, serves many families, each report in a savepoint of its own so
// that one failing report never takes the others with it. A report's caller
// gets its answer only after the commit that holds it.
type committer struct {
	db   *store.DB
	once sync.Once
	jobs chan *job
}

type job struct {
	ctx  context.Context
	fn   func(tx *store.Tx) error
	done chan error
}

// maxBatch bounds a group: a long transaction would hold the others back.
const maxBatch = 64

// do runs fn in a savepoint of the next group transaction and returns when
// that transaction has committed (or failed).
func (c *committer) do(ctx context.Context, fn func(tx *store.Tx) error) error {
	c.once.Do(func() {
		c.jobs = make(chan *job, maxBatch)
		go c.run()
	})
	j := &job{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case c.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-j.done
}

func (c *committer) run() {
	for first := range c.jobs {
		batch := []*job{first}
	fill:
		for len(batch) < maxBatch {
			select {
			case j := <-c.jobs:
				batch = append(batch, j)
			default:
				break fill
			}
		}
		c.commit(batch)
	}
}

func (c *committer) commit(batch []*job) {
	errs := make([]error, len(batch))
	err := c.db.Transact(context.Background(), func(tx *store.Tx) error {
		for i, j := range batch {
			if errs[i] = j.ctx.Err(); errs[i] != nil {
				continue
			}
			if err := savepoint(tx, "SAVEPOINT report"); err != nil {
				return err
			}
			if errs[i] = j.fn(tx); errs[i] != nil {
				if err := savepoint(tx, "ROLLBACK TO SAVEPOINT report"); err != nil {
					return err
				}
			}
			if err := savepoint(tx, "RELEASE SAVEPOINT report"); err != nil {
				return err
			}
		}
		return nil
	})
	for i, j := range batch {
		if err != nil {
			j.done <- err // nothing of the group was stored
			continue
		}
		j.done <- errs[i]
	}
}

func savepoint(tx *store.Tx, stmt string) error {
	_, err := tx.ExecContext(context.Background(), stmt)
	return err
}
