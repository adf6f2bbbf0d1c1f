package stats

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// The counties of the sectors scenario: village A (H1–H3) and village B
// (H4) lie in two.
const (
	countyA = "620321" // 永昌县: villageA, township
	countyB = "620302" // 金川区: villageB
)

// sameSectors fails unless got is the block want: the same figures and, per
// figure, the same entries.
func sameSectors(t *testing.T, label string, got, want *SectorDetail) {
	t.Helper()
	if !reflect.DeepEqual(got.Sectors, want.Sectors) {
		t.Errorf("%s: sectors\n%+v, want\n%+v", label, got.Sectors, want.Sectors)
	}
	for _, f := range SectorFigures {
		g, w := slices.Clone(got.List(f.Key)), slices.Clone(want.List(f.Key))
		if !slices.Equal(g, w) {
			t.Errorf("%s: %s entries %v, want %v", label, f.Key, g, w)
		}
	}
}

// rememberedMatchesNow checks every region of the scenario on both days
// against sectorsNow.
func rememberedMatchesNow(t *testing.T, db *store.DB, label string) {
	t.Helper()
	ctx := context.Background()
	for _, code := range []string{city, countyA + "000000", township, villageA, villageA2, countyB + "000000", villageB} {
		for _, day := range []string{"2026-06-30", "2026-02-28"} {
			got, err := ComputeSectorDetail(ctx, db, store.ScopeAll(), code, date(day))
			if err != nil {
				t.Fatal(err)
			}
			want, err := sectorsNow(ctx, db.Reader(), store.MustScope(code), date(day))
			if err != nil {
				t.Fatal(err)
			}
			sameSectors(t, fmt.Sprintf("%s: %s as of %s", label, code, day), got, want)
		}
	}
}

