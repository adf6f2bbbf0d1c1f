// Package tick runs a step of background work at an interval until its
// context ends: the loop a server's watchers share.
package tick

import (
	"context"
	"time"
)

// Every calls step every d until ctx ends, and returns then. An error of a
// step goes to fail, unless ctx ended meanwhile (the step was cut short, not
// broken).
func Every(ctx context.Context, d time.Duration, step func(context.Context) error, fail func(error)) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := step(ctx); err != nil && ctx.Err() == nil {
			fail(err)
		}
	}
}
