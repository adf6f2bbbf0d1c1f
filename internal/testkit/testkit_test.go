package testkit_test

import (
	"context"
	"testing"
	"time"

	"fangpin/internal/idcard"
	"fangpin/internal/region"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestIDs(t *testing.T) {
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for _, id := range []string{testkit.ID(1), testkit.ID(2), testkit.ID(999), testkit.IDBorn("20150808", 68)} {
		if _, err := idcard.Parse(id, now); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if info, _ := idcard.Parse(testkit.ID(1), now); info.Sex() != "男" {
		t.Errorf("ID(1) is %s, want 男", info.Sex())
	}
}

func TestRegions(t *testing.T) {
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	kids, err := region.Children(context.Background(), db.Reader(), "620321000000")
	if err != nil || len(kids) != 2 {
		t.Errorf("永昌县 has %d townships, %v; want 2", len(kids), err)
	}
}
