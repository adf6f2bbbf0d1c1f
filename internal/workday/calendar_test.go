package workday_test

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/workday"
)

var d = workday.Date

func TestIsWorkday(t *testing.T) {
	t.Parallel()
	c := workday.Official()
	cases := []struct {
		name string
		day  time.Time
		want bool
	}{
		{"ordinary Monday", d(2024, 3, 4), true},
		{"ordinary Friday", d(2025, 3, 7), true},
		{"ordinary Saturday", d(2024, 3, 9), false},
		{"ordinary Sunday", d(2026, 3, 8), false},
		{"2024 元旦", d(2024, 1, 1), false},
		{"2024 Spring Festival make-up Sunday before", d(2024, 2, 4), true},
		{"2024 除夕 is worked (Fri 02-09)", d(2024, 2, 9), true},
		{"2024 Spring Festival first day (Sat)", d(2024, 2, 10), false},
		{"2024 Spring Festival Monday", d(2024, 2, 12), false},
		{"2024 Spring Festival last day (Sat)", d(2024, 2, 17), false},
		{"2024 Spring Festival make-up Sunday after", d(2024, 2, 18), true},
		{"2024 after Spring Festival", d(2024, 2, 19), true},
		{"2024 make-up Saturday 09-14", d(2024, 9, 14), true},
		{"2024 中秋 Monday", d(2024, 9, 16), false},
		{"2025 National Day make-up Sunday", d(2025, 9, 28), true},
		{"2025 before National Day", d(2025, 9, 30), true},
		{"2025 National Day first day", d(2025, 10, 1), false},
		{"2025 National Day Monday", d(2025, 10, 6), false},
		{"2025 National Day last day (Wed)", d(2025, 10, 8), false},
		{"2025 after National Day", d(2025, 10, 9), true},
		{"2025 make-up Saturday after", d(2025, 10, 11), true},
		{"2025 ordinary Sunday after", d(2025, 10, 12), false},
		{"2026 元旦 Friday", d(2026, 1, 2), false},
		{"2026 元旦 make-up Sunday", d(2026, 1, 4), true},
		{"2026 Spring Festival make-up Saturday", d(2026, 2, 14), true},
		{"2026 Spring Festival Monday 02-23", d(2026, 2, 23), false},
		{"2026 after Spring Festival", d(2026, 2, 24), true},
		{"2026 make-up Saturday 02-28", d(2026, 2, 28), true},
		{"2026 端午 Friday", d(2026, 6, 19), false},
		{"2026 中秋 Friday", d(2026, 9, 25), false},
		{"2026 National Day make-up Saturday", d(2026, 10, 10), true},
		{"2026 last day", d(2026, 12, 31), true},
		{"UTC evening is next China morning (10-08)", time.Date(2024, 10, 7, 20, 0, 0, 0, time.UTC), true},
		{"UTC afternoon is same China date (10-07)", time.Date(2024, 10, 7, 15, 59, 0, 0, time.UTC), false},
		{"late evening China time", time.Date(2024, 2, 9, 23, 59, 0, 0, civil.Zone), true},
	}
	for _, tc := range cases {
		got, err := c.IsWorkday(tc.day)
		if err != nil || got != tc.want {
			t.Errorf("%s: IsWorkday(%s) = %v, %v; want %v", tc.name, tc.day.Format(time.RFC3339), got, err, tc.want)
		}
	}
}

