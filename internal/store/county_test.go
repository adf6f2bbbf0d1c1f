package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// countyWorld stores one household of county 620321 with a member, an
// income, a case and the case's event, and returns the household's id.
func countyWorld(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	var hid, cid int64
	err := db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, created_at, updated_at)
			VALUES ('H1', '620321100201', '620321', '一般农户', 'x', 'x') RETURNING id`).Scan(&hid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO persons (household_id, region_code, county, id_idx, id_enc, id_masked,
			name, sex, birth_date, relation, created_at, updated_at)
			VALUES (?, '620321100201', '620321', 'k1', ?, 'm', '张三', '男', '1980-01-01', '户主', 'x', 'x')`, hid, []byte{1}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, region_code, county, per_capita_fen, source, updated_at)
			VALUES (?, 2025, '620321100201', '620321', 700000, 'x', 'x')`, hid); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO cases (household_id, region_code, county, head_name, source, state, opened_at, updated_at)
			VALUES (?, '620321100201', '620321', '张三', 'self_report', 'submitted', 'x', 'x') RETURNING id`, hid).Scan(&cid); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, region_code, county, at, action)
			VALUES (?, '620321100201', '620321', 'x', 'submit')`, cid)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hid
}

// TestCountyFollowsTheHousehold moves a household to another county's
// village: its member, income, case and the case's event carry the new
// county in the same statement (migration 00036's trigger), and the test's
// county check (storetest) finds nothing wrong.
func TestCountyFollowsTheHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hid := countyWorld(t, db)
		if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET region_code = ?, county = ? WHERE id = ?",
			"620302001001", "620302", hid); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"households", "persons", "household_incomes", "cases", "case_events"} {
			var county string
			if err := db.Reader().QueryRowContext(ctx, "SELECT county FROM "+table).Scan(&county); err != nil {
				t.Fatal(table, err)
			}
			if county != "620302" {
				t.Errorf("%s: county %s after the move, want 620302", table, county)
			}
		}
		bad, err := db.CountyMismatches(ctx)
		if err != nil || len(bad) > 0 {
			t.Fatalf("mismatches %v %v", bad, err)
		}
		// a case that names another county than its household's is found
		if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET county = '620321' WHERE id = ?", hid); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET county = '620302' WHERE id = ?", hid); err != nil {
			t.Fatal(err)
		}
		if bad, err := db.CountyMismatches(ctx); err != nil || len(bad) > 0 {
			t.Fatalf("mismatches after a move and back %v %v", bad, err)
		}
	})
}

// TestCountyMismatchesFindsAForgottenCounty proves the check every test's
// database gets: a row inserted without its county is counted.
func TestCountyMismatchesFindsAForgottenCounty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hid := countyWorld(t, db)
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, region_code, per_capita_fen, source, updated_at)
			VALUES (?, 2024, '620321100201', 700000, 'x', 'x')`, hid); err != nil {
			if partitioned, _ := db.Partitioned(ctx); partitioned {
				return // the partitioned table refuses it outright (its foreign key holds the county)
			}
			t.Fatal(err)
		}
		bad, err := db.CountyMismatches(ctx)
		if err != nil || bad["household_incomes"] != 1 || len(bad) != 1 {
			t.Fatalf("mismatches %v %v, want 1 of household_incomes", bad, err)
		}
		// the test's own county check must not fail it: put the row right
		if _, err := db.Writer().ExecContext(ctx, "UPDATE household_incomes SET county = '620321'"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestPartition partitions a database by county (store.Partition) and
// proves what docs/scale.md says of it: every household-level table is
// partitioned, the rows of one county lie in the same-numbered partition of
// each table, a household that moves takes its rows to its new county's
// partitions, and a row whose county is not its household's is refused.
func TestPartition(t *testing.T) {
	if os.Getenv("FANGPIN_TEST_PG") == "" {
		t.Skip("FANGPIN_TEST_PG not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	hid := countyWorld(t, db) // stored before partitioning: Partition keeps rows
	if err := db.Partition(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := db.Partition(ctx, 4); err != nil { // a partitioned database is left alone
		t.Fatal(err)
	}
	tables := append([]string{"households"}, tableNames()...)
	for _, table := range tables {
		var kind string
		var parts int
		err := db.Reader().QueryRowContext(ctx, `SELECT c.relkind, (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)
			FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`, table).Scan(&kind, &parts)
		if err != nil || kind != "p" || parts != 4 {
			t.Errorf("%s: kind %q with %d partitions (%v), want p with 4", table, kind, parts, err)
		}
	}
	samePartition := func(county string) string {
		t.Helper()
		want := ""
		for _, table := range []string{"households", "persons", "household_incomes", "cases", "case_events"} {
			var part, c string
			if err := db.Reader().QueryRowContext(ctx, "SELECT tableoid::regclass::text, county FROM "+table).Scan(&part, &c); err != nil {
				t.Fatal(table, err)
			}
			n := part[strings.LastIndex(part, "_p"):]
			if want == "" {
				want = n
			}
			if n != want || c != county {
				t.Errorf("%s: row of county %s in partition %s, want county %s in %s", table, c, part, county, want)
			}
		}
		return want
	}
	seen := map[string]bool{samePartition("620321"): true}
	// the income upsert names the county in its conflict target (migration 00037)
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, region_code, county, per_capita_fen, source, updated_at)
		VALUES ($1, 2025, '620321100201', '620321', 800000, 'y', 'y')
		ON CONFLICT (household_id, year, county) DO UPDATE SET per_capita_fen = excluded.per_capita_fen`, hid); err != nil {
		t.Fatal(err)
	}
	moved := ""
	for _, c := range []string{"620302", "620102", "620502", "620702", "621102", "622901"} {
		if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET region_code = $1, county = $2 WHERE id = $3",
			c+"001001", c, hid); err != nil {
			t.Fatal(err)
		}
		moved = c
		seen[samePartition(c)] = true
	}
	if len(seen) < 2 {
		t.Fatalf("seven counties all hashed to one partition of 4: %v", seen)
	}
	if bad, err := db.CountyMismatches(ctx); err != nil || len(bad) > 0 {
		t.Fatalf("mismatches after moving %v %v", bad, err)
	}
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO cases (household_id, region_code, county, head_name, source, state, opened_at, updated_at)
		VALUES ($1, '620321100201', '620321', '张三', 'self_report', 'submitted', 'x', 'x')`, hid); err == nil {
		t.Fatalf("a case of county 620321 was stored for a household of county %s", moved)
	}
}

func tableNames() []string {
	var out []string
	for _, t := range store.CountyTables {
		out = append(out, t.Name)
	}
	return out
}
