package web

import "fangpin/internal/store"

// pager is the paging of a list page, shown by the "pager" template of
// layout.html: the page, how many there are, and the links to the pages
// before and after ("" at either end).
type pager struct {
	Page, Pages      int
	PrevURL, NextURL string
}

// newPager pages total rows as the list was read (p), with url building the
// link of page n.
func newPager(p store.Page, total int, url func(n int) string) pager {
	pg := pager{Page: p.Number(), Pages: p.Pages(total)}
	if pg.Page > 1 {
		pg.PrevURL = url(pg.Page - 1)
	}
	if pg.Page < pg.Pages {
		pg.NextURL = url(pg.Page + 1)
	}
	return pg
}
