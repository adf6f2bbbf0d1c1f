package visit

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"fangpin/internal/region"
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
					_, err = w.ExecContext(ctx, `INSERT INTO visits (household_id, county, region_code, visited_on, visitor,
						created_at) VALUES (?, ?, ?, '2026-11-20', '村干部', ?)`, id, region.County(testkit.VillageB), testkit.VillageB, store.Stamp(asOf))
				}
				return err
			}},
			{"a group disabled", func() error {
				return SetGroup(ctx, w, testkit.County, Group{Code: GroupDisability, Label: "残疾", Enabled: false,
					IntervalDays: 90, Position: 5}, "test")
			}},
			{"a household moved", exec(`UPDATE households SET region_code = ?, county = substr(?, 1, 6) WHERE code = ?`,
				testkit.VillageB, testkit.VillageB, testkit.VillageA+"-tekun")},
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

// eachTwoVillageLists runs fn in every test store with new Lists over
// villages A and B, each with every fact, and wholesale at 1: more than one
// missing village is judged in one pass over the scope.
func eachTwoVillageLists(t *testing.T, fn func(t *testing.T, ctx context.Context, db *store.DB, l *Lists)) {
	defer func(w int) { wholesale = w }(wholesale)
	wholesale = 1
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := NewLists(db)
		everyFact(t, db, testkit.VillageA)
		everyFact(t, db, testkit.VillageB)
		fn(t, context.Background(), db, l)
	})
}

// TestListsRejudgeTheVillage: after a change in one village, the county's
// list re-judges that village alone — a member's change, a department row
// of a member (counted through the person), a household moved (both its
// villages) — and stays MustVisit's; many villages missing at once are
// judged in one pass over the scope.
func TestListsRejudgeTheVillage(t *testing.T) {
	eachTwoVillageLists(t, func(t *testing.T, ctx context.Context, db *store.DB, l *Lists) {
		w := db.Writer()
		scope := store.MustScope(testkit.County)
		step := func(name string, villages, scopes int64, stmt string, args ...any) {
			t.Helper()
			if stmt != "" {
				if _, err := w.ExecContext(ctx, stmt, args...); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			v0, s0 := l.judged.villages.Load(), l.judged.scopes.Load()
			got, gn, err := l.MustVisit(ctx, scope, Filter{PerPage: 500}, asOf)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, wn, err := MustVisit(ctx, db.Reader(), scope, Filter{PerPage: 500}, asOf)
			if err != nil || wn != gn || !reflect.DeepEqual(want, got) {
				t.Fatalf("%s: remembered %d %v, computed %d %v (%v)", name, gn, got, wn, want, err)
			}
			if dv, ds := l.judged.villages.Load()-v0, l.judged.scopes.Load()-s0; dv != villages || ds != scopes {
				t.Errorf("%s: %d villages and %d scopes judged, want %d and %d", name, dv, ds, villages, scopes)
			}
		}
		step("first", 0, 1, "")
		step("again", 0, 0, "")
		step("a member ill in A", 1, 0, `UPDATE persons SET ill_major = 1 WHERE region_code = ? AND household_id =
			(SELECT min(id) FROM households WHERE code = ?)`, testkit.VillageA, testkit.VillageA+"-jobless")
		step("an employment row of B gone", 1, 0, `DELETE FROM feed_employment WHERE person_id IN
			(SELECT id FROM persons WHERE region_code = ?)`, testkit.VillageB)
		step("a household moved from A to B", 0, 1, `UPDATE households SET region_code = ?, county = substr(?, 1, 6)
			WHERE code = ?`, testkit.VillageB, testkit.VillageB, testkit.VillageA+"-tekun")
	})
}

// TestListsRefresh: Refresh judges again, ahead of the next request, what
// changed in the widest scope asked for, and a new day's list; the request
// then computes nothing and gets MustVisit's list.
func TestListsRefresh(t *testing.T) {
	eachTwoVillageLists(t, func(t *testing.T, ctx context.Context, db *store.DB, l *Lists) {
		countyScope := store.MustScope(testkit.County)
		ask := func(name string, scope store.Scope, day time.Time) {
			t.Helper()
			got, gn, err := l.MustVisit(ctx, scope, Filter{PerPage: 500}, day)
			want, wn, werr := MustVisit(ctx, db.Reader(), scope, Filter{PerPage: 500}, day)
			if err != nil || werr != nil || gn != wn || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: remembered %d %v (%v), computed %d %v (%v)", name, gn, got, err, wn, want, werr)
			}
		}
		judged := func() [2]int64 { return [2]int64{l.judged.villages.Load(), l.judged.scopes.Load()} }
		ask("county", countyScope, asOf)
		ask("village", store.MustScope(testkit.VillageB), asOf)
		if _, err := db.Writer().ExecContext(ctx, `UPDATE persons SET dibao = 1 WHERE region_code = ?`, testkit.VillageA); err != nil {
			t.Fatal(err)
		}
		before := judged()
		if err := l.Refresh(ctx, asOf); err != nil {
			t.Fatal(err)
		}
		if got := judged(); got != [2]int64{before[0] + 1, before[1]} {
			t.Fatalf("refresh after a change in one village judged %v, had %v", got, before)
		}
		before = judged()
		ask("county after the refresh", countyScope, asOf)
		ask("village after the refresh", store.MustScope(testkit.VillageB), asOf)
		next := asOf.AddDate(0, 0, 1)
		if err := l.Refresh(ctx, next); err != nil {
			t.Fatal(err)
		}
		if got := judged(); got != [2]int64{before[0], before[1] + 1} {
			t.Fatalf("refresh on a new day judged %v, had %v", got, before)
		}
		before = judged()
		ask("county the next day", countyScope, next)
		if got := judged(); got != before {
			t.Fatalf("the next day's request judged again: %v, had %v", got, before)
		}
	})
}
