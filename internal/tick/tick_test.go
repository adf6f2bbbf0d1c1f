package tick

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestEvery(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	broken := errors.New("broken")
	steps := 0
	var failed []error
	step := func(ctx context.Context) error {
		steps++
		switch {
		case ctx.Err() != nil: // a tick that raced the end: its error is not reported
			return ctx.Err()
		case steps == 2:
			return broken
		case steps == 4:
			cancel()
			return errors.New("cut short")
		}
		return nil
	}
	done := make(chan struct{})
	go func() {
		Every(ctx, time.Millisecond, step, func(err error) { failed = append(failed, err) })
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return when its context ended")
	}
	if steps < 4 || len(failed) != 1 || failed[0] != broken {
		t.Fatalf("%d steps, failures %v; want at least 4 steps and only %v", steps, failed, broken)
	}
}
