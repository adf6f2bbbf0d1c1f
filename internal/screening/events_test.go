package screening

import (
	"reflect"
	"testing"
)

const asOf = "2026-11-28"

// check screens at asOf and compares the households warned for rule.
func check(t *testing.T, w *world, rule Rule, want []int64) *Result {
	t.Helper()
	res := w.screen(asOf)
	if got := w.warned(rule); !reflect.DeepEqual(got, ids(want...)) {
		t.Fatalf("%s: warned %v, want %v", rule, got, ids(want...))
	}
	if n := res.Rules[rule].Households; n != len(want) {
		t.Fatalf("%s: %d households, want %d", rule, n, len(want))
	}
	return res
}

// TestDropout: a 辍学 row in the window for a person aged 6–15 on the row's
// date (a birthday counts from its day).
func TestDropout(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			name, birth, status string
			day                 int
			fires               bool
		}{
			{"fifteen, the day before turning 16", "2010-11-29", "辍学", 20261128, true},
			{"sixteen that day", "2010-11-28", "辍学", 20261128, false},
			{"six that day", "2020-06-01", "辍学", 20260601, true},
			{"five, the day before", "2020-06-01", "辍学", 20260531, false},
			{"at school", "2014-01-01", "在校", 20260601, false},
			{"before the window", "2014-01-01", "辍学", 20251128, false},
			{"first day of the window", "2014-01-01", "辍学", 20251129, true},
			{"after as_of", "2014-01-01", "辍学", 20261129, false},
			{"born 29 February: still 5 on 28 February", "2020-02-29", "辍学", 20260228, false},
			{"born 29 February: 6 on 1 March", "2020-02-29", "辍学", 20260301, true},
		}
		var want []int64
		for _, c := range cases {
			hh, _ := w.family(villageA, 1)
			child := w.member(hh, person{birth: c.birth})
			w.education(child, c.day, c.status)
			if c.fires {
				want = append(want, hh)
			}
		}
		check(t, w, Dropout, want)
		x := w.warning(want[0], Dropout)
		if x.Figures["age"] != 15 || x.PersonID == 0 || x.Period != "2026" || x.Threshold.MaxAge != 15 {
			t.Errorf("warning %+v", x)
		}
	})
}

// TestUnsafeHouse: the latest rating on or before as_of, whatever its age,
// is C or D.
func TestUnsafeHouse(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			name    string
			ratings map[int]string
			fires   bool
		}{
			{"rated C", map[int]string{20260301: "C"}, true},
			{"rated D long ago", map[int]string{20200301: "D"}, true},
			{"rated B", map[int]string{20260301: "B"}, false},
			{"D, then repaired to A", map[int]string{20250301: "D", 20260301: "A"}, false},
			{"A, then C", map[int]string{20250301: "A", 20260301: "c"}, true},
			{"D after as_of", map[int]string{20250301: "B", 20261129: "D"}, false},
		}
		var want []int64
		for _, c := range cases {
			hh, head := w.family(villageA, 2)
			for d, g := range c.ratings {
				w.housing(head, d, g)
			}
			if c.fires {
				want = append(want, hh)
			}
		}
		check(t, w, UnsafeHouse, want)
		x := w.warning(want[1], UnsafeHouse)
		if x.Period != "2020" || x.Figures["grade"] != 4 || x.Evidence.Count != 1 {
			t.Errorf("warning %+v", x)
		}
	})
}

// TestDisasterLoss: losses over the window exceed 10,000 元, or 30% of
// the annual income when known.
func TestDisasterLoss(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			name   string
			losses []int64
			income int64 // per capita, 3 members
			fires  bool
		}{
			{"at the amount", []int64{1_000_000}, 0, false},
			{"one fen over", []int64{1_000_001}, 0, true},
			{"two losses add up", []int64{500_000, 500_001}, 0, true},
			{"30% of the income", []int64{900_000}, 1_000_000, false},
			{"over 30%", []int64{900_001}, 1_000_000, true},
		}
		var want []int64
		for _, c := range cases {
			hh, head := w.family(villageA, 3)
			if c.income != 0 {
				w.income(hh, 2025, c.income)
			}
			for _, l := range c.losses {
				w.disaster(head, 20260701, l)
			}
			if c.fires {
				want = append(want, hh)
			}
		}
		hh, head := w.family(villageA, 3) // outside the window
		w.disaster(head, 20251128, 5_000_000)
		_ = hh
		check(t, w, DisasterLoss, want)
		if x := w.warning(want[1], DisasterLoss); x.Figures["loss_fen"] != 1_000_001 || x.Evidence.Count != 2 {
			t.Errorf("warning %+v", x)
		}
	})
}

// TestLabourDeath: a member with 普通 or 技能 labour died in the window;
// the person has left the registry's current members.
func TestLabourDeath(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			skill string
			day   int
			fires bool
		}{
			{"普通劳动力", 20260501, true},
			{"技能劳动力", 20260501, true},
			{"弱劳动力或半劳动力", 20260501, false},
			{"无劳动力", 20260501, false},
			{"普通劳动力", 20251128, false},
		}
		var want []int64
		for _, c := range cases {
			hh, _ := w.family(villageA, 2)
			dead := w.member(hh, person{skill: c.skill, inactive: true})
			w.death(dead, c.day)
			if c.fires {
				want = append(want, hh)
			}
		}
		check(t, w, LabourDeath, want)
	})
}

// TestSevereDisability: a certificate of grade 一级 or 二级 issued in the
// window.
func TestSevereDisability(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			grade, day int
			fires      bool
		}{
			{1, 20260501, true},
			{2, 20260501, true},
			{3, 20260501, false},
			{1, 20251128, false},
			{2, 20251129, true},
		}
		var want []int64
		for _, c := range cases {
			hh, head := w.family(villageA, 2)
			w.disability(head, c.day, c.grade)
			if c.fires {
				want = append(want, hh)
			}
		}
		check(t, w, SevereDisability, want)
	})
}

// TestUnemployment: the latest employment row up to as_of says 失业, dated
// in the window, and the person worked before (a 务工 row, or 务工时间 in the
// registry).
func TestUnemployment(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		type row struct {
			day    int
			status string
		}
		cases := []struct {
			name   string
			months any
			rows   []row
			fires  bool
		}{
			{"worked, then lost the job", nil, []row{{20250101, "务工"}, {20260601, "失业"}}, true},
			{"work months in the registry", 6, []row{{20260601, "失业"}}, true},
			{"no work history", nil, []row{{20260601, "失业"}}, false},
			{"zero work months", 0, []row{{20260601, "失业"}}, false},
			{"found work again", nil, []row{{20250101, "务工"}, {20260601, "失业"}, {20260901, "务工"}}, false},
			{"found work after as_of", nil, []row{{20250101, "务工"}, {20260601, "失业"}, {20261201, "务工"}}, true},
			{"lost the job before the window", 6, []row{{20251128, "失业"}}, false},
		}
		var want []int64
		for _, c := range cases {
			hh, _ := w.family(villageA, 1)
			p := w.member(hh, person{workMonths: c.months})
			for _, r := range c.rows {
				w.employment(p, r.day, r.status)
			}
			if c.fires {
				want = append(want, hh)
			}
		}
		check(t, w, Unemployment, want)
		if x := w.warning(want[0], Unemployment); x.Evidence.Count != 2 || x.Period != "2026" {
			t.Errorf("warning %+v", x)
		}
	})
}
