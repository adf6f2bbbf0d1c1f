package auth

import (
	"testing"

	"fangpin/internal/store"
)

func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want Role
		ok   bool
	}{
		{"admin", RoleAdmin, true},
		{" County ", RoleCounty, true},
		{"乡镇", RoleTownship, true},
		{"只读", RoleViewer, true},
		{"root", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseRole(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseRole(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for _, r := range Roles() {
		if !r.Valid() || r.Label() == "" {
			t.Errorf("role %q has no label", r)
		}
	}
	if Role("root").Valid() {
		t.Error(`Role("root") is valid`)
	}
}

// TestPermissions restates the table of the issue, role by role.
func TestPermissions(t *testing.T) {
	want := map[Role][]Permission{
		RoleAdmin:      {PermViewRegistry, PermEditRegistry, PermRevealPII, PermExportFull, PermViewAudit, PermManageUsers, PermUploadFeed},
		RoleCity:       {PermViewRegistry, PermEditRegistry, PermRevealPII, PermExportFull, PermViewAudit},
		RoleCounty:     {PermViewRegistry, PermEditRegistry, PermRevealPII, PermExportFull, PermUploadFeed},
		RoleTownship:   {PermViewRegistry, PermEditRegistry, PermRevealPII},
		RoleVillage:    {PermViewRegistry, PermEditRegistry},
		RoleDepartment: {PermUploadFeed},
		RoleViewer:     {PermViewRegistry},
	}
	for role, perms := range want {
		has := map[Permission]bool{}
		for _, p := range perms {
			has[p] = true
		}
		for _, p := range Permissions() {
			u := User{Role: role}
			if u.Can(p) != has[p] {
				t.Errorf("%s can %s = %v, want %v", role, p, u.Can(p), has[p])
			}
			u.Disabled = true
			if u.Can(p) {
				t.Errorf("disabled %s can %s", role, p)
			}
		}
	}
}

func TestUserScope(t *testing.T) {
	tests := []struct {
		role   Role
		region string
		prefix string
		valid  bool
	}{
		{RoleAdmin, "620000000000", "62", true},
		{RoleAdmin, "620300000000", "6203", true},
		{RoleCounty, "620321000000", "620321", true},
		{RoleTownship, "620321100000", "620321100", true},
		{RoleVillage, "620321100201", "620321100201", true},
		{RoleViewer, "6203", "", false},
		{RoleAdmin, "", "", false},
	}
	for _, tt := range tests {
		s := User{Role: tt.role, Region: tt.region}.Scope()
		if s.Valid() != tt.valid || s.Prefix() != tt.prefix {
			t.Errorf("%s %q: scope %v valid=%v, want %q valid=%v", tt.role, tt.region, s, s.Valid(), tt.prefix, tt.valid)
		}
	}
	if _, _, err := (User{Region: "bad"}).Scope().Range(); err != store.ErrNoScope {
		t.Errorf("bad region: Range err = %v, want ErrNoScope", err)
	}
}
