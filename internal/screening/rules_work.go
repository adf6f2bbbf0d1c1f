package screening

// work is one person's employment rows up to as_of: the latest row, and
// the latest 务工 row before it.
type work struct {
	last, worked feedRow
	hasWorked    bool
}

// unemployment: a person whose latest employment row on or before as_of is
// 失业, dated in the window, and whose income came from 务工: an earlier 务工
// row, or 务工时间 > 0 months in the registry. A later 务工 row (found work
// again) cancels an earlier 失业. Its period is the year of the latest 失业
// row among the household's persons; the evidence cites each such 失业 row
// and the 务工 row before it.
func unemployment(s *snapshot) []hit {
	i := ruleIndex(Unemployment)
	people := map[int32]*work{}
	for _, r := range s.employment {
		if s.household(r.person) == 0 {
			continue
		}
		w := people[r.person]
		if w == nil {
			w = &work{last: r}
			people[r.person] = w
		}
		w.add(r)
	}
	groups := map[int32][]*work{}
	for p, w := range people {
		h := s.household(p)
		v := s.version(h, i)
		if v.Enabled && w.last.amount == jobLossCode && s.window(h, i).has(int(w.last.day)) &&
			(w.hasWorked || s.facts[p].workMonths > 0) {
			groups[h] = append(groups[h], w)
		}
	}
	hits := make([]hit, 0, len(groups))
	for h, ws := range groups {
		var rows, lost []feedRow
		for _, w := range ws {
			lost, rows = append(lost, w.last), append(rows, w.last)
			if w.hasWorked {
				rows = append(rows, w.worked)
			}
		}
		last := latest(lost)
		x := s.newHit(h, i, yearOf(int(last.day)))
		x.person = int64(last.person)
		x.figures = map[string]int64{"persons": int64(len(ws)), "day": int64(last.day),
			"work_months": int64(s.facts[last.person].workMonths)}
		x.cite("feed_employment", rows, nil)
		hits = append(hits, x)
	}
	return hits
}

// add takes one more row of the person, in any order.
func (w *work) add(r feedRow) {
	if byDay(r, w.last) > 0 {
		if w.last.amount == workCode {
			w.worked, w.hasWorked = w.last, true
		}
		w.last = r
	} else if r.amount == workCode && r.id != w.last.id && (!w.hasWorked || byDay(r, w.worked) > 0) {
		w.worked, w.hasWorked = r, true
	}
}
