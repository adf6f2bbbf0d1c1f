package auth

import (
	"context"
	"errors"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestCreateUser(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		u, err := f.CreateUser(ctx, NewUser{Username: " Zhang.San ", DisplayName: "张三", Role: RoleCounty, Region: testkit.County, Password: goodPass})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Username != "zhang.san" || u.CreatedAt != "2026-11-28T09:00:00Z" {
			t.Fatalf("created %+v", u)
		}
		tests := []struct {
			name  string
			nu    NewUser
			field string // the invalid field, or "" for ErrUsernameTaken
		}{
			{"duplicate", NewUser{Username: "ZHANG.SAN", Role: RoleCounty, Region: testkit.County}, ""},
			{"short name", NewUser{Username: "z", Role: RoleCounty, Region: testkit.County}, "username"},
			{"long name", NewUser{Username: "abcdefghijklmnopqrstuvwxyz0123456", Role: RoleCounty, Region: testkit.County}, "username"},
			{"space in name", NewUser{Username: "zhang san", Role: RoleCounty, Region: testkit.County}, "username"},
			{"slash in name", NewUser{Username: "zhang/san", Role: RoleCounty, Region: testkit.County}, "username"},
			{"bad role", NewUser{Username: "li", Role: "root", Region: testkit.County}, "role"},
			{"empty role", NewUser{Username: "li", Region: testkit.County}, "role"},
			{"short region", NewUser{Username: "li", Role: RoleCounty, Region: "620321"}, "region"},
			{"unknown region", NewUser{Username: "li", Role: RoleCounty, Region: "629900000000"}, "region"},
			{"zero region", NewUser{Username: "li", Role: RoleCounty, Region: "000000000000"}, "region"},
			{"weak password", NewUser{Username: "li", Role: RoleCounty, Region: testkit.County, Password: "Admin@123456"}, "password"},
			{"name in password", NewUser{Username: "lisi", Role: RoleCounty, Region: testkit.County, Password: "Lisi-Secret-99"}, "password"},
		}
		for _, tt := range tests {
			if tt.nu.Password == "" {
				tt.nu.Password = goodPass
			}
			_, err := f.CreateUser(ctx, tt.nu)
			switch {
			case tt.field == "" && !errors.Is(err, ErrUsernameTaken):
				t.Errorf("%s: err = %v, want ErrUsernameTaken", tt.name, err)
			case tt.field != "" && !fault.InvalidOn(err, tt.field):
				t.Errorf("%s: err = %v, want invalid %s", tt.name, err, tt.field)
			}
		}
		if _, err := f.CreateUser(ctx, NewUser{Username: "王村长", Role: RoleVillage, Region: testkit.VillageA, Password: goodPass}); err != nil {
			t.Errorf("Chinese username: %v", err)
		}
		if n, err := f.UserCount(ctx); err != nil || n != 2 {
			t.Errorf("UserCount = %d, %v; want 2", n, err)
		}
	})
}

func TestListFindDisable(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "wang", RoleTownship, testkit.Township)
		f.user(t, "admin", RoleAdmin, "620000000000")
		us, err := f.ListUsers(ctx)
		if err != nil || len(us) != 2 || us[0].Username != "admin" || us[1].Role != RoleTownship || us[1].Region != testkit.Township {
			t.Fatalf("ListUsers = %+v, %v", us, err)
		}
		if _, err := f.FindUser(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("FindUser(nobody) err = %v", err)
		}
		wantErr(t, "disable unknown", f.DisableUser(ctx, "nobody"), store.ErrNotFound)
		wantErr(t, "disable", f.DisableUser(ctx, "WANG"), nil)
		wantErr(t, "disable twice", f.DisableUser(ctx, "wang"), nil)
		if u, err := f.FindUser(ctx, "wang"); err != nil || !u.Disabled || u.Can(PermViewRegistry) {
			t.Errorf("after disable: %+v, %v", u, err)
		}
	})
}

func TestSetPassword(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		u := f.user(t, "wang", RoleTownship, testkit.Township)
		ss, err := f.StartSession(ctx, u, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetPassword(ctx, "wang", "short"); !fault.InvalidOn(err, "password") {
			t.Errorf("weak password: %v", err)
		}
		wantErr(t, "unknown user", f.SetPassword(ctx, "nobody", "New-Secret-2026"), store.ErrNotFound)
		wantErr(t, "set", f.SetPassword(ctx, "wang", "New-Secret-2026"), nil)
		if _, _, err := f.SessionFromToken(ctx, ss.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("session after password change: %v", err)
		}
		if _, err := f.Authenticate(ctx, "wang", goodPass, ""); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("old password: %v", err)
		}
		if _, err := f.Authenticate(ctx, "wang", "New-Secret-2026", ""); err != nil {
			t.Errorf("new password: %v", err)
		}
	})
}

// TestScopeUsersIn: an administrator's list holds the users of their region
// only, each with the last sign-in from the audit log.
func TestScopeUsersIn(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	own := f.user(t, "cun", RoleVillage, testkit.VillageA)
	f.user(t, "shi", RoleCity, testkit.City)
	log := audit.New(f.db)
	log.Append(audit.WithActor(ctx, own.Actor("")), audit.Event{Action: "login", Entity: "user", EntityID: "cun"})
	us, last, err := f.UsersIn(ctx, store.MustScope(testkit.Township))
	if err != nil || len(us) != 1 || us[0].Username != "cun" || last[own.ID] == "" {
		t.Fatalf("users %+v, last %v, %v", us, last, err)
	}
	if p := NewPassword(); CheckPassword(p, "cun") != nil {
		t.Errorf("NewPassword %q is not a valid password", p)
	}
}
