package registry

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeHeadNames: a household is named by its head inside the scope,
// and not at all outside it.
func TestScopeHeadNames(t *testing.T) {
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	if _, err := doImport(t, db, csvFile(t, stdHeader, family("62032100000001", 11)), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	codes := []string{"62032100000001", "nope"}
	own, err := HeadNames(ctx, db.Reader(), store.MustScope("620321100000"), codes)
	if err != nil || len(own) != 1 || own["62032100000001"] != "张01" {
		t.Fatalf("own: %v %v", own, err)
	}
	if foreign, err := HeadNames(ctx, db.Reader(), store.MustScope("620321101000"), codes); err != nil || len(foreign) != 0 {
		t.Fatalf("foreign: %v %v", foreign, err)
	}
}
