package screening

import (
	"context"
	"reflect"
	"testing"

	"fangpin/internal/incomeline"
	"fangpin/internal/store/storetest"
)

// TestIncomeBelowRange: 人均纯收入 of the latest year up to as_of's year
// strictly below that year's line, for households not monitored at as_of.
func TestIncomeBelowRange(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		if err := incomeline.Set(ctx, w.db.Writer(), "620322000000", 2025, 800_000, "test"); err != nil {
			t.Fatal(err)
		}
		if err := incomeline.Set(ctx, w.db.Writer(), "620321000000", 2024, 600_000, "test"); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name       string
			village    string
			incomes    map[int]int64
			monitoring []any
			fires      bool
		}{
			{"one fen under the default line", villageA, map[int]int64{2025: 779_999}, nil, true},
			{"at the line", villageA, map[int]int64{2025: 780_000}, nil, false},
			{"one fen over", villageA, map[int]int64{2025: 780_001}, nil, false},
			{"monitored", villageA, map[int]int64{2025: 500_000}, []any{202403}, false},
			{"identified after as_of", villageA, map[int]int64{2025: 500_000}, []any{202612}, true},
			{"eliminated", villageA, map[int]int64{2025: 500_000}, []any{202403, 1, 202510}, true},
			{"eliminated after as_of", villageA, map[int]int64{2025: 500_000}, []any{202403, 1, 202612}, false},
			{"eliminated, re-marked since", villageA, map[int]int64{2025: 500_000}, []any{202403, 0, 202510, 202609}, false},
			{"eliminated, re-marked after as_of", villageA, map[int]int64{2025: 500_000}, []any{202403, 0, 202510, 202612}, true},
			{"the county's line of the income year", villageX, map[int]int64{2025: 790_000}, nil, true},
			{"the line of that year, not as_of's", villageA, map[int]int64{2024: 700_000}, nil, false},
			{"a later year is not known yet", villageA, map[int]int64{2025: 900_000, 2027: 100_000}, nil, false},
			{"no income recorded", villageA, nil, nil, false},
		}
		var want []int64
		hhs := map[string]int64{}
		for _, c := range cases {
			hh := w.household(c.village, c.monitoring...)
			w.member(hh, person{relation: "户主"})
			for y, fen := range c.incomes {
				w.income(hh, y, fen)
			}
			hhs[c.name] = hh
			if c.fires {
				want = append(want, hh)
			}
		}
		res := w.screen("2026-11-28")
		if got := w.warned(IncomeBelowRange); !reflect.DeepEqual(got, ids(want...)) {
			for _, c := range cases {
				t.Logf("%d %s", hhs[c.name], c.name)
			}
			t.Fatalf("warned %v, want %v", got, want)
		}
		if res.Rules[IncomeBelowRange].Households != len(want) {
			t.Errorf("households %d, want %d", res.Rules[IncomeBelowRange].Households, len(want))
		}
		x := w.warning(hhs["the county's line of the income year"], IncomeBelowRange)
		if x.Threshold.LineFen != 800_000 || x.Threshold.LineRegion != "620322000000" || x.Threshold.LineYear != 2025 ||
			x.Period != "2025" || x.Figures["income_fen"] != 790_000 {
			t.Errorf("warning %+v", x)
		}
	})
}

// TestIncomeDrop: the latest year's income fell by more than 30% from the
// year just before it.
func TestIncomeDrop(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		cases := []struct {
			name    string
			incomes map[int]int64
			fires   bool
		}{
			{"exactly 30%", map[int]int64{2024: 1_000_000, 2025: 700_000}, false},
			{"one fen more", map[int]int64{2024: 1_000_000, 2025: 699_999}, true},
			{"one fen less", map[int]int64{2024: 1_000_000, 2025: 700_001}, false},
			{"odd amounts", map[int]int64{2024: 1_000_003, 2025: 700_002}, true}, // 10×300001 > 3×1000003
			{"a gap year", map[int]int64{2023: 1_000_000, 2025: 100_000}, false},
			{"previous year zero", map[int]int64{2024: 0, 2025: -100}, false},
			{"latest two up to as_of", map[int]int64{2024: 1_000_000, 2025: 600_000, 2027: 2_000_000}, true},
			{"one year only", map[int]int64{2025: 100_000}, false},
		}
		var want []int64
		for _, c := range cases {
			hh := w.household(villageA)
			for y, fen := range c.incomes {
				w.income(hh, y, fen)
			}
			if c.fires {
				want = append(want, hh)
			}
		}
		w.screen("2026-11-28")
		if got := w.warned(IncomeDrop); !reflect.DeepEqual(got, ids(want...)) {
			t.Fatalf("warned %v, want %v", got, want)
		}
		x := w.warning(want[0], IncomeDrop)
		if x.Period != "2025" || x.Figures["prev_income_fen"] != 1_000_000 || x.Figures["drop_fen"] != 300_001 ||
			x.Threshold.Percent != 30 || x.Evidence.Table != "household_incomes" {
			t.Errorf("warning %+v", x)
		}
	})
}

// TestLinesAgreeWithIncomeline: the screen's remembered lines answer as
// incomeline.Lookup does.
func TestLinesAgreeWithIncomeline(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	for _, l := range []incomeline.Line{{Region: "620000000000", Year: 2024, Fen: 720_000},
		{Region: "620300000000", Year: 2024, Fen: 750_000}, {Region: "620321000000", Year: 2025, Fen: 810_000},
		{Region: "620321100000", Year: 2025, Fen: 820_000}, {Region: "620321100201", Year: 2025, Fen: 830_000}} {
		if err := incomeline.Set(ctx, db.Writer(), l.Region, l.Year, l.Fen, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := loadLines(ctx, db.Reader())
	if err != nil {
		t.Fatal(err)
	}
	for vi, v := range []string{villageA, villageB, villageX, "620321101201", "620302100201", "110101001001"} {
		for _, y := range []int{2023, 2024, 2025} {
			want, err := incomeline.Lookup(ctx, db.Reader(), v, y)
			if err != nil {
				t.Fatal(err)
			}
			if _, got, _ := ls.below(int32(vi), v, y, 0); got != want {
				t.Errorf("%s %d: %+v, want %+v", v, y, got, want)
			}
		}
	}
}
