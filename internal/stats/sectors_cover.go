package stats

import "fangpin/internal/registry"

// cover fills the insurance and family-doctor figures of the medical block
// (docs/figures.md, "Sectors (三保障)"): monitored are the households
// monitored on as_of, safetyNet the persons with 低保 or 特困 support
// covering as_of.
func (r *sectorRun) cover(o *Sectors, monitored, safetyNet map[int64]bool) error {
	low := map[int64]bool{}   // low-income persons
	keyHH := map[int64]bool{} // 脱贫户 or monitored, with a member on as_of
	err := r.members(monitored, func(pid, hh int64, typ string) {
		key := typ == registry.TypeFormerlyPoor || monitored[hh]
		if key {
			keyHH[hh] = true
		}
		if key || safetyNet[pid] {
			low[pid] = true
		}
	})
	if err != nil {
		return err
	}
	type enrolment struct{ day, id, subsidy int64 }
	latest := map[int64]enrolment{}
	var pid, day, id, subsidy int64
	err = r.each("p.id, f.day, f.id, f.subsidy_fen", "feed_insurance f", nil, "f.year = ? AND f.day <= ?",
		[]any{r.day / 10000, r.day}, []any{&pid, &day, &id, &subsidy}, func(int64, string) {
			if l, ok := latest[pid]; !ok || day > l.day || (day == l.day && id > l.id) {
				latest[pid] = enrolment{day, id, subsidy}
			}
		})
	if err != nil {
		return err
	}
	m := &o.Medical
	m.LowIncomePersons = len(low)
	for p := range low {
		if e, ok := latest[p]; ok {
			m.LowIncomeInsured++
			m.PremiumSubsidy += e.subsidy
		}
	}
	signed := map[int64]bool{}
	err = r.each("f.id", "feed_doctor f", nil, "f.signed <= ? AND (f.end_day IS NULL OR f.end_day >= ?)",
		[]any{r.day, r.day}, []any{&id}, func(hh int64, _ string) { signed[hh] = true })
	if err != nil {
		return err
	}
	m.DoctorHouseholdsTotal = len(keyHH)
	for hh := range keyHH {
		if signed[hh] {
			m.DoctorHouseholds++
		}
	}
	m.LowIncomeInsuredShare = share(m.LowIncomeInsured, m.LowIncomePersons)
	m.DoctorHouseholdsShare = share(m.DoctorHouseholds, m.DoctorHouseholdsTotal)
	return nil
}

// share is n over of, 0 when of is 0.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// members calls fn for every member on as_of of a household of the scope
// that may be low-income then (a 脱贫户, a household monitored on as_of, or
// a person with 低保 or 特困 support covering as_of), with the household's
// type on as_of; fn sees each person once. Households changed since as_of
// and monitored households are read by their ids, whatever they are now.
func (r *sectorRun) members(monitored map[int64]bool, fn func(pid, hh int64, typ string)) error {
	seen := map[int64]bool{}
	var pid int64
	each := func(hh int64, typ string) {
		if !seen[pid] {
			seen[pid] = true
			fn(pid, hh, typ)
		}
	}
	// households drive: their region range, then their persons
	base := "SELECT h.id, h.region_code, h.type, p.id FROM households h CROSS JOIN persons p WHERE p.household_id = h.id AND " +
		memberAt + " AND "
	cond := "(h.type = ? OR p.id IN (SELECT person_id FROM feed_civil WHERE person_id IS NOT NULL AND " + safetyNetAt + ")) AND "
	if err := r.inScope(base+cond, []any{r.end, r.end, registry.TypeFormerlyPoor, r.day, r.day}, []any{&pid}, each); err != nil {
		return err
	}
	ids := make([]int64, 0, len(monitored)+len(r.places))
	for hh := range monitored {
		ids = append(ids, hh)
	}
	for hh := range r.places {
		if !monitored[hh] {
			ids = append(ids, hh)
		}
	}
	return eachIDs(ids, func(in string, args []any) error {
		return r.scan(base+"h.id IN "+in, append([]any{r.end, r.end}, args...), []any{&pid}, each)
	})
}
