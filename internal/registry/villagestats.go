package registry

import (
	"context"
	"fmt"
	"sort"

	"fangpin/internal/store"
)

const villageStatsSelect = `SELECT region_code, type, count(*), sum(members), sum(members_chronic), sum(members_major),
	sum(CASE WHEN members_chronic + members_major > 0 THEN 1 ELSE 0 END) FROM households`

// RefreshVillageStats rebuilds the village_stats rows of the given villages
// from their households; nil rebuilds every village. Every transaction that
// adds, removes or changes households or their members calls it.
func RefreshVillageStats(ctx context.Context, q store.Querier, villages []string) error {
	if villages == nil {
		if _, err := q.ExecContext(ctx, "DELETE FROM village_stats"); err != nil {
			return fmt.Errorf("registry: clear village stats: %w", err)
		}
		_, err := q.ExecContext(ctx, "INSERT INTO village_stats "+villageStatsSelect+" GROUP BY region_code, type")
		if err != nil {
			return fmt.Errorf("registry: rebuild village stats: %w", err)
		}
		return nil
	}
	sort.Strings(villages)
	for start := 0; start < len(villages); start += 500 {
		chunk := strArgs(villages[start:min(start+500, len(villages))])
		in := "region_code IN (" + qs(len(chunk)) + ")"
		if _, err := q.ExecContext(ctx, "DELETE FROM village_stats WHERE "+in, chunk...); err != nil {
			return fmt.Errorf("registry: clear village stats: %w", err)
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO village_stats "+villageStatsSelect+" WHERE "+in+
			" GROUP BY region_code, type", chunk...); err != nil {
			return fmt.Errorf("registry: refresh village stats: %w", err)
		}
	}
	return nil
}

// touch records a village whose stats the import must refresh.
func (w *writer) touch(village string) {
	if village != "" {
		w.villages[village] = true
	}
}

// refreshStats refreshes the stats of every village the import touched
// (all of them after an import into an empty registry).
func (w *writer) refreshStats(ctx context.Context) error {
	if w.fresh {
		return RefreshVillageStats(ctx, w.tx, nil)
	}
	list := make([]string, 0, len(w.villages))
	for v := range w.villages {
		list = append(list, v)
	}
	return RefreshVillageStats(ctx, w.tx, list)
}
