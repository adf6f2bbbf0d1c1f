package registry

import (
	"context"
	"maps"

	"fangpin/internal/audit"
	"fangpin/internal/store"
)

// SaveEach is the save of an ImportRecords whose records are stored one by
// one: save stores each record (by the user by, every one stamped with the
// same time), then the import's audit entry ev is recorded with the number
// of rows added to its detail (ev.Detail, when given, is a map[string]any of
// more detail).
func SaveEach[T any](ctx context.Context, by string, save func(ctx context.Context, q store.Querier, v T, by, now string) error,
	ev audit.Event) func(tx *store.Tx, records []T) error {
	return func(tx *store.Tx, records []T) error {
		now := store.Now()
		for _, v := range records {
			if err := save(ctx, tx, v, by, now); err != nil {
				return err
			}
		}
		detail := map[string]any{"rows": len(records)}
		if more, ok := ev.Detail.(map[string]any); ok {
			maps.Copy(detail, more)
		}
		ev.Detail = detail
		return audit.Record(ctx, tx, ev)
	}
}
