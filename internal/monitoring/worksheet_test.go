package monitoring

import (
	"context"
	"testing"

	"fangpin/internal/audit"
	regions "fangpin/internal/region" // named so: region is a type of this package
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestSaveWorksheet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{}, worker, elderly, member{labour: "无劳动力", left: true})
		save := func(year int, lines map[string]int64) (Worksheet, error) {
			var w Worksheet
			err := tx(t, db, func(q store.Querier) error {
				var err error
				w, err = SaveWorksheet(ctx, q, cadreA.Scope(), cadreA, hh, year, lines, now)
				return err
			})
			return w, err
		}
		// an imported figure of the year is replaced by the worksheet's
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, county, region_code,
			per_capita_fen, source, updated_at) VALUES (?, 2025, ?, ?, 1, 'import', ?)`, hh, regions.County(testkit.VillageA), testkit.VillageA, store.Stamp(now)); err != nil {
			t.Fatal(err)
		}
		w, err := save(2025, map[string]int64{"wage.migrant": 1_500_001, "cost.business": 100_000, "claims": 50_000,
			"compliant.medical": 250_000})
		if err != nil {
			t.Fatal(err)
		}
		if w.Members != 2 || w.PerCapitaFen != 700_000 || w.AfterSpendingFen != 600_000 || w.Region != testkit.VillageA {
			t.Errorf("worksheet %+v", w)
		}
		if n := testkit.Int(t, db, `SELECT count(*) FROM household_incomes WHERE household_id = ? AND year = 2025
			AND per_capita_fen = 700000 AND source = 'worksheet'`, hh); n != 1 {
			t.Error("household_incomes not written")
		}
		// saving again replaces the lines
		if _, err := save(2025, map[string]int64{"transfer.dibao": 800_000}); err != nil {
			t.Fatal(err)
		}
		if _, err := save(2024, map[string]int64{"business.crops": 900_000}); err != nil {
			t.Fatal(err)
		}
		got, err := FindWorksheet(ctx, db.Reader(), cadreA.Scope(), hh, 2025)
		if err != nil || len(got.Lines) != 1 || got.PerCapitaFen != 400_000 || got.SavedBy != "cun_a" {
			t.Fatalf("FindWorksheet %+v %v", got, err)
		}
		all, err := Worksheets(ctx, db.Reader(), cadreA.Scope(), hh)
		if err != nil || len(all) != 2 || all[0].Year != 2025 || all[1].Year != 2024 || all[1].Groups[GroupBusiness] != 900_000 {
			t.Fatalf("Worksheets %+v %v", all, err)
		}
		if _, err := FindWorksheet(ctx, db.Reader(), cadreA.Scope(), hh, 2023); !isNotFound(err) {
			t.Errorf("missing year: %v", err)
		}
		if _, err := save(2027, nil); !isInvalid(err, "year") {
			t.Errorf("future year: %v", err)
		}
		if _, err := save(2025, map[string]int64{"wage.local": -5}); !isInvalid(err, "lines.wage.local") {
			t.Errorf("negative line: %v", err)
		}
		err = tx(t, db, func(q store.Querier) error {
			_, err := SaveWorksheet(ctx, q, viewerA.Scope(), viewerA, hh, 2025, nil, now)
			return err
		})
		if !isForbidden(err) {
			t.Errorf("viewer saved a worksheet: %v", err)
		}
		if _, n, _ := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "monitoring.worksheet.save"}); n != 3 {
			t.Errorf("%d audit entries, want 3", n)
		}
	})
}

func TestWorksheetWithoutMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addHousehold(t, db, "H0", testkit.VillageA, mon{})
		err := tx(t, db, func(q store.Querier) error {
			_, err := SaveWorksheet(context.Background(), q, cadreA.Scope(), cadreA, hh, 2025, nil, now)
			return err
		})
		if !isInvalid(err, "members") {
			t.Errorf("a household without members: %v", err)
		}
	})
}
