package web

import (
	"net/http"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

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

// pageParams reads the page and per_page parameters of a list: per_page
// defaults to perPage and is at most store.MaxPerPage.
func pageParams(r *http.Request, perPage int) (store.Page, error) {
	var p store.Page
	var err error
	if p.Page, err = intParam(r, "page", 1); err != nil {
		return p, err
	}
	if p.PerPage, err = intParam(r, "per_page", perPage); err != nil {
		return p, err
	}
	if p.PerPage > store.MaxPerPage {
		return p, unprocessable("per_page", fault.T("每页最多500条", "at most 500 per page"))
	}
	return p, nil
}
