package stats

import (
	"fangpin/internal/civil"
	"fangpin/internal/water"
)

// followed returns the persons with a 控辍保学 follow-up opened on or
// before as_of (the dropouts step keeps those it counts).
func (r *sectorRun) followed() (map[int64]bool, error) {
	out := map[int64]bool{}
	err := eachID(r.ctx, r.q, "SELECT person_id FROM dropout_followups WHERE opened_on <= ?", []any{isoDay(r.day)},
		func(id int64) { out[id] = true })
	return out, err
}

// returned: persons, members of the region's households on as_of, whose
// follow-up ended 返校 on or before as_of.
func (r *sectorRun) returned(o *Sectors) error {
	var pid int64
	return r.each("f.person_id", "dropout_followups f", nil, "f.outcome = '返校' AND f.outcome_on <= ?",
		[]any{isoDay(r.day)}, []any{&pid}, func(int64, string) { o.Education.DropoutsReturned++ })
}

// water: the water figures of the scope as of as_of (docs/figures.md,
// "Water"): schemes by the villages they serve, not by households.
func (r *sectorRun) water(o *Sectors) error {
	f, err := water.FiguresAt(r.ctx, r.q, r.s, civil.Date(r.day))
	o.Water = f
	return err
}
