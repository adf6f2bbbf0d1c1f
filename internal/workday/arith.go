package workday

import (
	"fmt"
	"time"
)

// AddWorkdays returns the date (midnight China time) of the n-th working day
// after from's date. The day of from itself never counts, whatever the hour,
// so a limit of "n working days" for something received at from ends at the
// end of the returned date: it is overdue once DateOf(now) is after it.
// n = 0 returns from's date.
//
// With the 2024 calendar:
//
//	Fri 2024-06-14 + 2 = Tue 2024-06-18   (ordinary weekend skipped)
//	Fri 2024-06-07 + 2 = Wed 2024-06-12   (Mon 06-10 is 端午节)
//	Fri 2024-09-27 + 2 = Mon 2024-09-30   (Sun 09-29 is a make-up workday)
//	Mon 2024-09-30 + 1 = Tue 2024-10-08   (10-01…10-07 are 国庆节)
//	Sat 2024-09-28 + 1 = Sun 2024-09-29
//
// It returns an error wrapping ErrMissingYear when the count runs into a year whose
// notice is not loaded, and an error for negative n.
func (c *Calendar) AddWorkdays(from time.Time, n int) (time.Time, error) {
	if n < 0 {
		return time.Time{}, fmt.Errorf("workday: add %d working days: negative count", n)
	}
	d := dateOf(from)
	for n > 0 {
		d++
		ok, err := c.workday(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			n--
		}
	}
	return d.time(), nil
}

// WorkdaysBetween counts the working days after from's date up to and
// including to's date (both in China time); 0 when to's date is not after
// from's. It inverts AddWorkdays: WorkdaysBetween(d, AddWorkdays(d, n)) == n.
// For a case received at from it is the number of working days used by to.
func (c *Calendar) WorkdaysBetween(from, to time.Time) (int, error) {
	n := 0
	for d, end := dateOf(from)+1, dateOf(to); d <= end; d++ {
		ok, err := c.workday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
