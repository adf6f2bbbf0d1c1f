package registry

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"fangpin/internal/idcard"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// rowsFixture stores three households: two in 城关镇 (one monitored with
// risks, one eliminated) and one in 河西堡镇.
func rowsFixture(t *testing.T, db *store.DB) {
	t.Helper()
	testkit.Regions(t, db)
	var rows []map[string]string
	for _, r := range family("62032100000001", 11) {
		rows = append(rows, with(r, ColCategory, CategoryUnstable, ColIdentified, "202403", ColEliminated, "否",
			ColRisk(1), "因病", ColRisk(2), "因学"))
	}
	for _, r := range family("62032100000002", 21) {
		rows = append(rows, with(r, ColRegionCode, "620321100202", ColType, TypeOrdinary, ColHHPhone, "",
			ColCategory, CategoryMarginal, ColIdentified, "202301", ColEliminated, "是", ColElimMode, "帮扶消除",
			ColElimMonth, "202406", ColRisk(1), "因残"))
	}
	for _, r := range family("62032100000009", 31) {
		rows = append(rows, with(r, ColRegionCode, "620321101201"))
	}
	if _, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// collect gathers ForEachHousehold's rows.
func collect(t *testing.T, db *store.DB, scope store.Scope, f Filter, full bool) ([]Row, error) {
	t.Helper()
	var out []Row
	err := ForEachHousehold(context.Background(), db.Reader(), testkit.Keys(t), scope, f, full, func(r Row) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

func TestForEachHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rowsFixture(t, db)
		head1, head2 := testkit.IDBorn("19700101", 11), testkit.IDBorn("19700101", 21)
		got, err := collect(t, db, store.ScopeAll(), Filter{}, false)
		if err != nil || len(got) != 3 {
			t.Fatalf("all: %+v %v", got, err)
		}
		want := Row{Code: "62032100000001", RegionCode: "620321100201", Type: TypeFormerlyPoor, HeadName: "张01",
			Members: 3, Category: CategoryUnstable, IdentifiedMonth: 202403, Risks: []string{"因病", "因学"},
			HeadID: idcard.Mask(head1), Phone: idcard.MaskPhone("13800001111")}
		if !reflect.DeepEqual(got[0], want) {
			t.Errorf("first row\n got %+v\nwant %+v", got[0], want)
		}
		if r := got[1]; r.Code != "62032100000002" || !r.Eliminated || r.EliminatedMonth != 202406 ||
			r.Category != CategoryMarginal || r.Phone != "" || r.HeadID != idcard.Mask(head2) {
			t.Errorf("eliminated row %+v", r)
		}
		if r := got[2]; r.Category != "" || r.IdentifiedMonth != 0 || r.Risks != nil {
			t.Errorf("never monitored %+v", r)
		}
		full, err := collect(t, db, store.ScopeAll(), Filter{Monitored: "ever"}, true)
		if err != nil || len(full) != 2 || full[0].HeadID != head1 || full[0].Phone != "13800001111" || full[1].HeadID != head2 {
			t.Errorf("full: %+v %v", full, err)
		}
		// the rows are the list's, page after page
		var paged []string
		for p := 1; p <= 3; p++ {
			items, _, err := FindHouseholds(context.Background(), db.Reader(), testkit.Keys(t), store.ScopeAll(), Filter{Page: p, PerPage: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				paged = append(paged, it.Code)
			}
		}
		for i, r := range got {
			if paged[i] != r.Code {
				t.Errorf("row %d: %s, the list has %s", i, r.Code, paged[i])
			}
		}
		stop := errors.New("stop")
		n := 0
		err = ForEachHousehold(context.Background(), db.Reader(), testkit.Keys(t), store.ScopeAll(), Filter{}, false, func(Row) error {
			n++
			return stop
		})
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("callback error: %v after %d rows", err, n)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := ForEachHousehold(ctx, db.Reader(), testkit.Keys(t), store.ScopeAll(), Filter{}, false, func(Row) error { return nil }); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled: %v", err)
		}
	})
}

// TestScopeForEachHousehold: the whole-list walk keeps to the scope.
func TestScopeForEachHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rowsFixture(t, db)
		got, err := collect(t, db, store.MustScope("620321100000"), Filter{}, true)
		if err != nil || len(got) != 2 || got[0].Code != "62032100000001" || got[1].Code != "62032100000002" {
			t.Fatalf("township: %+v %v", got, err)
		}
		if _, err := collect(t, db, store.MustScope("620321100000"), Filter{Region: "620321101201"}, false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("foreign region: %v", err)
		}
		if _, err := collect(t, db, store.Scope{}, Filter{}, false); !errors.Is(err, store.ErrNoScope) {
			t.Errorf("zero scope: %v", err)
		}
	})
}
