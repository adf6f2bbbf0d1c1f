package screening

import (
	"strconv"
	"time"
)

// dayNum is a date as the integer YYYYMMDD, the form of the feed tables.
func dayNum(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

// dayTime is a YYYYMMDD integer as a time (midnight UTC).
func dayTime(d int) time.Time {
	return time.Date(d/10000, time.Month(d/100%100), d%100, 0, 0, 0, 0, time.UTC)
}

// dayString renders a YYYYMMDD integer as YYYY-MM-DD.
func dayString(d int) string { return dayTime(d).Format(time.DateOnly) }

// parseDay reads YYYY-MM-DD into YYYYMMDD (0 when malformed).
func parseDay(s string) int {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0
	}
	return dayNum(t)
}

// monthsBefore is the same calendar date n months before t, or the last day
// of that month when it is shorter: 2024-02-29 minus 12 months is
// 2023-02-28 (not Go's normalised 2023-03-01), 2026-03-31 minus 1 month is
// 2026-02-28.
func monthsBefore(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// window is the look-back period of a rule ending at as_of: rows dated
// after After and on or before Through count (both YYYYMMDD).
type window struct{ After, Through int }

func windowOf(asOf time.Time, months int) window {
	return window{After: dayNum(monthsBefore(asOf, months)), Through: dayNum(asOf)}
}

func (w window) has(day int) bool { return day > w.After && day <= w.Through }

// ageOn is the age in completed years on day of a person born on birth
// (both YYYYMMDD): a birthday counts from its day; someone born on 29
// February turns a year older on 1 March in common years.
func ageOn(birth, day int) int { return (day - birth) / 10000 }

// yearOf is the year of a YYYYMMDD day, as a period.
func yearOf(day int) string { return strconv.Itoa(day / 10000) }
