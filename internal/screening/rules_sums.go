package screening

// each calls fn for every row of a loaded household dated within the window
// of rule i in force for it, when that version is enabled.
func (s *snapshot) each(rows []feedRow, i int, fn func(h int32, v *RuleVersion, r feedRow)) {
	for _, r := range rows {
		h := s.household(r.person)
		if h == 0 {
			continue
		}
		if v := s.version(h, i); v.Enabled && s.window(h, i).has(int(r.day)) {
			fn(h, v, r)
		}
	}
}

// exceeds applies the two tests of medical_oop and disaster_loss: the sum
// exceeds the amount, or 人均纯收入 is known and the sum exceeds Percent % of
// the annual net income (人均纯收入 × current members), compared in integers.
func exceeds(sum int64, v *RuleVersion, in income, members int32) bool {
	return sum > v.AmountFen || in.year != 0 && 100*sum > int64(v.Percent)*in.fen*int64(members)
}

// sumFigures are the numbers of a sum rule.
func sumFigures(key string, sum int64, rows int, in income, members int32) map[string]int64 {
	f := map[string]int64{key: sum, "rows": int64(rows), "members": int64(members)}
	if in.year != 0 {
		f["income_year"], f["income_fen"], f["annual_income_fen"] = int64(in.year), in.fen, in.fen*int64(members)
	}
	return f
}

// medicalOOP: 个人自付 of the household's current members over the window
// exceeds the amount or the share of annual income. Its period is the as_of
// year. The evidence is the claims with the largest 个人自付.
func medicalOOP(s *snapshot) []hit {
	i := ruleIndex(MedicalOOP)
	// indexed by the household's place in the county's homes (s.local)
	sums, counts := make([]int64, len(s.homes)), make([]int32, len(s.homes))
	current := func(fn func(k int32, r feedRow)) {
		s.each(s.medical, i, func(h int32, _ *RuleVersion, r feedRow) {
			if !s.inactive.has(r.person) {
				fn(s.local[h], r)
			}
		})
	}
	current(func(k int32, r feedRow) { sums[k] += r.amount; counts[k]++ })
	fired := make([]int32, len(s.homes)) // household → 1 + its hit's index
	var hits []hit
	for k, sum := range sums {
		if counts[k] == 0 {
			continue
		}
		h := s.homes[k]
		in, members := s.incomeOf(h), s.hh[h].members
		if exceeds(sum, s.version(h, i), in, members) {
			x := s.newHit(h, i, itoa(s.asOf.Year()))
			x.figures = sumFigures("oop_fen", sum, int(counts[k]), in, members)
			hits = append(hits, x)
			fired[k] = int32(len(hits))
		}
	}
	rows := make([][]feedRow, len(hits))
	current(func(k int32, r feedRow) {
		if n := fired[k]; n != 0 {
			rows[n-1] = append(rows[n-1], r)
		}
	})
	for k := range hits {
		hits[k].cite("feed_medical", rows[k], byAmount)
	}
	return hits
}

// disasterLoss: the losses reported under any ID of the household over the
// window exceed the amount or the share of annual income. Its period is the
// year of the latest loss counted.
func disasterLoss(s *snapshot) []hit {
	i := ruleIndex(DisasterLoss)
	groups := map[int32][]feedRow{}
	s.each(s.disaster, i, func(h int32, _ *RuleVersion, r feedRow) { groups[h] = append(groups[h], r) })
	var hits []hit
	for h, rows := range groups {
		var sum int64
		for _, r := range rows {
			sum += r.amount
		}
		in, members := s.incomeOf(h), s.hh[h].members
		if !exceeds(sum, s.version(h, i), in, members) {
			continue
		}
		x := s.newHit(h, i, yearOf(int(latest(rows).day)))
		x.figures = sumFigures("loss_fen", sum, len(rows), in, members)
		x.cite("feed_disaster", rows, byAmount)
		hits = append(hits, x)
	}
	return hits
}

// incomeRules: income_below_range (人均纯收入 of the latest year strictly
// below that year's monitoring line, household not monitored at as_of) and
// income_drop (fell by more than Percent % from the year before). Their
// period is the income year.
func incomeRules(s *snapshot) ([]hit, error) {
	below, drop := ruleIndex(IncomeBelowRange), ruleIndex(IncomeDrop)
	var hits []hit
	for _, h := range s.homes {
		in := s.incomeOf(h)
		if in.year == 0 {
			continue
		}
		if s.version(h, below).Enabled && !s.hh[h].monitored {
			x, ok, err := s.belowRange(h, below, in)
			if err != nil {
				return nil, err
			}
			if ok {
				hits = append(hits, x)
			}
		}
		if v := s.version(h, drop); v.Enabled && in.prevYear == in.year-1 && in.prevFen > 0 &&
			100*(in.prevFen-in.fen) > int64(v.Percent)*in.prevFen {
			x := s.newHit(h, drop, itoa(int(in.year)))
			x.figures = map[string]int64{"income_year": int64(in.year), "income_fen": in.fen,
				"prev_income_year": int64(in.prevYear), "prev_income_fen": in.prevFen, "drop_fen": in.prevFen - in.fen}
			x.facts = x.figures
			hits = append(hits, x)
		}
	}
	return hits, nil
}

func (s *snapshot) belowRange(h int32, i int, in income) (hit, bool, error) {
	ok, line, err := s.lines.below(s.hh[h].village, s.villages[s.hh[h].village], int(in.year), in.fen)
	if err != nil || !ok {
		return hit{}, false, err
	}
	x := s.newHit(h, i, itoa(int(in.year)))
	x.line = line
	x.figures = map[string]int64{"income_year": int64(in.year), "income_fen": in.fen, "line_fen": line.Fen}
	x.facts = map[string]int64{"income_year": int64(in.year), "income_fen": in.fen}
	return x, true, nil
}
