package stats

import (
	"context"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/village"
)

// village: the 和美乡村 figures of as_of's year (docs/figures.md, "Village
// construction (和美乡村)"): the year's indicator rows of the scope's
// villages first recorded by as_of, over each village's registry
// households on as_of. Without a row the block stays zero (year 0 too),
// as the other sectors do without feed rows.
func villageFigures(ctx context.Context, q store.Querier, s store.Scope, day civil.Date) (village.Figures, error) {
	asOf := day.Time()
	rows, err := village.Rows(ctx, q, s, day.Year(), endOf(asOf))
	if err != nil || len(rows) == 0 {
		return village.Figures{}, err
	}
	changed, err := changedSince(ctx, q, asOf)
	if err != nil {
		return village.Figures{}, err
	}
	registered := map[string]int{}
	err = registryRows(ctx, q, s, day.String(), changed, "region_code",
		func(region, _ string, n, _, _, _, _ int) { registered[region] += n })
	return village.Aggregate(day.Year(), rows, registered), err
}

// VillageTable is what the village table of a scope shows as of asOf: the
// indicator rows of asOf's year first recorded by then, each village's
// registry households on asOf (stats.RegistryByVillage) and their figures,
// as the overview's sectors.village computes them.
func VillageTable(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) ([]village.Indicator, map[string]int, village.Figures, error) {
	year := asOf.Year()
	rows, err := village.Rows(ctx, q, scope, year, endOf(asOf))
	if err != nil {
		return nil, nil, village.Figures{}, err
	}
	registered := map[string]int{}
	byVillage, err := RegistryByVillage(ctx, q, scope, asOf)
	if err != nil {
		return nil, nil, village.Figures{}, err
	}
	for code, r := range byVillage {
		registered[code] = r.Households
	}
	return rows, registered, village.Aggregate(year, rows, registered), nil
}
