package incomeline

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

func TestLookup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := Seed(ctx, db.Writer()); err != nil {
			t.Fatal(err)
		}
		if err := Seed(ctx, db.Writer()); err != nil { // idempotent
			t.Fatal(err)
		}
		if err := Set(ctx, db.Writer(), "620321000000", 2024, 820000, "admin"); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			region string
			year   int
			fen    int64
			from   string
		}{
			{"620321100201", 2024, 820000, "620321000000"}, // the county's own line wins
			{"620302100201", 2024, 780000, "620000000000"}, // the province's
			{"620302100201", 2023, 720000, "620000000000"},
			{"620171100201", 2025, 860000, "620171000000"}, // 兰州新区
			{"620302100201", 2025, 780000, ""},             // none set: the default
			{"530102100201", 2025, 870000, "530000000000"},
			{"110101001001", 2024, DefaultFen, ""},
		}
		for _, c := range cases {
			l, err := Lookup(ctx, db.Reader(), c.region, c.year)
			if err != nil || l.Fen != c.fen || l.Region != c.from {
				t.Errorf("%s %d: %+v %v, want %d from %q", c.region, c.year, l, err, c.fen, c.from)
			}
		}
		if err := Set(ctx, db.Writer(), "620000000000", 2024, 0, "x"); err == nil {
			t.Error("a zero line accepted")
		}
		// seeding again does not overwrite an admin's change
		Set(ctx, db.Writer(), "620000000000", 2024, 790000, "admin")
		Seed(ctx, db.Writer())
		if l, _ := Lookup(ctx, db.Reader(), "620302100201", 2024); l.Fen != 790000 {
			t.Errorf("seed overwrote the admin's line: %+v", l)
		}
	})
}
