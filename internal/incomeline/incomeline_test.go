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

// TestTable pins the rule every caller shares: of the region's code and the
// codes of the levels above it, the most specific one with a line for the
// year wins, else DefaultFen; a Table answers as Lookup does.
func TestTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, l := range []Line{{Region: "620000000000", Year: 2024, Fen: 720_000},
			{Region: "620300000000", Year: 2024, Fen: 750_000}, {Region: "620321000000", Year: 2025, Fen: 810_000},
			{Region: "620321100000", Year: 2025, Fen: 820_000}, {Region: "620321100201", Year: 2025, Fen: 830_000},
			{Region: "530000000000", Year: 2025, Fen: 990_000}} {
			if err := Set(ctx, db.Writer(), l.Region, l.Year, l.Fen, "test"); err != nil {
				t.Fatal(err)
			}
		}
		all, err := Load(ctx, db.Reader(), store.ScopeAll(), 0)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			region string
			year   int
			want   Line
		}{
			{"620321100201", 2025, Line{830_000, "620321100201", 2025}}, // the village's own line
			{"620321100202", 2025, Line{820_000, "620321100000", 2025}}, // its township's
			{"620321101201", 2025, Line{810_000, "620321000000", 2025}}, // its county's
			{"620321101201", 2024, Line{750_000, "620300000000", 2024}}, // the city's
			{"620102100201", 2024, Line{720_000, "620000000000", 2024}}, // the province's
			{"620102100201", 2025, Line{DefaultFen, "", 2025}},          // none set: the default
			{"620321000000", 2025, Line{810_000, "620321000000", 2025}}, // a county asks for itself
			{"620321100201", 2023, Line{DefaultFen, "", 2023}},
		}
		for _, c := range cases {
			if got := all.Line(c.region, c.year); got != c.want {
				t.Errorf("Table.Line(%s, %d) = %+v, want %+v", c.region, c.year, got, c.want)
			}
			if got := all.Fen(c.region, c.year); got != c.want.Fen {
				t.Errorf("Table.Fen(%s, %d) = %d", c.region, c.year, got)
			}
			if got, err := Lookup(ctx, db.Reader(), c.region, c.year); err != nil || got != c.want {
				t.Errorf("Lookup(%s, %d) = %+v, %v, want %+v", c.region, c.year, got, err, c.want)
			}
		}
		if all.Highest() != 990_000 {
			t.Errorf("Highest = %d", all.Highest())
		}
		// a county's table holds the lines above it and within it, up to the year
		county, err := Load(ctx, db.Reader(), store.MustScope("620321000000"), 2024)
		if err != nil {
			t.Fatal(err)
		}
		if county.Highest() != DefaultFen || county.Fen("620321100201", 2024) != 750_000 || county.Fen("620321100201", 2025) != DefaultFen {
			t.Errorf("county table: highest %d, 2024 %d, 2025 %d", county.Highest(), county.Fen("620321100201", 2024), county.Fen("620321100201", 2025))
		}
		if _, err := Lookup(ctx, db.Reader(), "6203", 2025); err == nil {
			t.Error("Lookup of a malformed region")
		}
	})
}
