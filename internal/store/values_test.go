package store_test

import (
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

func TestPageLimits(t *testing.T) {
	cases := []struct {
		p             store.Page
		limit, offset int
		pages         int
	}{
		{store.Page{}, 50, 0, 3},
		{store.Page{Page: 3, PerPage: 20}, 20, 40, 6},
		{store.Page{Page: -1, PerPage: 10000}, 500, 0, 1},
		{store.Page{Page: 2, PerPage: -5}, 50, 50, 3},
	}
	for _, c := range cases {
		l, o := c.p.Limits()
		if l != c.limit || o != c.offset || c.p.Pages(101) != c.pages {
			t.Errorf("%+v: %d %d %d", c.p, l, o, c.p.Pages(101))
		}
	}
	if (store.Page{}).Pages(0) != 1 {
		t.Error("empty list has one page")
	}
}

func TestStoredForms(t *testing.T) {
	if got := store.Stamp(time.Date(2026, 1, 2, 8, 0, 0, 0, civil.Zone)); got != "2026-01-02T00:00:00Z" {
		t.Errorf("Stamp %q", got)
	}
	if store.NullID(0) != nil || store.NullID(7) != int64(7) || store.Bool01(true) != 1 || store.Bool01(false) != 0 {
		t.Error("NullID/Bool01")
	}
}
