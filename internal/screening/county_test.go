package screening

import (
	"reflect"
	"testing"
)

// TestCounties: a screen over two counties warns in both, counts both, and
// a household that moved to the other county after its warning is not
// warned again for the same period.
func TestCounties(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		a, pa := w.family(villageA, 2)
		x, px := w.family(villageX, 2)
		quiet, pq := w.family(villageB, 1)
		w.claim(pa, 20260301, 2_500_000)
		w.claim(px, 20260302, 2_100_000)
		w.claim(pq, 20260303, 100)
		res := w.screen("2026-11-28")
		if got := w.warned(MedicalOOP); !reflect.DeepEqual(got, ids(a, x)) {
			t.Errorf("warned %v, want %v (not %d)", got, ids(a, x), quiet)
		}
		if n := res.Rules[MedicalOOP]; n.Households != 2 || n.NewWarnings != 2 {
			t.Errorf("first screen %+v", n)
		}
		w.exec("UPDATE households SET region_code = ? WHERE id = ?", villageX, a)
		w.exec("UPDATE persons SET region_code = ? WHERE household_id = ?", villageX, a)
		res = w.screen("2026-11-29")
		if n := res.Rules[MedicalOOP]; n.Households != 2 || n.NewWarnings != 0 {
			t.Errorf("second screen %+v", n)
		}
		if n := w.count("SELECT count(*) FROM warnings"); n != 2 {
			t.Errorf("%d warnings", n)
		}
	})
}

// TestBucket: rows split by part keep their order; part −1 is left out.
func TestBucket(t *testing.T) {
	rows := []feedRow{{id: 1}, {id: 2}, {id: 3}, {id: 4}, {id: 5}}
	parts := bucket(rows, 3, func(r feedRow) int { return []int{2, 0, -1, 2, 0}[r.id-1] })
	want := [][]feedRow{{{id: 2}, {id: 5}}, {}, {{id: 1}, {id: 4}}}
	for k := range want {
		if len(parts[k]) != len(want[k]) || len(want[k]) > 0 && !reflect.DeepEqual(parts[k], want[k]) {
			t.Errorf("part %d: %v, want %v", k, parts[k], want[k])
		}
	}
}

// TestStoredSet: stored warnings are found by household, rule and period,
// a period that is not a year too.
func TestStoredSet(t *testing.T) {
	set := &storedSet{years: map[storedKey]struct{}{}, other: map[string]struct{}{}}
	set.add(7, MedicalOOP, "2026")
	set.add(8, Dropout, "2026-Q1")
	hits := []hit{{household: 7, rule: MedicalOOP, period: "2026"}, {household: 7, rule: MedicalOOP, period: "2025"},
		{household: 7, rule: Dropout, period: "2026"}, {household: 8, rule: Dropout, period: "2026-Q1"},
		{household: 9, rule: MedicalOOP, period: "2026"}}
	got := set.unstored(hits)
	if len(got) != 3 || got[0].period != "2025" || got[1].rule != Dropout || got[2].household != 9 {
		t.Errorf("unstored %+v", got)
	}
}
