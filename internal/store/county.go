package store

import (
	"context"
	"fmt"
)

// CountyTable is a household-level table that carries its rows' county
// (migration 00036, docs/scale.md "The county column"): the first six
// digits of the region code of the household the row belongs to, now.
type CountyTable struct {
	Name string
	// Key is the column naming the row the county comes from: household_id
	// (a household's row), or the id of a parent row in Parent.
	Key, Parent string
	// AtMatch marks a department feed table: its rows take the county of
	// the household they were matched to, when they were matched, and do
	// not move with it later.
	AtMatch bool
}

// CountyTables lists the tables below households that carry a county
// column, parents before children. households itself carries one too: the
// first six digits of its own region code.
var CountyTables = []CountyTable{
	{Name: "persons", Key: "household_id", Parent: "households"},
	{Name: "household_incomes", Key: "household_id", Parent: "households"},
	{Name: "household_cadres", Key: "household_id", Parent: "households"},
	{Name: "household_deltas", Key: "household_id", Parent: "households"},
	{Name: "monitoring_history", Key: "household_id", Parent: "households"},
	{Name: "cases", Key: "household_id", Parent: "households"},
	{Name: "measures", Key: "household_id", Parent: "households"},
	{Name: "income_worksheets", Key: "household_id", Parent: "households"},
	{Name: "income_worksheet_lines", Key: "household_id", Parent: "households"},
	{Name: "warnings", Key: "household_id", Parent: "households"},
	{Name: "visits", Key: "household_id", Parent: "households"},
	{Name: "labour_transfers", Key: "household_id", Parent: "households"},
	{Name: "labour_subsidy_payments", Key: "household_id", Parent: "households"},
	{Name: "retrofits", Key: "household_id", Parent: "households"},
	{Name: "dropout_followups", Key: "household_id", Parent: "households"},
	{Name: "project_beneficiaries", Key: "household_id", Parent: "households"},
	{Name: "entity_links", Key: "household_id", Parent: "households"},
	{Name: "entity_agreements", Key: "household_id", Parent: "households"},
	{Name: "entity_shares", Key: "household_id", Parent: "households"},
	{Name: "entity_payouts", Key: "household_id", Parent: "households"},
	{Name: "water_problems", Key: "household_id", Parent: "households"},
	{Name: "water_scheme_households", Key: "household_id", Parent: "households"},
	{Name: "case_events", Key: "case_id", Parent: "cases"},
	{Name: "measure_updates", Key: "measure_id", Parent: "measures"},
	{Name: "visit_checks", Key: "visit_id", Parent: "visits"},
	{Name: "warning_files", Key: "warning_id", Parent: "warnings"},
	{Name: "dropout_followup_steps", Key: "followup_id", Parent: "dropout_followups"},
	{Name: "feed_medical", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_education", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_civil", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_disability", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_housing", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_disaster", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_employment", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_death", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_insurance", Key: "household_id", Parent: "households", AtMatch: true},
	{Name: "feed_doctor", Key: "household_id", Parent: "households", AtMatch: true},
}

// CountyMismatches counts, by table, the rows whose county is not the one
// their household (or parent row) gives them: what an INSERT that forgot the
// county, or a move that left rows behind, leaves. A feed row is checked
// only for having a county exactly when it has a household, since its
// household may have moved since it was matched. The tests run it on every
// database they made (storetest); an empty map is a consistent database.
func (db *DB) CountyMismatches(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	count := func(table, query string) error {
		var n int64
		if err := db.r.QueryRowContext(ctx, query).Scan(&n); err != nil {
			return fmt.Errorf("store: county check of %s: %w", table, err)
		}
		if n > 0 {
			out[table] = n
		}
		return nil
	}
	if err := count("households", `SELECT count(*) FROM households WHERE county <> substr(region_code, 1, 6)`); err != nil {
		return nil, err
	}
	for _, t := range CountyTables {
		q := fmt.Sprintf(`SELECT count(*) FROM %s x LEFT JOIN %s p ON p.id = x.%s WHERE x.county <> COALESCE(p.county, '')`,
			t.Name, t.Parent, t.Key)
		if t.AtMatch {
			q = fmt.Sprintf(`SELECT count(*) FROM %s WHERE (household_id IS NULL) <> (county = '') OR length(county) NOT IN (0, 6)`, t.Name)
		}
		if err := count(t.Name, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InvalidIndexes names the indexes PostgreSQL holds but does not use: an
// index of a table partitioned by county that some partition lacks (built
// "ON ONLY" the parent), or one a failed build left behind. Queries do not
// fail on them, they only turn into scans of every row; the tests check
// every database they made (storetest). SQLite has none.
func (db *DB) InvalidIndexes(ctx context.Context) ([]string, error) {
	if db.Dialect != Postgres {
		return nil, nil
	}
	var out []string
	err := Each(ctx, db.Reader(), "store: list invalid indexes", func(row Scanner) error {
		var name string
		err := row.Scan(&name)
		out = append(out, name)
		return err
	}, `SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid ORDER BY 1`)
	return out, err
}
