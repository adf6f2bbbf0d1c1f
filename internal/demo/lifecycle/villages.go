package lifecycle

import (
	"context"

	"fangpin/internal/audit"
	"fangpin/internal/demo"
	"fangpin/internal/stats"
	"fangpin/internal/store"
	"fangpin/internal/village"
)

// villageIndicators records the 和美乡村 indicators of every demo village for the
// demo's year (VillageIndicators: the founding document's figures
// over the registry's households), as first recorded on the demo's day,
// in one transaction with its audit entry, as an import would.
func (l *run) villageIndicators(ctx context.Context) error {
	byVillage, err := stats.RegistryByVillage(ctx, l.db.Reader(), store.ScopeAll(), l.asOf)
	if err != nil {
		return err
	}
	registered := make(map[string]int, len(byVillage))
	for code, r := range byVillage {
		registered[code] = r.Households
	}
	rows, err := VillageIndicators(l.cfg, registered)
	if err != nil {
		return err
	}
	ctx = as(ctx, system)
	now := store.Stamp(l.asOf)
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		for _, i := range rows {
			if err := village.Save(ctx, tx, i, system.Username, now); err != nil {
				return err
			}
		}
		l.sum.Villages = len(rows)
		return audit.Record(ctx, tx, audit.Event{Action: "village.import", Entity: "village_indicators", Region: demo.CityCode,
			Detail: map[string]int{"rows": len(rows)}})
	})
}
