package web

// menuItem is one entry of the left menu; an entry without URL is not built
// yet and shown greyed out.
type menuItem struct {
	Key    string // catalogue key
	URL    string
	Active bool
}

// menuKeys are the menu entries by task, in the order cadres know them.
var menuKeys = []string{"menu.overview", "menu.households", "menu.selfreports", "menu.cases",
	"menu.monitoring", "menu.warnings", "menu.feeds", "menu.reports", "menu.admin"}

// Menu returns the left menu; the built entries keep the current region.
func (l *layout) Menu() []menuItem {
	items := make([]menuItem, len(menuKeys))
	for i, k := range menuKeys {
		items[i].Key = k
	}
	items[0].URL, items[0].Active = link("/overview", "region", l.Region), l.Active == "overview"
	items[1].URL, items[1].Active = link("/households", "region", l.Region), l.Active == "households"
	items[3].URL, items[3].Active = "/cases", l.Active == "cases"
	if l.CanView {
		items[4].URL, items[4].Active = link("/monitoring", "region", l.Region), l.Active == "monitoring"
		items[5].URL, items[5].Active = link("/warnings", "region", l.Region), l.Active == "warnings"
		items[7].URL, items[7].Active = link("/dashboard", "region", l.Region), l.Active == "reports"
	}
	if l.CanFeed {
		items[6].URL, items[6].Active = "/feeds", l.Active == "feeds"
	}
	if l.CanEdit {
		items[2].URL, items[2].Active = link("/qr", "region", l.Region), l.Active == "selfreports"
	}
	switch {
	case l.CanAdmin:
		items[8].URL, items[8].Active = "/admin/calendar", l.Active == "admin"
	case l.CanAudit:
		items[8].Key, items[8].URL, items[8].Active = "menu.audit", "/audit", l.Active == "audit"
	}
	return items
}
