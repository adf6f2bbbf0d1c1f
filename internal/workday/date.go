package workday

import (
	"time"

	"fangpin/internal/civil"
)

// date is a civil date in China, counted in days since 1970-01-01.
type date int

const secondsPerDay = 24 * 60 * 60

// Date returns midnight China time at the start of the given date.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, civil.Zone)
}

// DateOf returns midnight China time at the start of t's date in China, the
// form every date this package returns takes.
func DateOf(t time.Time) time.Time { return dateOf(t).time() }

func dateOf(t time.Time) date {
	y, m, d := t.In(civil.Zone).Date()
	return date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

func (d date) utc() time.Time  { return time.Unix(int64(d)*secondsPerDay, 0).UTC() }
func (d date) year() int       { return d.utc().Year() }
func (d date) String() string  { return d.utc().Format(time.DateOnly) }
func (d date) time() time.Time { y, m, dd := d.utc().Date(); return Date(y, m, dd) }

// weekday counts from 1970-01-01, a Thursday.
func (d date) weekday() time.Weekday {
	return time.Weekday(((int(d)+4)%7 + 7) % 7)
}
