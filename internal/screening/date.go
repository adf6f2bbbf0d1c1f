package screening

import (
	"strconv"
	"time"

	"fangpin/internal/civil"
)

// window is the look-back period of a rule ending at as_of: rows dated
// after After and on or before Through count (both YYYYMMDD, civil.Date's
// form and the feed tables').
type window struct{ After, Through int }

// windowOf is the window of months calendar months ending at asOf (midnight
// UTC of the day screened): 2024-02-29 minus 12 months is 2023-02-28.
func windowOf(asOf time.Time, months int) window {
	d := civil.DateOfUTC(asOf)
	return window{After: int(d.MonthsBefore(months)), Through: int(d)}
}

func (w window) has(day int) bool { return day > w.After && day <= w.Through }

// yearOf is the year of a YYYYMMDD day, as a period.
func yearOf(day int) string { return strconv.Itoa(civil.Date(day).Year()) }
