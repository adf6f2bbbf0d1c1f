package visit

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// logFixture records four visits: three in village A (one with two
// problems), one in village B. It returns their ids in the log's order for
// village A: the latest first.
func logFixture(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	a, _ := hh{code: "6203211002010001"}.add(t, db)
	b, _ := hh{code: "6203211002020001", village: testkit.VillageB}.add(t, db)
	rec := func(scope store.Scope, id int64, day string, problems map[string]string) int64 {
		vid, err := record(db, scope, Visit{HouseholdID: id, Date: day, Answers: allOK(problems), Findings: "记录" + day})
		if err != nil {
			t.Fatal(err)
		}
		return vid
	}
	first := rec(cadreA.Scope(), a, "2026-10-01", nil)
	second := rec(cadreA.Scope(), a, "2026-11-01", map[string]string{"housing": "墙裂", "income": "减收"})
	rec(store.MustScope(testkit.VillageB), b, "2026-11-02", nil)
	third := rec(cadreA.Scope(), a, "2026-11-01", nil)
	return []int64{third, second, first}
}

func logIDs(t *testing.T, db *store.DB, scope store.Scope, f LogFilter) ([]int64, []LogEntry) {
	t.Helper()
	var ids []int64
	var es []LogEntry
	err := ForEachLog(context.Background(), db.Reader(), scope, f, func(e LogEntry) error {
		ids, es = append(ids, e.ID), append(es, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, es
}

func TestLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		want := logFixture(t, db)
		defer func(n int) { detailBatch = n }(detailBatch)
		detailBatch = 2
		ids, es := logIDs(t, db, cadreA.Scope(), LogFilter{})
		if !reflect.DeepEqual(ids, want) {
			t.Fatalf("ForEachLog %v, want %v", ids, want)
		}
		if e := es[1]; e.HouseholdCode != "6203211002010001" || e.HeadName == "" || e.Visitor != "张干部" ||
			!reflect.DeepEqual(e.Problems, []string{"收入情况", "住房安全"}) || e.Findings != "记录2026-11-01" {
			t.Errorf("entry %+v", e)
		}
		if es[0].Problems != nil {
			t.Errorf("problems of a visit without any: %v", es[0].Problems)
		}
		var paged []int64
		for p := 1; p <= 2; p++ {
			page, total, err := Log(ctx, db.Reader(), cadreA.Scope(), LogFilter{Page: p, PerPage: 2})
			if err != nil || total != 3 {
				t.Fatalf("Log page %d: %d, %v", p, total, err)
			}
			for _, e := range page {
				paged = append(paged, e.ID)
			}
		}
		if !reflect.DeepEqual(paged, want) {
			t.Errorf("Log pages %v, want %v", paged, want)
		}
		if ids, _ := logIDs(t, db, cadreA.Scope(), LogFilter{From: "2026-11-01", To: "2026-11-01"}); !reflect.DeepEqual(ids, want[:2]) {
			t.Errorf("one day: %v", ids)
		}
		if _, _, err := Log(ctx, db.Reader(), cadreA.Scope(), LogFilter{From: "2026/11/01"}); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("malformed day: %v", err)
		}
	})
}

// TestScopeLog: the visit log keeps to the scope.
func TestScopeLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		want := logFixture(t, db)
		if ids, _ := logIDs(t, db, cadreA.Scope(), LogFilter{}); len(ids) != len(want) {
			t.Errorf("village A: %v", ids)
		}
		if _, total, err := Log(context.Background(), db.Reader(), cadreA.Scope(), LogFilter{}); err != nil || total != 3 {
			t.Errorf("Log total %d, %v", total, err)
		}
		if ids, _ := logIDs(t, db, store.MustScope(testkit.Township), LogFilter{}); len(ids) != 4 {
			t.Errorf("township: %v", ids)
		}
		err := ForEachLog(context.Background(), db.Reader(), cadreA.Scope(), LogFilter{Region: testkit.VillageB}, func(LogEntry) error { return nil })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("foreign region: %v", err)
		}
	})
}
