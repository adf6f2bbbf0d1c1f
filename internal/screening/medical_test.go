package screening

import (
	"context"
	"reflect"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestMedicalOOPThresholds: the sum of 个人自付 must exceed 20,000 元 (or
// half the annual income when known), strictly; only current members and
// matched rows count.
func TestMedicalOOPThresholds(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			name   string
			oop    []int64
			income int64 // per capita, 3 current members; 0: unknown
			fires  bool
		}{
			{"at the amount", []int64{2_000_000}, 0, false},
			{"one fen over", []int64{2_000_001}, 0, true},
			{"one fen under", []int64{1_999_999}, 0, false},
			{"claims add up", []int64{1_000_000, 1_000_001}, 0, true},
			{"half the income", []int64{1_500_000}, 1_000_000, false},
			{"over half the income", []int64{1_500_001}, 1_000_000, true},
			{"under half the income", []int64{1_499_999}, 1_000_000, false},
			{"income known, amount still counts", []int64{2_000_001}, 9_000_000, true},
		}
		want := []int64{}
		hhs := map[string]int64{}
		for _, c := range cases {
			hh, head := w.family(villageA, 3)
			hhs[c.name] = hh
			if c.income != 0 {
				w.income(hh, 2025, c.income)
			}
			for _, oop := range c.oop {
				w.claim(head, 20260301, oop)
			}
			if c.fires {
				want = append(want, hh)
			}
		}
		// a member who left: the claims do not count
		left, head := w.family(villageA, 1)
		gone := w.member(left, person{inactive: true})
		w.claim(head, 20260301, 1_000_000)
		w.claim(gone, 20260301, 1_500_000)
		// an unmatched claim counts for nobody
		w.claim(0, 20260301, 5_000_000)

		res := w.screen("2026-11-28")
		if got := w.warned(MedicalOOP); !reflect.DeepEqual(got, ids(want...)) {
			t.Errorf("warned %v, want %v", got, want)
		}
		if n := res.Rules[MedicalOOP]; n.Households != len(want) || n.NewWarnings != len(want) {
			t.Errorf("result %+v, want %d", n, len(want))
		}
		x := w.warning(hhs["over half the income"], MedicalOOP)
		wantFig := map[string]int64{"oop_fen": 1_500_001, "rows": 1, "members": 3, "income_year": 2025,
			"income_fen": 1_000_000, "annual_income_fen": 3_000_000}
		if !reflect.DeepEqual(x.Figures, wantFig) {
			t.Errorf("figures %v, want %v", x.Figures, wantFig)
		}
		if x.Threshold.AmountFen != 2_000_000 || x.Threshold.Percent != 50 || x.Threshold.WindowFrom != "2025-11-29" ||
			x.Threshold.WindowTo != "2026-11-28" || x.Period != "2026" || x.Status != StatusOpen {
			t.Errorf("warning %+v", x)
		}
		if x.Evidence.Table != "feed_medical" || x.Evidence.Count != 1 || len(x.Evidence.Rows) != 1 ||
			x.Evidence.Rows[0].ID == 0 || !reflect.DeepEqual(x.Evidence.Files, []int64{w.files["feed_medical"]}) {
			t.Errorf("evidence %+v", x.Evidence)
		}
		// the stored rows are references: their file and date are the feed row's
		rows, err := Evidence(context.Background(), w.db.Reader(), store.ScopeAll(), x)
		if err != nil || len(rows) != 1 || rows[0].FileID != w.files["feed_medical"] || rows[0].Values[0].Value != "2026-03-01" {
			t.Errorf("evidence rows %+v, %v", rows, err)
		}
	})
}

// TestMedicalWindowEdges: a claim settled exactly one year before as_of is
// out, the next day in, as_of in, the day after out; on 29 February the
// window starts after 28 February of the year before.
func TestMedicalWindowEdges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cases := []struct {
			asOf    string
			settled int
			in      bool
		}{
			{"2026-11-28", 20251128, false},
			{"2026-11-28", 20251129, true},
			{"2026-11-28", 20261128, true},
			{"2026-11-28", 20261129, false},
			{"2024-02-29", 20230228, false},
			{"2024-02-29", 20230301, true},
			{"2025-02-28", 20240228, false},
			{"2025-02-28", 20240229, true},
		}
		w := newWorld(t, db)
		hhs := make([]int64, len(cases))
		for i, c := range cases {
			hh, head := w.family(villageA, 2)
			w.claim(head, c.settled, 2_000_001)
			hhs[i] = hh
		}
		for _, asOf := range []string{"2026-11-28", "2024-02-29", "2025-02-28"} {
			res := w.screen(asOf)
			for i, c := range cases {
				if c.asOf != asOf {
					continue
				}
				got := w.count("SELECT count(*) FROM warnings WHERE household_id = ? AND run_id = ?", hhs[i], res.RunID) == 1
				if got != c.in {
					t.Errorf("as of %s, claim of %d counted: %v, want %v", c.asOf, c.settled, got, c.in)
				}
			}
		}
	})
}

// TestMedicalEvidenceCap: a household with many claims stores the 50
// largest, and the count of all.
func TestMedicalEvidenceCap(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		hh, head := w.family(villageA, 1)
		var big int64
		for i := range 60 {
			id := w.claim(head, 20260101+i%28, int64(100_000+i))
			if i == 59 {
				big = id
			}
		}
		w.screen("2026-11-28")
		e := w.warning(hh, MedicalOOP).Evidence
		if e.Count != 60 || len(e.Rows) != MaxEvidenceRows || len(e.Files) != 1 {
			t.Fatalf("evidence: %d rows of %d, files %v", len(e.Rows), e.Count, e.Files)
		}
		found := false
		for i, r := range e.Rows {
			found = found || r.ID == big
			if i > 0 && r.Day < e.Rows[i-1].Day {
				t.Errorf("rows not in date order: %v", e.Rows)
			}
		}
		if !found {
			t.Error("the largest claim is not cited")
		}
	})
}
