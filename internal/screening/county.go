package screening

import (
	"cmp"
	"slices"
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
// the feed rows of their persons; rows of persons whose household is not
// loaded are left out, as the rules leave them out.
func (s *snapshot) counties() []*snapshot {
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
	for _, f := range s.feeds() {
		parts := bucket(*f(s), len(codes), countyOfRow)
		for k, v := range views {
			*f(v) = parts[k]
		}
		*f(s) = nil // the views hold the rows now: the old order can go before the next table is split
	}
	slices.SortFunc(views, func(a, b *snapshot) int { return cmp.Compare(a.county, b.county) })
	return views
}

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

// bucket splits rows into n parts by part (−1: left out), keeping their
// order within a part (a counting sort into one new array).
func bucket(rows []feedRow, n int, part func(feedRow) int) [][]feedRow {
	starts := make([]int, n+1)
	for _, r := range rows {
		if k := part(r); k >= 0 {
			starts[k+1]++
		}
	}
	for k := 1; k <= n; k++ {
		starts[k] += starts[k-1]
	}
	out := make([]feedRow, starts[n])
	next := append([]int(nil), starts[:n]...)
	for _, r := range rows {
		if k := part(r); k >= 0 {
			out[next[k]] = r
			next[k]++
		}
	}
	parts := make([][]feedRow, n)
	for k := range n {
		parts[k] = out[starts[k]:starts[k+1]:starts[k+1]]
	}
	return parts
}
