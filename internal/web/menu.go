package web

import (
	"net/http"
	"slices"
)

// menuItem is one entry of the left menu.
type menuItem struct {
	Key    string // catalogue key
	URL    string
	Active bool
}

// menuEntry is a menu entry: its page and whether its link keeps the
// current region.
type menuEntry struct {
	key, path, active string
	region            bool
}

// menuEntries are the menu by task, in the order cadres know them. Each is
// shown to a user exactly when the route table lets them open its page
// (mayOpen): the guards of the routes are the one source of who sees what.
// 系统管理 is shown when any of its links is (adminLinks), other than those
// the menu has already (a village cadre's QR codes).
var menuEntries = []menuEntry{
	{"menu.overview", "/overview", "overview", true},
	{"menu.households", "/households", "households", true},
	{"menu.selfreports", "/qr", "selfreports", true},
	{"menu.cases", "/cases", "cases", false},
	{"menu.monitoring", "/monitoring", "monitoring", true},
	{"menu.warnings", "/warnings", "warnings", true},
	{"menu.water", "/water", "water", true},
	{"menu.dropouts", "/education/dropouts", "dropouts", true},
	{"menu.feeds", "/feeds", "feeds", false},
	{"menu.sectors", "/sectors", "sectors", true},
	{"menu.reports", "/dashboard", "reports", true},
	{"menu.projects", "/projects", "projects", true},
	{"menu.entities", "/entities", "entities", true},
	{"menu.admin", "/admin", "admin", false},
}

// adminLinks are the pages the 系统管理 page links, each with its catalogue
// key and a line saying what it is for.
var adminLinks = []menuEntry{
	{"admin.users", "/admin/users", "", false},
	{"admin.calendar", "/admin/calendar", "", false},
	{"admin.rules", "/admin/rules", "", false},
	{"admin.fitrules", "/admin/fit-rules", "", false},
	{"admin.visitsettings", "/admin/visit-settings", "", false},
	{"admin.thresholds", "/admin/survey-thresholds", "", false},
	{"admin.audit", "/audit", "", false},
	{"admin.qr", "/qr", "", true},
}

// allowedAdmin are the 系统管理 links the user of r may open.
func (s *Server) allowedAdmin(r *http.Request) []menuEntry {
	var out []menuEntry
	for _, e := range adminLinks {
		if s.mayOpen(r, e.path) {
			out = append(out, e)
		}
	}
	return out
}

// allowedMenu are the menu entries the user of r may open.
func (s *Server) allowedMenu(r *http.Request) []menuEntry {
	var out []menuEntry
	for _, e := range menuEntries {
		ok := false
		if e.path == "/admin" {
			ok = adminOwn(s.allowedAdmin(r))
		} else {
			ok = s.mayOpen(r, e.path)
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// Menu returns the left menu; the entries keep the current region.
func (l *layout) Menu() []menuItem {
	items := make([]menuItem, len(l.menu))
	for i, e := range l.menu {
		items[i] = menuItem{Key: e.key, URL: e.path, Active: l.Active == e.active}
		if e.region {
			items[i].URL = link(e.path, "region", l.Region)
		}
	}
	return items
}

// adminOwn reports whether links hold a page the menu does not link itself.
func adminOwn(links []menuEntry) bool {
	for _, l := range links {
		if !slices.ContainsFunc(menuEntries, func(e menuEntry) bool { return e.path == l.path }) {
			return true
		}
	}
	return false
}