func TestSpringFestival2024IsEightDaysOff(t *testing.T) {
	t.Parallel()
	c := workday.Official()
	for day := d(2024, 2, 10); !day.After(d(2024, 2, 17)); day = day.AddDate(0, 0, 1) {
		if ok, err := c.IsWorkday(day); ok || err != nil {
			t.Errorf("%s: IsWorkday = %v, %v; want a day off", day.Format(time.DateOnly), ok, err)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	t.Parallel()
	c := workday.Official()
	cases := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"n=0 is from's date", d(2024, 5, 6), 0, d(2024, 5, 6)},
		{"n=0 on a holiday", d(2024, 10, 3), 0, d(2024, 10, 3)},
		{"n=0 drops the time of day", time.Date(2024, 5, 6, 17, 30, 0, 0, civil.Zone), 0, d(2024, 5, 6)},
		{"next day", d(2024, 5, 7), 1, d(2024, 5, 8)},
		{"Friday +2 is Tuesday", d(2024, 6, 14), 2, d(2024, 6, 18)},
		{"Friday +2 over 端午 Monday", d(2024, 6, 7), 2, d(2024, 6, 12)},
		{"Friday evening +2", time.Date(2024, 6, 14, 21, 45, 0, 0, civil.Zone), 2, d(2024, 6, 18)},
		{"before 国庆: make-up Sunday counts", d(2024, 9, 27), 2, d(2024, 9, 30)},
		{"before 国庆: +3 jumps the holiday", d(2024, 9, 27), 3, d(2024, 10, 8)},
		{"last day before 国庆 +1", d(2024, 9, 30), 1, d(2024, 10, 8)},
		{"from inside 国庆 +1", d(2024, 10, 3), 1, d(2024, 10, 8)},
		{"last day off +5 reaches the make-up Saturday", d(2024, 10, 7), 5, d(2024, 10, 12)},
		{"Friday after 国庆 +1 is the make-up Saturday", d(2024, 10, 11), 1, d(2024, 10, 12)},
		{"Saturday +1 is the make-up Sunday", d(2024, 9, 28), 1, d(2024, 9, 29)},
		{"Saturday in China though Friday in UTC", time.Date(2024, 9, 27, 16, 30, 0, 0, time.UTC), 1, d(2024, 9, 29)},
		{"Spring Festival 2024 into the make-up Sunday", d(2024, 2, 8), 2, d(2024, 2, 18)},
		{"Spring Festival 2025", d(2025, 1, 24), 2, d(2025, 1, 27)},
		{"Spring Festival 2025 across", d(2025, 1, 27), 1, d(2025, 2, 5)},
		{"国庆 2025", d(2025, 9, 30), 1, d(2025, 10, 9)},
		{"元旦 2026 across the year", d(2025, 12, 31), 1, d(2026, 1, 4)},
		{"Spring Festival 2026", d(2026, 2, 13), 2, d(2026, 2, 24)},
		{"all of 2024", d(2023, 12, 31), 251, d(2024, 12, 31)},
		{"all of 2025", d(2024, 12, 31), 248, d(2025, 12, 31)},
		{"all of 2024–2026", d(2023, 12, 31), 251 + 248 + 248, d(2026, 12, 31)},
	}
	for _, tc := range cases {
		got, err := c.AddWorkdays(tc.from, tc.n)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: AddWorkdays(%s, %d) = %s, %v; want %s", tc.name, tc.from.Format(time.RFC3339), tc.n,
				got.Format(time.DateOnly), err, tc.want.Format(time.DateOnly))
		}
		if err == nil && got.Location() != civil.Zone {
			t.Errorf("%s: result in %v, want China time", tc.name, got.Location())
		}
	}
	if _, err := c.AddWorkdays(d(2024, 1, 2), -1); err == nil {
		t.Error("AddWorkdays with n=-1 succeeded")
	}
}

func TestWorkdaysBetween(t *testing.T) {
	t.Parallel()
	c := workday.Official()
	cases := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same date", d(2024, 5, 6), time.Date(2024, 5, 6, 23, 0, 0, 0, civil.Zone), 0},
		{"to before from", d(2024, 5, 10), d(2024, 5, 6), 0},
		{"next day", d(2024, 5, 6), d(2024, 5, 7), 1},
		{"ordinary week", d(2024, 3, 1), d(2024, 3, 8), 5},
		{"to a Saturday", d(2024, 3, 7), d(2024, 3, 9), 1},
		{"over 国庆 2024 with both make-up days", d(2024, 9, 27), d(2024, 10, 12), 7},
		{"holiday only", d(2024, 9, 30), d(2024, 10, 7), 0},
		{"over 国庆 2025", d(2025, 9, 26), d(2025, 10, 12), 6},
		{"2024", d(2023, 12, 31), d(2024, 12, 31), 251},
		{"2025", d(2024, 12, 31), d(2025, 12, 31), 248},
		{"2026", d(2025, 12, 31), d(2026, 12, 31), 248},
		{"from in 2023 (its own day is not looked at)", d(2023, 12, 31), d(2024, 1, 2), 1},
		{"2023-12-31 evening UTC is 2024-01-01 in China", time.Date(2023, 12, 31, 18, 0, 0, 0, time.UTC), d(2024, 1, 3), 2},
	}
	for _, tc := range cases {
		got, err := c.WorkdaysBetween(tc.from, tc.to)
		if err != nil || got != tc.want {
			t.Errorf("%s: WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.name,
				tc.from.Format(time.RFC3339), tc.to.Format(time.RFC3339), got, err, tc.want)
		}
	}
}

// TestInverse checks, for every date of 2024–2026 and n in 0..30, that
// WorkdaysBetween undoes AddWorkdays and that the result is the first date
// with n working days (a working day itself when n > 0).
func TestInverse(t *testing.T) {
	t.Parallel()
	c := workday.Official()
	for day := d(2024, 1, 1); day.Year() <= 2026; day = day.AddDate(0, 0, 1) {
		for n := 0; n <= 30; n++ {
			to, err := c.AddWorkdays(day, n)
			if isMissingYear(err, 2027) && day.After(d(2026, 11, 1)) {
				break
			}
			if err != nil {
				t.Fatalf("AddWorkdays(%s, %d): %v", day.Format(time.DateOnly), n, err)
			}
			checkInverse(t, c, day, n, to)
		}
	}
}

