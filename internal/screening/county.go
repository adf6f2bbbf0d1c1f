package screening

import (
	"cmp"
	"context"
	"math"
	"slices"

	"fangpin/internal/store"
)

// A screen works county by county (the first six digits of the village
// code): the rules are applied to one county's households and feed rows at
// a time and its new warnings written before the next county's are built,
// so that the hits, their evidence and the encoded warnings in memory are
// one county's (doc.go, "County by county").

// countyOf is the county code of a 12-digit village code.
func countyOf(village string) string { return village[:min(6, len(village))] }

// counties splits the loaded snapshot into one view per county, in county
// code order. A view shares the snapshot's tables (households, persons,
// incomes, versions) and holds its own households (homes, ascending) and
// the feed rows of their persons, which open reads in when the county's
// turn comes; rows of persons whose household is not loaded are left out,
// as the rules leave them out. Whatever the number of counties, no more
// than spillRows rows of a feed are held in memory: the rest wait in the
// spill.
func (s *snapshot) counties() ([]*snapshot, error) {
	index, codes := map[string]int32{}, []string{}
	vc := make([]int32, len(s.villages)) // village index → county index
	for v, code := range s.villages[1:] {
		c := countyOf(code)
		k, ok := index[c]
		if !ok {
			k = int32(len(codes))
			index[c], codes = k, append(codes, c)
		}
		vc[v+1] = k
	}
	views := make([]*snapshot, len(codes))
	for k, code := range codes {
		v := *s
		v.county = code
		v.homes = nil
		views[k] = &v
	}
	s.local = make([]int32, len(s.hh))
	for h := range s.hh {
		if vi := s.hh[h].village; vi != 0 {
			v := views[vc[vi]]
			s.local[h] = int32(len(v.homes))
			v.homes = append(v.homes, int32(h))
		}
	}
	for _, v := range views {
		v.local = s.local
	}
	countyOfRow := func(r feedRow) int {
		if h := s.household(r.person); h != 0 {
			return int(vc[s.hh[h].village])
		}
		return -1
	}
	for i, all := range s.rows {
		if all == nil {
			continue
		}
		parts, err := split(all, len(codes), countyOfRow, s.sp)
		if err != nil {
			return nil, err
		}
		for k, v := range views {
			v.rows[i] = parts[k]
		}
		s.rows[i] = nil // the views hold the rows now
	}
	slices.SortFunc(views, func(a, b *snapshot) int { return cmp.Compare(a.county, b.county) })
	return views, nil
}

// split deals rows out to n buffers by part, keeping their order; part −1
// is left out. When more than spillRows are held in all, every buffer
// writes its rows to sp.
func split(rows *rowBuffer, n int, part func(feedRow) int, sp *spill) ([]*rowBuffer, error) {
	parts := make([]*rowBuffer, n)
	for k := range parts {
		parts[k] = &rowBuffer{sp: sp, limit: math.MaxInt}
	}
	held := 0
	err := rows.each(func(r feedRow) {
		k := part(r)
		if k < 0 {
			return
		}
		parts[k].add(r)
		if held++; held > spillRows && sp != nil {
			for _, p := range parts {
				p.flush()
			}
			held = 0
		}
	})
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
	}
	return parts, nil
}

// open reads the county's feed rows into the view, in person order, and
// the facts of the persons its event rows name.
func (s *snapshot) open(ctx context.Context, q store.Querier) error {
	for i, f := range s.feeds() {
		if s.rows[i] == nil {
			continue
		}
		rows, err := s.rows[i].byPerson()
		if err != nil {
			return err
		}
		*f(s), s.rows[i] = rows, nil
	}
	return loadFacts(ctx, q, s)
}

// close lets the county's rows and facts go.
func (s *snapshot) close() {
	for _, f := range s.feeds() {
		*f(s) = nil
	}
	s.facts = nil
}

// The feeds, in the order of feeds and snapshot.rows.
const (
	feedMedical = iota
	feedEducation
	feedDisability
	feedHousing
	feedDisaster
	feedEmployment
	feedDeath
	feedKinds
)

// feeds lists the snapshot's feed row slices.
func (s *snapshot) feeds() []func(*snapshot) *[]feedRow {
	return []func(*snapshot) *[]feedRow{
		func(x *snapshot) *[]feedRow { return &x.medical },
		func(x *snapshot) *[]feedRow { return &x.education },
		func(x *snapshot) *[]feedRow { return &x.disability },
		func(x *snapshot) *[]feedRow { return &x.housing },
		func(x *snapshot) *[]feedRow { return &x.disaster },
		func(x *snapshot) *[]feedRow { return &x.employment },
		func(x *snapshot) *[]feedRow { return &x.death },
	}
}
