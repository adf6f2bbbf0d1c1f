package stats

import (
	"context"

	"fangpin/internal/civil"
	"fangpin/internal/entity"
	"fangpin/internal/project"
	"fangpin/internal/store"
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
// follow-up ended 返校 on or before as_of (an entry per follow-up).
func (r *sectorRun) returned(*Sectors) error {
	type entry struct {
		hh, pid int64
		village string
	}
	var es []entry
	var pid int64
	err := r.each("f.person_id", "dropout_followups f", nil, "f.outcome = '返校' AND f.outcome_on <= ?",
		[]any{isoDay(r.day)}, []any{&pid}, func(hh int64, village, _ string) { es = append(es, entry{hh, pid, village}) })
	if err != nil {
		return err
	}
	for _, e := range es {
		r.add("education.dropouts_returned", e.hh, e.pid, e.village, 1)
	}
	return nil
}

// WholeSectors fills the Whole figures of o (SectorName.Whole: drinking
// water, the project library, labour transfer, business entities and
// 和美乡村) with those of scope as of day: for the region asked, and for
// each child region, which SectorDetail.Within cannot sum from entries.
func WholeSectors(ctx context.Context, q store.Querier, scope store.Scope, day civil.Date, o *Sectors) error {
	var err error
	if o.Water, err = water.FiguresAt(ctx, q, scope, day); err != nil {
		return err
	}
	if o.Projects, err = project.FiguresAt(ctx, q, scope, day); err != nil {
		return err
	}
	if o.Labour, err = LabourAt(ctx, q, scope, day); err != nil {
		return err
	}
	if o.Entities, err = entity.FiguresAt(ctx, q, scope, day); err != nil {
		return err
	}
	o.Village, err = villageFigures(ctx, q, scope, day)
	return err
}
