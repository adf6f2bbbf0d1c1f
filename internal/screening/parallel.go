package screening

import "context"

// parallel runs the functions at once and returns the first error; the
// context passed to them is cancelled as soon as one fails. On SQLite each
// reads on its own connection of the reader pool (WAL lets readers run side
// by side); on PostgreSQL on its own pooled connection.
func parallel(ctx context.Context, fns ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(fns))
	for _, fn := range fns {
		go func() {
			err := fn(ctx)
			if err != nil {
				cancel()
			}
			errs <- err
		}()
	}
	var first error
	for range fns {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}
