package visit

import (
	"errors"
	"fmt"
	"time"
)

// InvalidError is input that is missing or not allowed (HTTP 422). Field
// names the offending field; Reason is Chinese.
type InvalidError struct {
	Field, Reason string
}

// Error is the Chinese reason.
func (e *InvalidError) Error() string { return e.Reason }

func invalid(field, format string, args ...any) *InvalidError {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ErrForbidden is a visit recorded by a role that may not change household
// data (HTTP 403).
var ErrForbidden = errors.New("该角色不能记录走访")

// chinaTime is Beijing time; China has no daylight saving.
var chinaTime = time.FixedZone("CST", 8*3600)

// day is t's date in China.
func day(t time.Time) string { return t.In(chinaTime).Format(time.DateOnly) }

// dayInt is t's date in China as the feed tables store it: YYYYMMDD.
func dayInt(t time.Time) int {
	c := t.In(chinaTime)
	return c.Year()*10000 + int(c.Month())*100 + c.Day()
}

// stamp is the stored form of a time.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// timeNow is the clock of Record (a variable for tests).
var timeNow = time.Now
