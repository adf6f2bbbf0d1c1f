package store_test

import (
	"context"
	"fmt"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestScopeVillageCounts: a scope's village counters are its villages' and
// no other's — a county's, a village's, everyone's — compared in byte
// order on both databases (a topic that shares a prefix, "visit.factsX",
// is not one of them).
func TestScopeVillageCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, topic := range []string{"visit.facts@620321100201", "visit.facts@620321100202", "visit.facts@620302100201",
			"visit.facts@630102001001", "visit.factsX@620321100201", "other@620321100201"} {
			if _, err := db.Writer().ExecContext(ctx, `INSERT INTO change_counts (topic, n) VALUES (?, ?)
				ON CONFLICT (topic) DO UPDATE SET n = excluded.n`, topic, i+1); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			scope store.Scope
			want  string
		}{
			{store.MustScope("620321000000"), "map[620321100201:1 620321100202:2]"},
			{store.MustScope("620321100202"), "map[620321100202:2]"},
			{store.MustScope("620300000000"), "map[620302100201:3 620321100201:1 620321100202:2]"},
			{store.ScopeAll(), "map[620302100201:3 620321100201:1 620321100202:2 630102001001:4]"},
		} {
			got, err := store.VillageCounts(ctx, db.Reader(), "visit.facts", c.scope)
			if err != nil || fmt.Sprint(got) != c.want {
				t.Errorf("%v: %v, %v; want %s", c.scope, got, err, c.want)
			}
		}
		if _, err := store.VillageCounts(ctx, db.Reader(), "visit.facts", store.Scope{}); err == nil {
			t.Error("the zero scope was not refused")
		}
	})
}
