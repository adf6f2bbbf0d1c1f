package store

import "time"

// The stored forms of Go values, written once for every package.

// Stamp is the stored form of an instant: RFC 3339 in UTC.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// NullID stores 0 as NULL (no row, no account).
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Bool01 is a boolean as the 0/1 integer both engines store.
func Bool01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Page is a list's page request: Page counts from 1, PerPage is clamped to
// 1…MaxPerPage and defaults to DefaultPerPage.
type Page struct {
	Page, PerPage int
}

// The bounds of a page.
const (
	DefaultPerPage = 50
	MaxPerPage     = 500
)

// Limits are the page's LIMIT and OFFSET.
func (p Page) Limits() (limit, offset int) {
	page, per := max(p.Page, 1), p.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	return per, (page - 1) * per
}

// Number is the page's number, at least 1.
func (p Page) Number() int { return max(p.Page, 1) }

// Pages is how many pages total rows fill at this page size (at least 1).
func (p Page) Pages(total int) int {
	per, _ := p.Limits()
	return max((total+per-1)/per, 1)
}
