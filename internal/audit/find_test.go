package audit_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

func TestFind(t *testing.T) {
	li := audit.Actor{UserID: 3, Username: "li", Role: "county"}
	entries := []struct {
		a audit.Actor
		e audit.Event
	}{
		{system, audit.Event{Action: "household.import", Region: "620321000000"}},                     // 1 county 永昌县
		{admin, audit.Event{Action: "login"}},                                                         // 2 global
		{cadre, audit.Event{Action: "household.view_full_id", Region: "620321100201"}},                // 3 township 城关镇
		{cadre, audit.Event{Action: "household.update", Region: "620321101201"}},                      // 4 another township
		{li, audit.Event{Action: "household.update", Region: "620302000000"}},                         // 5 another county
		{admin, audit.Event{Action: "user.create", Entity: "user", EntityID: "3", Detail: "li"}},      // 6 global
		{admin, audit.Event{Action: "export.full", Region: "630100000000", Detail: map[string]int{}}}, // 7 another province
	}
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	cases := []struct {
		name  string
		scope store.Scope
		f     audit.Filter
		ids   []int64
		total int
	}{
		{"country", store.ScopeAll(), audit.Filter{}, []int64{7, 6, 5, 4, 3, 2, 1}, 7},
		{"province sees global entries", store.MustScope("620000000000"), audit.Filter{}, []int64{6, 5, 4, 3, 2, 1}, 6},
		{"city", store.MustScope("620300000000"), audit.Filter{}, []int64{5, 4, 3, 1}, 4},
		{"county", store.MustScope("620321000000"), audit.Filter{}, []int64{4, 3, 1}, 3},
		{"township", store.MustScope("620321100000"), audit.Filter{}, []int64{3}, 1},
		{"user", store.ScopeAll(), audit.Filter{Username: "zhang"}, []int64{4, 3}, 2},
		{"action", store.ScopeAll(), audit.Filter{Action: "login"}, []int64{2}, 1},
		{"region", store.ScopeAll(), audit.Filter{Region: "620321100000"}, []int64{3}, 1},
		{"province with a region leaves out global entries", store.MustScope("620000000000"), audit.Filter{Region: "620300000000"}, []int64{5, 4, 3, 1}, 4},
		{"dates", store.ScopeAll(), audit.Filter{From: at(2), To: at(4)}, []int64{4, 3}, 2},
		{"dates in another zone", store.ScopeAll(), audit.Filter{From: at(2).In(civil.Zone)}, []int64{7, 6, 5, 4, 3}, 5},
		{"page", store.ScopeAll(), audit.Filter{Page: 2, PerPage: 2}, []int64{5, 4}, 7},
		{"past the last page", store.ScopeAll(), audit.Filter{Page: 9, PerPage: 2}, nil, 7},
		{"filters together", store.MustScope("620300000000"), audit.Filter{Username: "zhang", Action: "household.update", From: at(3)}, []int64{4}, 1},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := audit.New(db).WithClock(clock())
		for _, en := range entries {
			if err := l.Append(audit.WithActor(ctx, en.a), en.e); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range cases {
			es, total, err := audit.Find(ctx, db.Reader(), c.scope, c.f)
			var ids []int64
			for _, e := range es {
				ids = append(ids, e.ID)
			}
			if err != nil || total != c.total || !reflect.DeepEqual(ids, c.ids) {
				t.Errorf("%s: Find = %v, total %d, %v; want %v, %d", c.name, ids, total, err, c.ids, c.total)
			}
			if c.f.Page == 0 {
				if all := forEach(t, db, c.scope, c.f); !reflect.DeepEqual(all, c.ids) {
					t.Errorf("%s: ForEach = %v, want %v", c.name, all, c.ids)
				}
			}
		}
		if _, _, err := audit.Find(ctx, db.Reader(), store.Scope{}, audit.Filter{}); !errors.Is(err, store.ErrNoScope) {
			t.Errorf("zero scope: %v", err)
		}
		if _, _, err := audit.Find(ctx, db.Reader(), store.ScopeAll(), audit.Filter{Region: "62"}); !errors.Is(err, store.ErrBadRegion) {
			t.Errorf("bad region filter: %v", err)
		}
		// a region outside the scope is not found, as in every list
		if _, _, err := audit.Find(ctx, db.Reader(), store.MustScope("620321000000"), audit.Filter{Region: "620302000000"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("region outside the scope: %v", err)
		}
	})
}

// forEach lists the ids ForEach gives.
func forEach(t *testing.T, db *store.DB, scope store.Scope, f audit.Filter) []int64 {
	t.Helper()
	var ids []int64
	err := audit.ForEach(context.Background(), db.Reader(), scope, f, func(e audit.Entry) error {
		ids = append(ids, e.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestScopeForEach: the whole log as an export reads it keeps to the scope.
func TestScopeForEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := audit.New(db).WithClock(clock())
		for _, region := range []string{"620321100201", "620302000000", "620321101201"} {
			if err := l.Append(audit.WithActor(ctx, cadre), audit.Event{Action: "probe", Region: region}); err != nil {
				t.Fatal(err)
			}
		}
		if ids := forEach(t, db, store.MustScope("620321000000"), audit.Filter{}); !reflect.DeepEqual(ids, []int64{3, 1}) {
			t.Errorf("county: %v", ids)
		}
		err := audit.ForEach(ctx, db.Reader(), store.MustScope("620321000000"), audit.Filter{Region: "620302000000"},
			func(audit.Entry) error { return nil })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("region outside the scope: %v", err)
		}
	})
}
