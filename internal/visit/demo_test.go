package visit

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fangpin/internal/demo"
	"fangpin/internal/incomeline"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// loadDemo imports the demo city (金昌市) the way `fangpin demo` does.
func loadDemo(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := region.ImportReader(ctx, db, demo.Regions()); err != nil {
		t.Fatal(err)
	}
	if err := incomeline.Seed(ctx, db.Writer()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "demo.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.WriteCSV(f, demo.Config{Seed: 1, Scale: 1, Year: 2026, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	keys, _ := pii.New(make([]byte, 32))
	if res, err := registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(ctx, path, registry.ImportOptions{Now: asOf}); err != nil {
		t.Fatal(err, res.Issues)
	}
}

// independent counts each group's households with SQL written apart from
// the group conditions (grouping persons instead of correlated
// subqueries), and the low incomes in Go against incomeline.Lookup.
func independent(t *testing.T, db *store.DB) map[string]map[int64]bool {
	t.Helper()
	ctx := context.Background()
	q := db.Reader()
	sets := map[string]map[int64]bool{}
	ids := func(group, query string) {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		sets[group] = map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			sets[group][id] = true
		}
	}
	ids(GroupIllness, `SELECT household_id FROM persons WHERE active = 1 GROUP BY household_id
		HAVING max(ill_major) = 1 OR max(ill_chronic) = 1`)
	ids(GroupTekunAlone, `SELECT household_id FROM persons WHERE active = 1 GROUP BY household_id
		HAVING count(*) = 1 AND max(COALESCE(tekun, 0)) = 1`)
	ids(GroupDibao, `SELECT household_id FROM persons WHERE active = 1 GROUP BY household_id HAVING max(COALESCE(dibao, 0)) = 1`)
	ids(GroupDisability, `SELECT household_id FROM persons WHERE active = 1 GROUP BY household_id HAVING max(disabled) = 1`)
	ids(GroupSchooling, `SELECT household_id FROM persons WHERE active = 1 GROUP BY household_id
		HAVING sum(CASE WHEN schooling IN ('', '学龄前儿童') THEN 0 ELSE 1 END) >= 2`)
	ids(GroupMigrant, `SELECT household_id FROM persons WHERE active = 1 GROUP BY household_id
		HAVING sum(CASE WHEN work_months BETWEEN 1 AND 5 THEN 1 ELSE 0 END) > 0`)
	sets[GroupLowIncome] = lowIncomes(t, db)
	return sets
}

func lowIncomes(t *testing.T, db *store.DB) map[int64]bool {
	t.Helper()
	ctx := context.Background()
	rows, err := db.Reader().QueryContext(ctx, `SELECT i.household_id, h.region_code, i.year, i.per_capita_fen
		FROM household_incomes i JOIN households h ON h.id = i.household_id ORDER BY i.household_id, i.year`)
	if err != nil {
		t.Fatal(err)
	}
	type inc struct {
		region string
		year   int
		fen    int64
	}
	latest := map[int64][]inc{}
	for rows.Next() {
		var id int64
		var x inc
		if err := rows.Scan(&id, &x.region, &x.year, &x.fen); err != nil {
			t.Fatal(err)
		}
		latest[id] = append(latest[id], x)
	}
	rows.Close()
	out := map[int64]bool{}
	for id, xs := range latest {
		last := xs[len(xs)-1]
		line, err := incomeline.Lookup(ctx, db.Reader(), last.region, last.year)
		if err != nil {
			t.Fatal(err)
		}
		fell := len(xs) > 1 && xs[len(xs)-2].year == last.year-1 && last.fen*10 < xs[len(xs)-2].fen*9
		if last.fen*10 < line.Fen*12 || fell {
			out[id] = true
		}
	}
	return out
}

// TestMustVisitOnDemo computes the list of the demo city and compares every
// group with the independent count: the data-driven groups are non-empty,
// the feed-driven ones empty (the demo has no feeds), and the list is their
// union.
func TestMustVisitOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the demo city")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		ctx := context.Background()
		city := store.MustScope(demo.CityCode)
		want := independent(t, db)
		union := map[int64]bool{}
		for group, set := range want {
			start := time.Now()
			_, total, err := MustVisit(ctx, db.Reader(), city, Filter{Group: group, PerPage: 1}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d households (%v)", group, total, time.Since(start).Round(time.Millisecond))
			if total == 0 || total != len(set) {
				t.Errorf("%s: %d households, the independent count %d", group, total, len(set))
			}
			for id := range set {
				union[id] = true
			}
		}
		for _, group := range []string{GroupEvent, GroupWarning} {
			if _, total, err := MustVisit(ctx, db.Reader(), city, Filter{Group: group}, asOf); err != nil || total != 0 {
				t.Errorf("%s without feeds: %d, %v", group, total, err)
			}
		}
		start := time.Now()
		es, total, err := MustVisit(ctx, db.Reader(), city, Filter{PerPage: 500}, asOf)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("the city's list: %d of %d households due (%v)", total, len(union), time.Since(start).Round(time.Millisecond))
		if total != len(union) || len(es) != 500 || !es[0].Due || es[0].HeadName == "" || len(es[0].Reasons) == 0 {
			t.Errorf("list of %d, union %d; first %+v", total, len(union), es[0])
		}
		for _, e := range es {
			if !union[e.HouseholdID] {
				t.Errorf("%s is listed but in no independent group", e.Code)
			}
		}
	})
}
