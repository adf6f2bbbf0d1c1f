package selfreport

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestGroupCommit: reports that fail roll back alone; the others of the same
// group are stored, and every caller hears back after the commit.
func TestGroupCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := &committer{db: db}
		ctx := context.Background()
		boom := errors.New("boom")
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs[i] = c.do(ctx, func(tx *store.Tx) error {
					if _, err := tx.ExecContext(ctx, "INSERT INTO regions (code, name, level) VALUES (?, ?, 1)",
						fmt.Sprintf("%02d0000000000", 10+i), "x"); err != nil {
						return err
					}
					if i%4 == 0 {
						return boom // after its insert: the savepoint must undo it
					}
					return nil
				})
			}(i)
		}
		wg.Wait()
		n := testkit.Int(t, db, "SELECT count(*) FROM regions")
		failed := 0
		for i, err := range errs {
			if (i%4 == 0) != errors.Is(err, boom) {
				t.Fatalf("job %d: %v", i, err)
			}
			if err != nil {
				failed++
			}
		}
		if n != len(errs)-failed {
			t.Fatalf("%d rows stored, want %d", n, len(errs)-failed)
		}
	})
}
