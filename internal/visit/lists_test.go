package visit

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestListsFollowChanges: the remembered lists are MustVisit's after every
// kind of change that moves a household onto, off or along the list —
// each written as plain SQL, as a tool beside the server might — and stay
// so after a change rolled back, on both databases.
func TestListsFollowChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := NewLists(db)
		scopes := []store.Scope{store.MustScope(testkit.VillageA), store.MustScope(testkit.County)}
		filters := []Filter{{PerPage: 500}, {DueOnly: true, PerPage: 500}, {Group: GroupDibao, PerPage: 500},
			{Page: 2, PerPage: 3}, {Region: testkit.VillageB, PerPage: 500}}
		// same checks every filter of every scope, and returns the county's list.
		same := func(step string) string {
			t.Helper()
			var countyList string
			for _, s := range scopes {
				for _, f := range filters {
					want, wn, werr := MustVisit(ctx, db.Reader(), s, f, asOf)
					got, gn, gerr := l.MustVisit(ctx, s, f, asOf)
					if wn != gn || !reflect.DeepEqual(want, got) || (werr == nil) != (gerr == nil) {
						t.Fatalf("%s, %v %+v: remembered %d %v (%v), computed %d %v (%v)", step, s, f, gn, got, gerr, wn, want, werr)
					}
					for i := 1; i < len(got); i++ {
						if got[i].before(got[i-1]) {
							t.Fatalf("%s, %v %+v: %v before %v", step, s, f, got[i], got[i-1])
						}
					}
					if f.Page == 0 && f.Region == "" && !f.DueOnly && f.Group == "" {
						countyList = fmt.Sprint(want)
					}
				}
			}
			return countyList
		}
		monitored := Group{Code: GroupMonitored, Label: "监测对象", Enabled: true, IntervalDays: 30, Position: 10}
		if err := SetGroup(ctx, db.Writer(), "", monitored, "test"); err != nil {
			t.Fatal(err)
		}
		same("empty")
		everyFact(t, db, testkit.VillageA)
		everyFact(t, db, testkit.VillageB)
		before := same("every fact")
		w := db.Writer()
		exec := func(stmt string, args ...any) func() error {
			return func() error { _, err := w.ExecContext(ctx, stmt, args...); return err }
		}
		ranges := exec(`INSERT INTO monitoring_ranges (region_code, year, fen, source, updated_at)
			VALUES (?, 2025, 50000, 'test', '2026-01-01T00:00:00Z')`, testkit.County)
		steps := []struct {
			name   string
			change func() error
		}{
			{"a member on 低保 no more", exec(`UPDATE persons SET dibao = 0 WHERE dibao = 1 AND region_code = ?`, testkit.VillageA)},
			{"a member ill", exec(`UPDATE persons SET ill_major = 1 WHERE region_code = ? AND household_id =
				(SELECT min(id) FROM households WHERE code = ?)`, testkit.VillageA, testkit.VillageA+"-tekun")},
			{"an income line", ranges},
			{"an income fallen", exec(`UPDATE household_incomes SET per_capita_fen = 10000`)},
			{"an employment row gone", exec(`DELETE FROM feed_employment`)},
			{"a certificate gone", exec(`DELETE FROM feed_disability`)},
			{"a disaster gone", exec(`DELETE FROM feed_disaster`)},
			{"a death gone", exec(`DELETE FROM feed_death`)},
			{"a warning handled", exec(`UPDATE warnings SET status = 'handled'`)},
			{"monitoring ended", exec(`UPDATE households SET eliminated = 1 WHERE category <> ''`)},
			{"a visit", func() error {
				var id int64
				err := w.QueryRowContext(ctx, `SELECT id FROM households WHERE code = ?`, testkit.VillageB+"-dibao").Scan(&id)
				if err == nil {
					_, err = w.ExecContext(ctx, `INSERT INTO visits (household_id, region_code, visited_on, visitor,
						created_at) VALUES (?, ?, '2026-11-20', '村干部', ?)`, id, testkit.VillageB, store.Stamp(asOf))
				}
				return err
			}},
			{"a group disabled", func() error {
				return SetGroup(ctx, w, testkit.County, Group{Code: GroupDisability, Label: "残疾", Enabled: false,
					IntervalDays: 90, Position: 5}, "test")
			}},
			{"a household moved", exec(`UPDATE households SET region_code = ? WHERE code = ?`, testkit.VillageB, testkit.VillageA+"-tekun")},
		}
		for _, st := range steps {
			if err := st.change(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after := same(st.name)
			if after == before {
				t.Errorf("%s: the list did not change (the step tests nothing)", st.name)
			}
			before = after
		}
		rollback := errors.New("roll back")
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE persons SET ill_major = 1, dibao = 1`); err != nil {
				return err
			}
			if got, _, err := l.MustVisit(ctx, store.MustScope(testkit.County), Filter{PerPage: 500}, asOf); err != nil || fmt.Sprint(got) != before {
				t.Errorf("while a transaction is open: %v, %v", got, err)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		if same("rolled back") != before {
			t.Error("a rolled-back change changed the list")
		}
		// A savepoint rolled back undoes PostgreSQL's mark of the transaction
		// too: a change after it is counted at commit.
		err = db.Transact(ctx, func(tx *store.Tx) error {
			for _, stmt := range []string{`SAVEPOINT s`, `UPDATE persons SET ill_major = 1`, `ROLLBACK TO SAVEPOINT s`,
				`UPDATE persons SET dibao = 1`} {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if same("after a savepoint") == before {
			t.Error("the change after a rolled-back savepoint did not change the list")
		}
	})
}
