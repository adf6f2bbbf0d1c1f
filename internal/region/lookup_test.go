package region

import (
	"context"
	"errors"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

func codes(rs []Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLookups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importGansu(t, db)
		q := db.Reader()
		t.Run("find", func(t *testing.T) { testFind(t, q) })
		t.Run("children", func(t *testing.T) { testChildren(t, q) })
		t.Run("ancestors", func(t *testing.T) { testAncestors(t, q) })
		t.Run("in transaction", func(t *testing.T) {
			err := db.Transact(context.Background(), func(tx *store.Tx) error {
				n, err := Count(context.Background(), tx)
				if err == nil && n != 19224 {
					t.Errorf("Count = %d, want 19224", n)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	})
}

func testFind(t *testing.T, q store.Querier) {
	ctx := context.Background()
	tests := []struct {
		code string
		want Region
	}{
		{"620000000000", Region{Code: "620000000000", Name: "甘肃省", Level: 1}},
		{"620200000000", Region{Code: "620200000000", Name: "嘉峪关市", Level: 2, ParentCode: "620000000000"}},
		{"620201000000", Region{Code: "620201000000", Name: "嘉峪关市", Level: 3, ParentCode: "620200000000"}},
		{"620102010201", Region{Code: "620102010201", Name: "红沟村民委员会", Level: 5, ParentCode: "620102010000"}},
	}
	for _, tt := range tests {
		if got, err := Find(ctx, q, tt.code); err != nil || got != tt.want {
			t.Errorf("Find(%s) = %+v, %v; want %+v", tt.code, got, err, tt.want)
		}
	}
	if _, err := Find(ctx, q, "629900000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Find(missing): err = %v, want store.ErrNotFound", err)
	}
}

func testChildren(t *testing.T, q store.Querier) {
	tests := []struct {
		code string
		want []string
	}{
		{"620200000000", []string{"620201000000"}},
		{"620201000000", []string{"620201001000", "620201002000", "620201100000", "620201101000", "620201102000"}},
		{"620102001000", []string{"620102001001", "620102001002", "620102001003", "620102001004", "620102001005"}},
		{"620102001001", nil}, // a village
		{"629900000000", nil}, // unknown
	}
	for _, tt := range tests {
		got, err := Children(context.Background(), q, tt.code)
		if err != nil || !sameStrings(codes(got), tt.want) {
			t.Errorf("Children(%s) = %v, %v; want %v", tt.code, codes(got), err, tt.want)
		}
	}
	if kids, _ := Children(context.Background(), q, "620000000000"); len(kids) != 14 {
		t.Errorf("Gansu has %d cities, want 14", len(kids))
	}
}

func testAncestors(t *testing.T, q store.Querier) {
	tests := []struct {
		code string
		want []string
	}{
		{"620000000000", []string{"620000000000"}},
		{"620201001001", []string{"620000000000", "620200000000", "620201000000", "620201001000", "620201001001"}},
		{"620102010201", []string{"620000000000", "620100000000", "620102000000", "620102010000", "620102010201"}},
	}
	for _, tt := range tests {
		got, err := Ancestors(context.Background(), q, tt.code)
		if err != nil || !sameStrings(codes(got), tt.want) {
			t.Errorf("Ancestors(%s) = %v, %v; want %v", tt.code, codes(got), err, tt.want)
		}
	}
	if _, err := Ancestors(context.Background(), q, "629900000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Ancestors(missing): err = %v, want store.ErrNotFound", err)
	}
}
