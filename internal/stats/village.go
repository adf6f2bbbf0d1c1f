package stats

import "fangpin/internal/village"

// village: the 和美乡村 figures of as_of's year (docs/figures.md, "Village
// construction (和美乡村)"): the year's indicator rows of the scope's
// villages first recorded by as_of, over each village's registry
// households on as_of. Without a row the block stays zero (year 0 too),
// as the other sectors do without feed rows.
func (r *sectorRun) village(o *Sectors) error {
	year := r.day / 10000
	rows, err := village.Rows(r.ctx, r.q, r.s, year, r.end)
	if err != nil || len(rows) == 0 {
		return err
	}
	registered := map[string]int{}
	err = registryRows(r.ctx, r.q, r.s, isoDay(r.day), r.places != nil, "region_code",
		func(region, _ string, n, _, _, _, _ int) { registered[region] += n })
	o.Village = village.Aggregate(year, rows, registered)
	return err
}
