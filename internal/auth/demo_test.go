package auth

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func addHousehold(t *testing.T, db *store.DB, code, region string) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(),
		"INSERT INTO households (code, region_code, county, type, created_at, updated_at) VALUES (?, ?, substr(?, 1, 6), '脱贫户', ?, ?)",
		code, region, region, store.Now(), store.Now())
	if err != nil {
		t.Fatal(err)
	}
}

func TestDemoAccounts(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		// 金川区 (620302) has none; in 永昌县 only 河西堡镇's second village has
		addHousehold(t, f.db, "H1", "620321101202")
		accts, err := f.DemoAccounts(ctx, testkit.City)
		if err != nil || len(accts) != 7 {
			t.Fatalf("DemoAccounts = %d accounts, %v", len(accts), err)
		}
		want := map[Role]string{RoleAdmin: testkit.City, RoleCity: testkit.City, RoleCounty: testkit.County, RoleTownship: "620321101000",
			RoleVillage: "620321101202", RoleDepartment: testkit.City, RoleViewer: testkit.City}
		for _, a := range accts {
			if a.Username != "demo-"+string(a.Role) || a.Region != want[a.Role] {
				t.Errorf("account %+v, want region %s", a, want[a.Role])
			}
			if err := CheckPassword(a.Password, a.Username); err != nil {
				t.Errorf("%s: weak password %q: %v", a.Username, a.Password, err)
			}
			u, err := f.Authenticate(ctx, a.Username, a.Password, "")
			if err != nil || !u.Demo || u.Role != a.Role {
				t.Errorf("log in as %s: %+v, %v", a.Username, u, err)
			}
		}
		again, err := f.DemoAccounts(ctx, testkit.City)
		if err != nil || again != nil {
			t.Errorf("second call = %v, %v; want nothing", again, err)
		}
		if n, _ := f.UserCount(ctx); n != 7 {
			t.Errorf("%d users, want 7", n)
		}
	})
}

func TestDemoAccountsEmptyRegistry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		accts, err := f.DemoAccounts(context.Background(), testkit.City)
		if err != nil || len(accts) != 7 {
			t.Fatalf("DemoAccounts = %v, %v", accts, err)
		}
		// no households anywhere: the first region of each level
		want := map[Role]string{RoleCounty: "620302000000", RoleTownship: "620302001000", RoleVillage: "620302001000"}
		for _, a := range accts {
			if w, ok := want[a.Role]; ok && a.Region != w {
				t.Errorf("%s in %s, want %s", a.Role, a.Region, w)
			}
		}
		if _, err := NewService(db, WithHashParams(cheap)).DemoAccounts(context.Background(), "629900000000"); err == nil {
			t.Error("unknown root accepted")
		}
	})
}