// TestSectorsRemembered: the remembered block is the block computed now,
// for a city, its counties, a township and villages; asked again it
// computes nothing; a change in one county computes that county alone and
// the figures follow it.
func TestSectorsRemembered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		ctx := context.Background()
		m := sectorMemoOf(db)
		computed := func() [2]int64 { return [2]int64{m.computed.counties.Load(), m.computed.scopes.Load()} }
		// a village asked first computes its own rows, not its county's
		got, err := ComputeSectorDetail(ctx, db, store.ScopeAll(), villageA, date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := sectorsNow(ctx, db.Reader(), store.MustScope(villageA), date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		sameSectors(t, "village A first", got, want)
		if n, c := m.computed.regions.Load(), computed(); n != 1 || c != [2]int64{} {
			t.Errorf("village A first: computed %d regions and %v (counties, scopes), want the village alone", n, c)
		}
		rememberedMatchesNow(t, db, "first")
		if got := computed(); got[1] != 2 { // the city on each day, in one pass each
			t.Errorf("computed %v (counties, scopes), want the city in one pass on each day", got)
		}
		before := computed()
		rememberedMatchesNow(t, db, "again")
		if got := computed(); got != before {
			t.Errorf("asked again: computed %v, want %v (nothing new)", got, before)
		}
		old, err := ComputeSectors(ctx, db, store.ScopeAll(), city, date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		// H3 (village A, county A) becomes a 脱贫户: 10's aid counts for a 脱贫户
		if _, err := db.Writer().ExecContext(ctx, "UPDATE households SET type = '脱贫户' WHERE code = 'S3'"); err != nil {
			t.Fatal(err)
		}
		now, err := ComputeSectors(ctx, db, store.ScopeAll(), city, date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if got := computed(); got != [2]int64{before[0] + 1, before[1]} {
			t.Errorf("after a change in county A: computed %v, want %v (county A alone)", got, [2]int64{before[0] + 1, before[1]})
		}
		if now.Education.AidFormerlyPoorPersonTimes == old.Education.AidFormerlyPoorPersonTimes {
			t.Errorf("after a change in county A: formerly poor aid person-times still %d", old.Education.AidFormerlyPoorPersonTimes)
		}
		rememberedMatchesNow(t, db, "after a change")
	})
}

// TestSectorsLinkedCounties: a household that moved to another county after
// as_of counts in its first county on that day, and a change to it, which
// its new county's counter counts, changes the first county's block.
func TestSectorsLinkedCounties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sectorFixture(t, db)
		ctx := context.Background()
		moved := append(slices.Clone(sectorsSecond[:2]), hhRow{villageA, "S4", "一般农户", members(9), [6]string{}})
		importOn(t, db, "2026-07-15", moved) // H4 moves from village B (county B) to village A (county A)
		rememberedMatchesNow(t, db, "moved")
		var hh int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM households WHERE code = 'S4'").Scan(&hh); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO retrofits (household_id, county, region_code, kind, central_fen,
			started, completed, created_by, created_at, updated_by, updated_at)
			VALUES (?, (SELECT county FROM households WHERE id = ?), ?, '危房改造', 500000, '2026-02-01', '2026-05-01', 't', 'x', 't', 'x')`, hh, hh, villageA); err != nil {
			t.Fatal(err)
		}
		s, err := ComputeSectors(ctx, db, store.ScopeAll(), villageB, date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if s.Housing.RetrofitsCompleted != 1 || s.Housing.RetrofitSubsidy != 500000 {
			t.Errorf("village B as of 2026-06-30 after H4's retrofit: %d completed, %d fen; want 1, 500000",
				s.Housing.RetrofitsCompleted, s.Housing.RetrofitSubsidy)
		}
		rememberedMatchesNow(t, db, "moved, retrofitted")
	})
}

// sectorTables are the tables the sectors block reads (but for the Whole
// figures, computed at each call) and the counter a change to each rises:
// the county's of the row (sectorFixture's rows are in county A) or the
// topic's own, for the department feeds.
var sectorTables = map[string]string{
	"households": countyA, "persons": countyA, "household_deltas": countyA, "monitoring_history": countyA,
	"measures": countyA, "measure_updates": countyA, "retrofits": countyA, "person_moves": countyA,
	"dropout_followups": countyA,
	"feed_education":    "", "feed_medical": "", "feed_civil": "", "feed_housing": "", "feed_employment": "",
	"feed_insurance": "", "feed_doctor": "",
}

// TestSectorCountersCoverTables: every table the block's source reads (in
// its SQL or a table name it passes as a string) is
// one of sectorTables, and an insert, an update and a delete of a row of
// each raise its counter (each trigger of migration 00035 is needed).
func TestSectorCountersCoverTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Dialect == store.SQLite {
			rows, err := db.Reader().QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table'")
			if err != nil {
				t.Fatal(err)
			}
			var tables []string
			for rows.Next() {
				var n string
				rows.Scan(&n)
				tables = append(tables, n)
			}
			rows.Close()
			for _, name := range sectorSources(t) {
				src, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				for _, tb := range tables {
					if _, ok := sectorTables[tb]; !ok && !wholeKey(tb) && regexp.MustCompile(`(FROM|JOIN)\s+`+tb+`\b|"`+tb+`[ "]`).Match(src) {
						t.Errorf("%s reads table %s, which no sectors counter counts (migration 00035, sectorTables)", name, tb)
					}
				}
			}
		}
		sectorFixture(t, db)
		w := db.Writer()
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := w.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(q, err)
			}
		}
		var hh, pid, other int64
		if err := db.Reader().QueryRowContext(ctx, `SELECT h.id, min(p.id), max(p.id) FROM households h JOIN persons p ON p.household_id = h.id
			WHERE h.code = 'S1' GROUP BY h.id`).Scan(&hh, &pid, &other); err != nil {
			t.Fatal(err)
		}
		// rows of the tables the fixture leaves empty
		exec(`INSERT INTO retrofits (household_id, county, region_code, kind, started, created_by, created_at, updated_by, updated_at)
			VALUES (?, (SELECT county FROM households WHERE id = ?), ?, '危房改造', '2026-01-01', 't', 'x', 't', 'x')`, hh, hh, villageA)
		exec(`INSERT INTO dropout_followups (person_id, household_id, county, region_code, responsible, opened_on, created_by, created_at,
			updated_by, updated_at) VALUES (?, ?, (SELECT county FROM households WHERE id = ?), ?, 't', '2026-01-01', 't', 'x', 't', 'x')`, pid, hh, hh, villageA)
		exec(`INSERT INTO feed_insurance (file_id, row_no, person_id, id_idx, id_masked, year, category, contrib_fen, subsidy_fen, day)
			VALUES (9, 1, ?, '', '', 2026, '城乡居民基本医保', 0, 100, 20260101)`, pid)
		exec(`INSERT INTO feed_doctor (file_id, row_no, person_id, id_idx, id_masked, signed, team) VALUES (9, 2, ?, '', '', 20260101, 't')`, pid)
		exec("DELETE FROM person_moves WHERE person_id = ?", other)
		exec("INSERT INTO person_moves (person_id) VALUES (?)", other)
		count := func(topic string) int64 {
			t.Helper()
			n, err := store.ChangeCount(ctx, db.Reader(), topic)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, tb := range slices.Sorted(func(yield func(string) bool) {
			for k := range sectorTables {
				if !yield(k) {
					return
				}
			}
		}) {
			topic := TopicSectors
			if c := sectorTables[tb]; c != "" {
				topic += "@" + c
			}
			// a copy of one of its rows in county A: inserted, updated, deleted
			key, id := "id", int64(0)
			where := map[string]string{
				"households": "region_code = '" + villageA + "'", "persons": "region_code = '" + villageA + "'",
				"household_deltas": "region_code = '" + villageA + "'", "monitoring_history": "region_code = '" + villageA + "'",
				"measures": "region_code = '" + villageA + "'", "measure_updates": "region_code = '" + villageA + "'",
			}[tb]
			if where == "" {
				where = "1 = 1"
			}
			if tb == "person_moves" {
				key = "person_id"
			}
			if err := db.Reader().QueryRowContext(ctx, "SELECT min("+key+") FROM "+tb+" WHERE "+where).Scan(&id); err != nil {
				t.Fatalf("%s: no row in county A: %v", tb, err)
			}
			n := count(topic)
			copied := copyRow(t, db, tb, key, id, sectorOverrides(tb, pid, other))
			if m := count(topic); m <= n {
				t.Errorf("an insert into %s leaves %s at %d", tb, topic, m)
			}
			n = count(topic)
			col := map[string]string{"person_moves": "person_id"}[tb]
			if col == "" {
				col = "region_code"
				if !hasColumn(t, db, tb, col) {
					col = "person_id"
				}
			}
			exec("UPDATE "+tb+" SET "+col+" = "+col+" WHERE "+key+" = ?", copied)
			if m := count(topic); m <= n {
				t.Errorf("an update of %s leaves %s at %d", tb, topic, m)
			}
			if strings.HasPrefix(tb, "feed_") { // a feed row stamped again (its first stamp need not count)
				stamp := "UPDATE " + tb + " SET household_id = ?, county = (SELECT county FROM households WHERE id = ?) WHERE id = ?"
				exec(stamp, hh, hh, copied)
				n = count(topic)
				exec(stamp, hh, hh, copied)
				if m := count(topic); m <= n {
					t.Errorf("a new stamp of a row of %s leaves %s at %d", tb, topic, m)
				}
			}
			n = count(topic)
			exec("DELETE FROM "+tb+" WHERE "+key+" = ?", copied)
			if m := count(topic); m <= n {
				t.Errorf("a delete from %s leaves %s at %d", tb, topic, m)
			}
		}
	})
}

// sectorSources are the files of the block's computation (its Whole
// figures aside: water, projects, labour, entities, villages).
func sectorSources(t *testing.T) []string {
	var out []string
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, "_test.go") || !strings.HasSuffix(n, ".go") {
			continue
		}
		if strings.HasPrefix(n, "sector") || n == "history.go" {
			out = append(out, n)
		}
	}
	return slices.SortedFunc(slices.Values(out), cmp.Compare[string])
}

// sectorOverrides are the columns a copy of a row of table must change to
// be stored beside the row (its unique keys): pid and other are persons of
// H1, of whom other has a move recorded and a follow-up, pid neither.
func sectorOverrides(table string, pid, other int64) map[string]any {
	return map[string]map[string]any{"households": {"code": "S9"}, "persons": {"id_idx": "copy"},
		"person_moves": {"person_id": pid}, "dropout_followups": {"person_id": other},
		"retrofits": {"started": "2026-02-02"}}[table]
}

// copyRow stores a copy of the row of table whose key is id, with the
// columns of set changed, and returns the copy's key (a new id, or set's).
func copyRow(t *testing.T, db *store.DB, table, key string, id int64, set map[string]any) int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := db.Reader().QueryContext(ctx, "SELECT * FROM "+table+" WHERE "+key+" = ?", id)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if !rows.Next() {
		t.Fatalf("%s: no row %d", table, id)
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	var names, marks []string
	var args []any
	for i, c := range cols {
		if c == "id" {
			continue
		}
		v := vals[i]
		if s, ok := set[c]; ok {
			v = s
		}
		names, marks, args = append(names, c), append(marks, "?"), append(args, v)
	}
	q := "INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	if key != "id" {
		if _, err := db.Writer().ExecContext(ctx, q, args...); err != nil {
			t.Fatal(q, err)
		}
		return set[key].(int64)
	}
	var out int64
	if err := db.Writer().QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&out); err != nil {
		t.Fatal(q, err)
	}
	return out
}

// hasColumn reports whether table has the column.
func hasColumn(t *testing.T, db *store.DB, table, column string) bool {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), "SELECT * FROM "+table+" WHERE 1 = 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	return slices.Contains(cols, column)
}

// wholeKey reports whether name is the key of a Whole sector, which the
// sources name as a key (SectorNames, JSON), not as a table they read.
func wholeKey(name string) bool {
	for _, n := range SectorNames {
		if n.Whole && n.Key == name {
			return true
		}
	}
	return false
}

// TestSectorsRememberedShared: callers given the same remembered block at
// once list and sum it side by side (go test -race finds a write to the
// shared entries), and each gets the figures of the block.
func TestSectorsRememberedShared(t *testing.T) {
	db := storetest.SQLite(t)
	sectorFixture(t, db)
	ctx := context.Background()
	want, err := sectorsNow(ctx, db.Reader(), store.MustScope(city), date("2026-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *SectorDetail, 8)
	for i := range 8 {
		go func() {
			d, err := ComputeSectorDetail(ctx, db, store.ScopeAll(), city, date("2026-06-30"))
			if err != nil {
				t.Error(err)
				done <- nil
				return
			}
			for _, f := range SectorFigures {
				if i%2 == 0 {
					d.List(f.Key)
				} else {
					d.Within(villageA)
				}
			}
			done <- d
		}()
	}
	for range 8 {
		if d := <-done; d != nil {
			sameSectors(t, "shared", d, want)
		}
	}
}
