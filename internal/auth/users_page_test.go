package auth

import (
	"context"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

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
