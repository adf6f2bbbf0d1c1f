// Package auth holds fangpin's users, roles and permissions, password
// hashing (argon2id), login throttling, cookie sessions and API tokens.
//
// Everything personal a user may see is bounded twice: by role (what kind of
// action, see Permission) and by region (User.Scope, passed to every store
// call). This package decides both; the store enforces the region.
//
// Unlike the domain packages (casework, monitoring, visit, screening), whose
// actions are functions run inside the caller's transaction so that one
// request's steps commit together, auth is a Service value holding the
// database. Its state must outlive a request and be shared by all of them:
// the login throttle's counters, the bound on concurrent argon2 runs (each
// takes tens of MB) and the dummy hash that makes unknown users cost as much
// as known ones. And its actions never join another action's transaction:
// a failed login must be counted even when everything else fails, and a
// session is touched on its own.
package auth

import (
	"strings"

	"fangpin/internal/fault"
)

// Role is a user's role (docs/glossary.md#roles).
type Role string

// The roles (docs/glossary.md#roles), from the widest to the narrowest.
const (
	RoleAdmin      Role = "admin"
	RoleCity       Role = "city"
	RoleCounty     Role = "county"
	RoleTownship   Role = "township"
	RoleVillage    Role = "village"
	RoleDepartment Role = "department"
	RoleViewer     Role = "viewer"
)

// roles lists every role in display order, with its Chinese and English
// labels.
var roles = []struct {
	role      Role
	label, en string
}{
	{RoleAdmin, "系统管理员", "administrator"},
	{RoleCity, "市级", "city"},
	{RoleCounty, "县级", "county"},
	{RoleTownship, "乡镇", "township"},
	{RoleVillage, "村级", "village"},
	{RoleDepartment, "行业部门", "department"},
	{RoleViewer, "只读", "read-only"},
}

// Roles returns every role in display order.
func Roles() []Role {
	rs := make([]Role, len(roles))
	for i, r := range roles {
		rs[i] = r.role
	}
	return rs
}

// Label is the role's Chinese name ("" for an unknown role).
func (r Role) Label() string {
	for _, x := range roles {
		if x.role == r {
			return x.label
		}
	}
	return ""
}

// Text is the role's name in both languages, for messages; an unknown role
// shows its code.
func (r Role) Text() fault.Text {
	for _, x := range roles {
		if x.role == r {
			return fault.T(x.label, x.en)
		}
	}
	return fault.T(string(r), string(r))
}

// Valid reports whether r is one of the roles of docs/glossary.md.
func (r Role) Valid() bool { return r.Label() != "" }

// ParseRole accepts a role's name (admin, city, …) in any case, or its
// Chinese label (县级).
func ParseRole(s string) (Role, error) {
	s = strings.TrimSpace(s)
	for _, x := range roles {
		if strings.EqualFold(s, string(x.role)) || s == x.label {
			return x.role, nil
		}
	}
	return "", fault.Invalidf("role", "未知角色 %q（可用：admin, city, county, township, village, department, viewer）",
		"Unknown role %q (one of: admin, city, county, township, village, department, viewer)", s)
}

// Permission is a kind of action guarded by role. The region a user may act
// in is a separate check: User.Scope. Who holds which:
//
//	permission      admin city county township village department viewer
//	view_registry     ✓    ✓     ✓       ✓       ✓                  ✓
//	edit_registry     ✓    ✓     ✓       ✓       ✓
//	reveal_pii        ✓    ✓     ✓       ✓
//	export_full       ✓    ✓     ✓
//	view_audit        ✓    ✓
//	manage_users      ✓
//	upload_feed       ✓          ✓                        ✓
//
// A department user sees no registry: only the lists returned for the feeds
// it uploaded (docs/api.md#sessions-tokens-and-scope). A disabled user holds none (User.Can).
type Permission string

// Permissions, each with what it allows.
const (
	PermViewRegistry Permission = "view_registry" // read households, persons, cases, warnings, statistics (masked)
	PermEditRegistry Permission = "edit_registry" // change households and persons, work on cases
	PermRevealPII    Permission = "reveal_pii"    // see one record's full ID or phone number; the caller audits it
	PermExportFull   Permission = "export_full"   // export unmasked personal data; the caller audits it
	PermViewAudit    Permission = "view_audit"    // read the audit log
	PermManageUsers  Permission = "manage_users"  // create, disable and reset users, manage their tokens
	PermUploadFeed   Permission = "upload_feed"   // upload department feeds (§4)
)

// grants is the table of Permission's doc comment; TestPermissions restates
// it, so the three cannot drift apart unnoticed.
var grants = map[Permission][]Role{
	PermViewRegistry: {RoleAdmin, RoleCity, RoleCounty, RoleTownship, RoleVillage, RoleViewer},
	PermEditRegistry: {RoleAdmin, RoleCity, RoleCounty, RoleTownship, RoleVillage},
	PermRevealPII:    {RoleAdmin, RoleCity, RoleCounty, RoleTownship},
	PermExportFull:   {RoleAdmin, RoleCity, RoleCounty},
	PermViewAudit:    {RoleAdmin, RoleCity},
	PermManageUsers:  {RoleAdmin},
	PermUploadFeed:   {RoleAdmin, RoleCounty, RoleDepartment},
}

// Can reports whether the role holds the permission.
func (r Role) Can(p Permission) bool {
	for _, x := range grants[p] {
		if x == r {
			return true
		}
	}
	return false
}

// Permissions lists every permission, in the order of the table above.
func Permissions() []Permission {
	return []Permission{PermViewRegistry, PermEditRegistry, PermRevealPII, PermExportFull,
		PermViewAudit, PermManageUsers, PermUploadFeed}
}
