package screening

import (
	"fmt"
	"reflect"
	"testing"

	"fangpin/internal/region"
	"fangpin/internal/store"
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
		w.exec("UPDATE households SET region_code = ?, county = ? WHERE id = ?", villageX, region.County(villageX), a)
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

// TestCitesTheRowsOfAMovedHousehold: a claim stamped with the county its
// household had then still links the warning to its file once the
// household has moved to another county (fileOf looks in the county's rows
// first, then by id).
func TestCitesTheRowsOfAMovedHousehold(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		a, pa := w.family(villageA, 2)
		x, px := w.family(villageX, 2)
		claimA := w.claim(pa, 20260301, 2_500_000)
		w.claim(px, 20260302, 2_100_000)
		w.exec("UPDATE households SET region_code = ?, county = ? WHERE id = ?", villageX, region.County(villageX), a)
		w.exec("UPDATE persons SET region_code = ? WHERE household_id = ?", villageX, a)
		if n := w.count("SELECT count(*) FROM feed_medical WHERE id = ? AND county = ?", claimA, region.County(villageA)); n != 1 {
			t.Fatalf("the claim should keep the county of its match, %d rows", n)
		}
		w.screen("2026-11-28")
		if got := w.warned(MedicalOOP); !reflect.DeepEqual(got, ids(a, x)) {
			t.Fatalf("warned %v, want %v", got, ids(a, x))
		}
		for _, hh := range []int64{a, x} {
			n := w.count(`SELECT count(*) FROM warning_files l JOIN warnings w ON w.id = l.warning_id
				WHERE w.household_id = ? AND l.file_id = ?`, hh, w.file("feed_medical"))
			if n != 1 {
				t.Errorf("household %d: %d links to the claims' file", hh, n)
			}
		}
	})
}

// TestSplit: rows dealt out by part keep their order, part −1 is left out,
// and the same holds when every buffer writes its rows to the spill after
// each one (spillRows 1) and reads them back.
func TestSplit(t *testing.T) {
	rows := &rowBuffer{}
	for id := range int64(9) {
		rows.add(feedRow{id: id + 1, person: int32(id), amount: -id * 1 << 40, day: 20261101 + int32(id)})
	}
	part := func(r feedRow) int { return []int{2, 0, -1, 2, 0, 2, 2, -1, 0}[r.id-1] }
	want := [][]int64{{2, 5, 9}, {}, {1, 4, 6, 7}}
	for _, limit := range []int{1 << 20, 1} {
		defer func(old int) { spillRows = old }(spillRows)
		spillRows = limit
		sp := &spill{}
		parts, err := split(rows, 3, part, sp)
		if err != nil {
			t.Fatal(err)
		}
		for k := range want {
			if limit == 1 && k != 1 && len(parts[k].segs) == 0 {
				t.Errorf("limit %d, part %d: nothing went to the spill", limit, k)
			}
			got, err := parts[k].take()
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range got {
				ids = append(ids, r.id)
				if r.person != int32(r.id-1) || r.amount != -(r.id-1)*1<<40 || r.day != 20261100+int32(r.id) {
					t.Errorf("limit %d: row %+v came back changed", limit, r)
				}
			}
			if len(ids) != len(want[k]) || len(ids) > 0 && !reflect.DeepEqual(ids, want[k]) {
				t.Errorf("limit %d, part %d: %v, want %v", limit, k, ids, want[k])
			}
		}
		sp.close()
	}
}

// TestBufferByPerson: a buffer's rows come out in the same person order
// whether they were held in memory (sorted straight out of the blocks) or
// partly written to the spill.
func TestBufferByPerson(t *testing.T) {
	var rows []feedRow
	for i := range 70_000 {
		rows = append(rows, feedRow{id: int64(i + 1), person: int32(i*7919%50_000 + 1), day: 20260101})
	}
	want := byPerson(append([]feedRow(nil), rows...))
	sp := &spill{}
	defer sp.close()
	for _, b := range []*rowBuffer{{}, {sp: sp, limit: 5_000}} {
		for _, r := range rows {
			b.add(r)
		}
		if b.sp != nil && len(b.segs) == 0 {
			t.Fatal("nothing went to the spill")
		}
		got, err := b.byPerson()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("spill %v: rows in another order", b.sp != nil)
		}
	}
}

// TestSpilledScreen: a screen whose feed rows all go through the spill
// (spillRows 1) stores the same warnings, with the same figures and
// evidence, as one that holds them in memory, over two counties and every
// feed a rule reads.
func TestSpilledScreen(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		db := w.db
		for i, v := range []string{villageA, villageB, villageX, villageA, villageX} {
			hh, head := w.family(v, 3)
			child := w.member(hh, person{birth: "2012-05-01"})
			w.claim(head, 20260301+i, 2_100_000+int64(i)*1000)
			w.claim(head, 20260401+i, 100)
			w.education(child, 20260901+i, "辍学")
			w.housing(head, 20260501+i, "D")
			w.disaster(head, 20260601+i, 3_000_000)
			w.disability(head, 20260701+i, 1)
			w.employment(head, 20260801+i, "失业")
		}
		stored := func() []string {
			out, err := store.Collect(w.ctx(), db.Reader(), "warnings", func(r store.Scanner) (string, error) {
				var hh int64
				var rule, period, threshold, figures, evidence string
				err := r.Scan(&hh, &rule, &period, &threshold, &figures, &evidence)
				return fmt.Sprint(hh, rule, period, threshold, figures, evidence), err
			}, `SELECT household_id, rule, period, threshold, figures, evidence FROM warnings
				ORDER BY household_id, rule, period`)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		defer func(old int) { spillRows = old }(spillRows)
		spillRows = 1
		s, err := load(w.ctx(), db, store.ScopeAll(), day("2026-11-28"))
		if err != nil {
			t.Fatal(err)
		}
		views, err := s.counties()
		if err != nil {
			t.Fatal(err)
		}
		if len(views) != 2 || len(views[0].rows[feedMedical].segs) == 0 || len(views[1].rows[feedEducation].segs) == 0 {
			t.Errorf("%d views; the rows did not go through the spill", len(views))
		}
		s.sp.close()
		w.screen("2026-11-28")
		spilled := stored()
		if len(spilled) < 5*4 {
			t.Fatalf("only %d warnings: %v", len(spilled), spilled)
		}
		w.exec("DELETE FROM warning_files")
		w.exec("DELETE FROM warnings")
		spillRows = 1 << 20
		w.screen("2026-11-28")
		if held := stored(); !reflect.DeepEqual(held, spilled) {
			t.Errorf("in memory:\n%v\nspilled:\n%v", held, spilled)
		}
	})
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
