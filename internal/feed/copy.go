package feed

import (
	"context"
	"errors"
	"sync"

	"fangpin/internal/store"
)

// copier feeds one PostgreSQL COPY from converted chunks as they come: the
// server stores rows while the workers convert the next ones.
type copier struct {
	chunks chan []any // consecutive values, width per row
	done   chan struct{}
	width  int
	err    error
	once   sync.Once
}

var errCopyEnded = errors.New("feed: copy ended early")

func startCopy(ctx context.Context, tx *store.Tx, table string, cols []string) *copier {
	c := &copier{chunks: make(chan []any, 4), done: make(chan struct{}), width: len(cols)}
	go func() {
		defer close(c.done)
		var cur []any
		_, c.err = tx.CopyFromFunc(ctx, table, cols, func() ([]any, error) {
			for len(cur) < c.width {
				next, ok := <-c.chunks
				if !ok {
					return nil, nil
				}
				cur = next
			}
			row := cur[:c.width:c.width]
			cur = cur[c.width:]
			return row, nil
		})
	}()
	return c
}

// add hands a chunk's values to the COPY.
func (c *copier) add(args []any) error {
	select {
	case c.chunks <- args:
		return nil
	case <-c.done:
		if c.err != nil {
			return c.err
		}
		return errCopyEnded
	}
}

// finish ends the COPY and returns its error; calling it again returns the
// same.
func (c *copier) finish() error {
	c.once.Do(func() { close(c.chunks) })
	<-c.done
	return c.err
}
