package visit

import (
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// ErrForbidden is a visit recorded by a role that may not change household
// data.
var ErrForbidden = fault.Forbiddenf("该角色不能记录走访", "Your role may not record visits")

// day is t's date in China.
func day(t time.Time) string { return t.In(civil.Zone).Format(time.DateOnly) }

// dayInt is t's date in China as the feed tables store it: YYYYMMDD.
func dayInt(t time.Time) int {
	c := t.In(civil.Zone)
	return c.Year()*10000 + int(c.Month())*100 + c.Day()
}

// timeNow is the clock of Record (a variable for tests).
var timeNow = time.Now