func checkInverse(t *testing.T, c *workday.Calendar, from time.Time, n int, to time.Time) {
	t.Helper()
	got, err := c.WorkdaysBetween(from, to)
	if err != nil || got != n {
		t.Fatalf("WorkdaysBetween(%s, AddWorkdays(…, %d) = %s) = %d, %v", from.Format(time.DateOnly), n, to.Format(time.DateOnly), got, err)
	}
	if n == 0 {
		return
	}
	if ok, _ := c.IsWorkday(to); !ok {
		t.Fatalf("AddWorkdays(%s, %d) = %s, not a working day", from.Format(time.DateOnly), n, to.Format(time.DateOnly))
	}
	if before, _ := c.WorkdaysBetween(from, to.AddDate(0, 0, -1)); before != n-1 {
		t.Fatalf("AddWorkdays(%s, %d) = %s is not the first such date", from.Format(time.DateOnly), n, to.Format(time.DateOnly))
	}
}

func TestMissingYear(t *testing.T) {
	t.Parallel()
	c := workday.Official()
	check := func(what string, err error, year int) {
		t.Helper()
		if !isMissingYear(err, year) {
			t.Errorf("%s: err = %v, want the missing year %d", what, err, year)
		}
	}
	_, err := c.IsWorkday(d(2027, 1, 4))
	check("IsWorkday 2027", err, 2027)
	_, err = c.IsWorkday(d(2023, 6, 1))
	check("IsWorkday 2023", err, 2023)
	_, err = c.AddWorkdays(d(2026, 12, 30), 5)
	check("AddWorkdays into 2027", err, 2027)
	_, err = c.WorkdaysBetween(d(2026, 12, 1), d(2027, 1, 10))
	check("WorkdaysBetween into 2027", err, 2027)
	_, err = workday.New(nil, nil).IsWorkday(d(2025, 3, 4))
	check("empty calendar", err, 2025)
	if got := c.MissingYears(2023, 2028); !slices.Equal(got, []int{2023, 2027, 2028}) {
		t.Errorf("MissingYears(2023, 2028) = %v", got)
	}
	if got := c.MissingYears(2024, 2026); got != nil {
		t.Errorf("MissingYears(2024, 2026) = %v, want none", got)
	}
	if err == nil || err.Error() != "尚未录入2025年的法定节假日安排，无法计算工作日" || fault.KindOf(err) != fault.Conflict {
		t.Errorf("missing year: %v", err)
	}
}

// isMissingYear reports whether err is the missing year's error.
func isMissingYear(err error, year int) bool {
	return errors.Is(err, workday.ErrMissingYear) && err.Error() == workday.MissingYear(year).Error()
}

func TestNewInMemory(t *testing.T) {
	t.Parallel()
	c := workday.New([]workday.Day{
		{Date: time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC), Kind: workday.Off, Name: "元旦"},
		{Date: d(2030, 1, 5), Kind: workday.Workday},
	}, []int{2030})
	got, err := c.AddWorkdays(d(2029, 12, 31), 4) // 2029 itself is not needed
	if err != nil || !got.Equal(d(2030, 1, 5)) {
		t.Errorf("AddWorkdays = %s, %v; want 2030-01-05", got.Format(time.DateOnly), err)
	}
	if e, ok := c.Lookup(d(2030, 1, 1)); !ok || e.Name != "元旦" || !e.Date.Equal(d(2030, 1, 1)) {
		t.Errorf("Lookup(2030-01-01) = %+v, %v", e, ok)
	}
	if !c.Complete(2030) || c.Complete(2029) {
		t.Error("Complete is wrong")
	}
}

// TestEmbeddedCopy checks the embedded file against the shared data it was
// copied from, when the shared folder is there.
func TestEmbeddedCopy(t *testing.T) {
	t.Parallel()
	shared, err := os.ReadFile("../../../shared/data/calendar/holidays-cn.csv")
	if err != nil {
		t.Skip("shared calendar data not found:", err)
	}
	local, err := os.ReadFile("holidays-cn.csv")
	if err != nil || !bytes.Equal(shared, local) {
		t.Fatalf("holidays-cn.csv differs from the shared copy (%v)", err)
	}
}

func TestDateOf(t *testing.T) {
	t.Parallel()
	got := workday.DateOf(time.Date(2024, 12, 31, 16, 0, 0, 0, time.UTC))
	if !got.Equal(d(2025, 1, 1)) || got.Hour() != 0 {
		t.Errorf("DateOf(2024-12-31T16:00Z) = %s", got.Format(time.RFC3339))
	}
}

func BenchmarkAddWorkdays15(b *testing.B) {
	c := workday.Official()
	from := d(2024, 9, 20)
	for b.Loop() {
		if _, err := c.AddWorkdays(from, 15); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkdaysBetweenYear(b *testing.B) {
	c := workday.Official()
	for b.Loop() {
		if _, err := c.WorkdaysBetween(d(2024, 12, 31), d(2025, 12, 31)); err != nil {
			b.Fatal(err)
		}
	}
}
