package screening

import "fangpin/internal/civil"

// events groups, per household, the rows of a windowed rule that keep
// accepts, and turns each group into a hit: period the year of the latest
// row, person the latest row's person, figures from fig.
func (s *snapshot) events(rows []feedRow, rule Rule, table string, keep func(v *RuleVersion, r feedRow) bool,
	fig func(last feedRow) map[string]int64) []hit {
	i := ruleIndex(rule)
	groups := map[int32][]feedRow{}
	s.each(rows, i, func(h int32, v *RuleVersion, r feedRow) {
		if keep(v, r) {
			groups[h] = append(groups[h], r)
		}
	})
	hits := make([]hit, 0, len(groups))
	for h, rows := range groups {
		last := latest(rows)
		x := s.newHit(h, i, yearOf(int(last.day)))
		x.person, x.figures = int64(last.person), fig(last)
		x.figures["rows"] = int64(len(rows))
		x.cite(table, rows, nil)
		hits = append(hits, x)
	}
	return hits
}

// dropout: a 辍学 row for a person aged MinAge–MaxAge on the row's date.
func dropout(s *snapshot) []hit {
	return s.events(s.education, Dropout, "feed_education", func(v *RuleVersion, r feedRow) bool {
		b := s.facts[r.person].birth
		age := civil.AgeOn(civil.Date(b), civil.Date(r.day))
		return b != 0 && age >= v.MinAge && age <= v.MaxAge
	}, func(last feedRow) map[string]int64 {
		return map[string]int64{"age": int64(civil.AgeOn(civil.Date(s.facts[last.person].birth), civil.Date(last.day)))}
	})
}

// labourDeath: the death of a person whose 劳动技能 is 普通劳动力 or 技能劳动力,
// counted for the person's household even though the person has left it.
func labourDeath(s *snapshot) []hit {
	return s.events(s.death, LabourDeath, "feed_death", func(_ *RuleVersion, r feedRow) bool {
		return s.facts[r.person].labour
	}, func(last feedRow) map[string]int64 { return map[string]int64{"died": int64(last.day)} })
}

// severeDisability: a certificate of grade 1..MaxGrade issued in the window.
func severeDisability(s *snapshot) []hit {
	return s.events(s.disability, SevereDisability, "feed_disability", func(v *RuleVersion, r feedRow) bool {
		return r.amount >= 1 && r.amount <= int64(v.MaxGrade)
	}, func(last feedRow) map[string]int64 { return map[string]int64{"grade": last.amount} })
}

// unsafeHouse: the household's latest rating on or before as_of, whatever
// its age, is C or D (figure "grade" 3 or 4). Its period is the rating's
// year.
func unsafeHouse(s *snapshot) []hit {
	i := ruleIndex(UnsafeHouse)
	last := map[int32]feedRow{}
	for _, r := range s.housing {
		h := s.household(r.person)
		if l, ok := last[h]; h != 0 && (!ok || byDay(r, l) > 0) {
			last[h] = r
		}
	}
	var hits []hit
	for h, r := range last {
		if !s.version(h, i).Enabled || r.amount != 3 && r.amount != 4 {
			continue
		}
		x := s.newHit(h, i, yearOf(int(r.day)))
		x.person, x.figures = int64(r.person), map[string]int64{"assessed": int64(r.day), "grade": r.amount}
		x.cite("feed_housing", []feedRow{r}, nil)
		hits = append(hits, x)
	}
	return hits
}
