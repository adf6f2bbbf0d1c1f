package screening

import (
	"math/rand/v2"
	"slices"
	"testing"

	"fangpin/internal/civil"
)

// TestMonthsBefore: the windows of the rules count calendar months back,
// to the month's last day when it is shorter (civil.Date.MonthsBefore).
func TestMonthsBefore(t *testing.T) {
	cases := []struct {
		from   string
		months int
		want   string
	}{
		{"2026-11-28", 12, "2025-11-28"},
		{"2024-02-29", 12, "2023-02-28"},
		{"2025-02-28", 12, "2024-02-28"},
		{"2026-03-31", 1, "2026-02-28"},
		{"2024-03-31", 1, "2024-02-29"},
		{"2026-01-15", 13, "2024-12-15"},
		{"2026-12-31", 6, "2026-06-30"},
	}
	for _, c := range cases {
		if got := civil.DateOfUTC(day(c.from)).MonthsBefore(c.months).String(); got != c.want {
			t.Errorf("%s − %d months = %s, want %s", c.from, c.months, got, c.want)
		}
	}
	w := windowOf(day("2024-02-29"), 12)
	if w.has(20230228) || !w.has(20230301) || !w.has(20240229) || w.has(20240301) {
		t.Errorf("window %+v", w)
	}
}

// TestAgeOn: ages in completed years, as the age rules read them
// (civil.AgeOn).
func TestAgeOn(t *testing.T) {
	cases := []struct{ birth, on, want int }{
		{20100101, 20260101, 16},
		{20100102, 20260101, 15},
		{20200229, 20260228, 5},
		{20200229, 20260301, 6},
		{20200229, 20240229, 4},
		{20260101, 20250101, -1}, // before birth: never 6–15
	}
	for _, c := range cases {
		if got := civil.AgeOn(civil.Date(c.birth), civil.Date(c.on)); got != c.want {
			t.Errorf("born %d, on %d: %d, want %d", c.birth, c.on, got, c.want)
		}
	}
}

func TestEliminatedAt(t *testing.T) {
	cases := []struct {
		eliminated       bool
		elim, remark, at int
		want             bool
	}{
		{true, 202510, 0, 202611, true},
		{true, 202612, 0, 202611, false},
		{false, 202510, 202609, 202611, false},
		{false, 202510, 202612, 202611, true},
		{false, 0, 0, 202611, false},
	}
	for _, c := range cases {
		if got := eliminatedAt(c.eliminated, c.elim, c.remark, c.at); got != c.want {
			t.Errorf("%+v: %v", c, got)
		}
	}
}

// TestByPerson: the reordering keeps every row and groups them by blocks
// of person ids, keeping file order within a block.
func TestByPerson(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	rows := make([]feedRow, 100_000)
	for i := range rows {
		rows[i] = feedRow{id: int64(i), person: int32(r.IntN(1_000_000))}
	}
	got := byPerson(rows)
	if len(got) != len(rows) {
		t.Fatalf("%d rows", len(got))
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if a.person>>personBlockBits > b.person>>personBlockBits ||
			a.person>>personBlockBits == b.person>>personBlockBits && a.id > b.id {
			t.Fatalf("out of order at %d: %+v %+v", i, a, b)
		}
	}
	sortByID := func(x []feedRow) []feedRow {
		x = slices.Clone(x)
		slices.SortFunc(x, byDay)
		return x
	}
	if !slices.Equal(sortByID(got), sortByID(rows)) {
		t.Error("rows lost or changed")
	}
}

func TestWorkLatest(t *testing.T) {
	rows := []feedRow{
		{id: 3, day: 20260601, amount: jobLossCode},
		{id: 1, day: 20250101, amount: workCode},
		{id: 2, day: 20250601, amount: workCode},
		{id: 4, day: 20260601, amount: workCode}, // same day, later row: wins
	}
	w := &work{last: rows[0]}
	for _, r := range rows {
		w.add(r)
	}
	if w.last.id != 4 || !w.hasWorked || w.worked.id != 2 {
		t.Errorf("%+v", w)
	}
}

// TestIncomeKeepsLatestTwo: the two latest years are kept whatever the
// order the rows arrive in.
func TestIncomeKeepsLatestTwo(t *testing.T) {
	for _, order := range [][]int32{{2023, 2024, 2025}, {2025, 2024, 2023}, {2024, 2025, 2023}, {2023, 2025, 2024}} {
		var in income
		for _, y := range order {
			in.add(y, int64(y)*10)
		}
		if in != (income{year: 2025, fen: 20250, prevYear: 2024, prevFen: 20240}) {
			t.Errorf("%v: %+v", order, in)
		}
	}
}
