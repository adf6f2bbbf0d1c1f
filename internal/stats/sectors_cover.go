package stats

import (
	"database/sql"

	"fangpin/internal/registry"
)

// cover records the entries of the insurance and family-doctor figures of
// the medical block (docs/figures.md, "Sectors (三保障)"): the persons, and
// the households each named by a member on as_of (its 户主, else the member
// of the lowest id). monitored are the households monitored on as_of,
// safetyNet the persons with 低保 or 特困 support covering as_of.
func (r *sectorRun) cover(monitored, safetyNet map[int64]bool) error {
	type person struct {
		id, hh, subsidy int64
		village         string
	}
	var persons, insured []person
	type named struct {
		pid     int64
		head    bool
		village string
	}
	heads := map[int64]named{} // 脱贫户 or monitored, with a member on as_of → the member named
	signed := map[int64]bool{} // of those, with a member's contract covering as_of
	err := r.members(monitored, func(p memberAtDay) {
		key := p.typ == registry.TypeFormerlyPoor || monitored[p.hh]
		if key {
			if h, ok := heads[p.hh]; !ok || (p.head && !h.head) || (p.head == h.head && p.id < h.pid) {
				heads[p.hh] = named{p.id, p.head, p.village}
			}
			if p.contract {
				signed[p.hh] = true
			}
		}
		if !key && !safetyNet[p.id] {
			return
		}
		persons = append(persons, person{p.id, p.hh, 0, p.village})
		if p.subsidy.Valid {
			insured = append(insured, person{p.id, p.hh, p.subsidy.Int64, p.village})
		}
	})
	if err != nil {
		return err
	}
	for _, p := range persons {
		r.add("medical.low_income_persons", p.hh, p.id, p.village, 1)
	}
	for _, p := range insured {
		r.add("medical.low_income_insured", p.hh, p.id, p.village, 1)
		r.add("medical.premium_subsidy", p.hh, p.id, p.village, p.subsidy)
	}
	for hh, h := range heads {
		r.add("medical.doctor_households_total", hh, h.pid, h.village, 1)
		if signed[hh] {
			r.add("medical.doctor_households", hh, h.pid, h.village, 1)
		}
	}
	return nil
}

// setShares derives the block's shares from its counts (newSectorDetail
// and Within: the counts are their entries' sums).
func (s *Sectors) setShares() {
	m := &s.Medical
	m.LowIncomeInsuredShare = share(m.LowIncomeInsured, m.LowIncomePersons)
	m.DoctorHouseholdsShare = share(m.DoctorHouseholds, m.DoctorHouseholdsTotal)
}

// share is n over of, 0 when of is 0.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// memberAtDay is a person that members reads, on as_of: their household and its
// type; whether they are its head (户主); the 资助参保金额 of their insurance of as_of's year (the row of the
// latest 参保日期 on or before as_of, then the row stored last; not Valid
// without one); whether a family-doctor contract of theirs covers as_of.
type memberAtDay struct {
	id, hh   int64
	village  string
	typ      string
	head     bool // 户主
	subsidy  sql.NullInt64
	contract bool
}

// memberCols are the insurance and contract of p, for members.
const memberCols = `(SELECT i.subsidy_fen FROM feed_insurance i WHERE i.person_id = p.id AND i.year = ? AND i.day <= ?
	ORDER BY i.day DESC, i.id DESC LIMIT 1),
	CASE WHEN EXISTS (SELECT 1 FROM feed_doctor d WHERE d.person_id = p.id AND d.signed <= ?
	AND (d.end_day IS NULL OR d.end_day >= ?)) THEN 1 ELSE 0 END`

// members calls fn for every member on as_of of a household of the scope
// that may be low-income then (a 脱贫户, a household monitored on as_of, or
// a person with 低保 or 特困 support covering as_of), with the household's
// type on as_of; fn sees each person once. Households changed since as_of
// and monitored households are read by their ids, whatever they are now.
// Every member of a 脱贫户 or monitored household is among them.
func (r *sectorRun) members(monitored map[int64]bool, fn func(memberAtDay)) error {
	// The first query passes every member of its households, the later ones
	// skip those households' and the persons they passed themselves (a set
	// of households and a small one of persons, not one of every member).
	done := map[int64]bool{}
	seen := map[int64]bool{}
	first, last := true, int64(0)
	var p memberAtDay
	var contract int
	var relation string
	each := func(hh int64, village, typ string) {
		switch {
		case first:
			if hh != last {
				done[hh], last = true, hh
			}
		case done[hh] || seen[p.id]:
			return
		default:
			seen[p.id] = true
		}
		p.hh, p.village, p.typ, p.contract, p.head = hh, village, typ, contract == 1, relation == "户主"
		fn(p)
	}
	dest := []any{&p.id, &relation, &p.subsidy, &contract}
	// 脱贫户: households drive, their region range, then their persons
	cols := "SELECT h.id, h.region_code, h.type, p.id, p.relation, " + memberCols
	base := cols + " FROM households h CROSS JOIN persons p WHERE p.household_id = h.id AND " + memberAt + " AND "
	args := []any{r.day / 10000, r.day, r.day, r.day, r.end, r.end}
	if err := r.inScope(base+"h.type = ? AND ", append(args, registry.TypeFormerlyPoor), dest, each); err != nil {
		return err
	}
	first = false
	// 低保 and 特困: the support rows drive
	net := cols + " FROM (SELECT DISTINCT person_id FROM feed_civil WHERE person_id IS NOT NULL AND " + safetyNetAt +
		") c CROSS JOIN persons p CROSS JOIN households h WHERE p.id = c.person_id AND h.id = p.household_id AND " + memberAt + " AND "
	if err := r.inScope(net, append([]any{r.day / 10000, r.day, r.day, r.day, r.day, r.day}, r.end, r.end), dest, each); err != nil {
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
	return eachIDs(ids, func(in string, hh []any) error {
		return r.scan(base+"h.id IN "+in, append(append([]any{}, args...), hh...), dest, each)
	})
}
