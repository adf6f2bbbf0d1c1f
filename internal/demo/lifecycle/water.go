package lifecycle

import (
	"context"
	"fmt"
	"slices"

	"fangpin/internal/demo"
	"fangpin/internal/store"
	"fangpin/internal/water"
)

// water writes the demo city's drinking water files (demo.WaterCSV: a
// scheme for every village holding households, quarterly samples all 合格,
// a few problems resolved) and imports them as `fangpin water import`
// would.
func (l *run) water(ctx context.Context, dir string) error {
	villages, err := l.waterVillages(ctx)
	if err != nil {
		return err
	}
	tmp := &tempFiles{dir: dir, paths: map[string]string{}}
	defer tmp.remove()
	if _, err := demo.WaterCSV(l.cfg, villages, tmp.create); err != nil {
		return err
	}
	paths := tmp.paths
	for _, k := range demo.WaterKinds {
		res, err := water.Import(as(ctx, system), l.db, store.ScopeAll(), k, paths[k], system.Username)
		if err != nil {
			return fmt.Errorf("%s: %w %v", k, err, res.Issues)
		}
		l.sum.Water[slices.Index(demo.WaterKinds, k)] = res.Rows
	}
	return nil
}

// waterVillages are the villages holding households, in code order, with their
// township's name and their household count.
func (l *run) waterVillages(ctx context.Context) ([]demo.WaterVillage, error) {
	return store.Collect(ctx, l.db.Reader(), "villages", func(rows store.Scanner) (demo.WaterVillage, error) {
		var v demo.WaterVillage
		err := rows.Scan(&v.Code, &v.Name, &v.Township, &v.TownshipName, &v.Households)
		return v, err
	}, `SELECT h.region_code, v.name, t.code, t.name, count(*) FROM households h
		JOIN regions v ON v.code = h.region_code JOIN regions t ON t.code = v.parent_code
		GROUP BY h.region_code, v.name, t.code, t.name ORDER BY h.region_code`)
}
