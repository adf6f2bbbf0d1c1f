// Package workday is the Chinese working-day calendar: public holidays and
// make-up working days (调休上班) from the State Council's yearly notices,
// editable by administrators, and the working-day arithmetic behind case
// deadlines. A year whose notice is not loaded is an error
// (ErrMissingYear), never a year without holidays.
package workday

import (
	"fmt"
	"time"
)

// Kinds of listed dates.
const (
	Off     = "off"     // a day off on a date that would otherwise be worked
	Workday = "workday" // a make-up working day on a weekend (调休上班)
)

// Day is a date listed in the calendar because it breaks the Monday–Friday
// rule.
type Day struct {
	Date   time.Time // midnight China time
	Kind   string    // Off or Workday
	Name   string    // the holiday, e.g. 春节
	Source string    // SourceOfficial or SourceAdmin ("" in memory)
}

// Calendar answers working-day questions for the years it holds. It is
// immutable once built and safe for concurrent use.
type Calendar struct {
	days     map[date]Day
	complete map[int]bool
}

// New builds a calendar from listed days and the years whose notices they
// complete. Kinds other than Off and Workday are a programming error.
func New(days []Day, completeYears []int) *Calendar {
	c := &Calendar{days: make(map[date]Day, len(days)), complete: make(map[int]bool, len(completeYears))}
	for _, d := range days {
		if d.Kind != Off && d.Kind != Workday {
			panic(fmt.Sprintf("workday: day %s has kind %q", d.Date.Format(time.DateOnly), d.Kind))
		}
		k := dateOf(d.Date)
		d.Date = k.time()
		c.days[k] = d
	}
	for _, y := range completeYears {
		c.complete[y] = true
	}
	return c
}

// IsWorkday reports whether d's date (in China time) is a working day: a
// Monday–Friday not listed as Off, or any date listed as Workday.
func (c *Calendar) IsWorkday(d time.Time) (bool, error) {
	return c.workday(dateOf(d))
}

// Lookup returns the listed entry for d's date, if there is one.
func (c *Calendar) Lookup(d time.Time) (Day, bool) {
	e, ok := c.days[dateOf(d)]
	return e, ok
}

// Complete reports whether the holiday notice for year is loaded.
func (c *Calendar) Complete(year int) bool { return c.complete[year] }

// MissingYears lists the years from..to (inclusive) whose holiday notice is
// not loaded, for the administrators' warning; nil when none is missing.
func (c *Calendar) MissingYears(from, to int) []int {
	var out []int
	for y := from; y <= to; y++ {
		if !c.complete[y] {
			out = append(out, y)
		}
	}
	return out
}

func (c *Calendar) workday(d date) (bool, error) {
	if y := d.year(); !c.complete[y] {
		return false, MissingYear(y)
	}
	if e, ok := c.days[d]; ok {
		return e.Kind == Workday, nil
	}
	wd := d.weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}
