package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// visitSettingsPage sets, for the user's region, the must-visit groups
// (六必访: on or off, wording, interval, parameters) and the checklist of a
// visit (六必查). What is not set here comes from the regions above.
type visitSettingsPage struct {
	layout
	Scope  string // the region whose settings these are
	Groups []visit.Group
	Params map[string][]string // the parameter names of each group
	Items  []visit.Item
	settingsForm
}

// renderVisitSettings renders /admin/visit-settings (GET: blankForm).
func (s *Server) renderVisitSettings(w http.ResponseWriter, r *http.Request, status int, form formState) {
	u := currentUser(r)
	v := &visitSettingsPage{layout: s.newLayout(w, r, "visitset.title", "admin"), Scope: u.Region,
		Params: map[string][]string{}, settingsForm: settingsFormOf(r, form)}
	err := s.setHouseholdCrumbs(r, &v.layout, u.Region)
	if err == nil {
		v.Groups, v.Items, err = s.visitSettings(r.Context(), u.Region)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, g := range v.Groups {
		v.Params[g.Code] = slices.SortedFunc(maps.Keys(g.Params), byParamOrder)
	}
	s.render(w, r, status, "visit_settings", v)
}

func (s *Server) visitSettings(ctx context.Context, region string) ([]visit.Group, []visit.Item, error) {
	groups, err := visit.Groups(ctx, s.cfg.DB.Reader(), region)
	if err != nil {
		return nil, nil, err
	}
	items, err := visit.Items(ctx, s.cfg.DB.Reader(), region)
	return groups, items, err
}

// handleVisitSettingsPost serves POST /admin/visit-settings: op=groups or
// op=items. Only what changed is stored as the region's own setting, all in
// one transaction with its audit entry.
func (s *Server) handleVisitSettingsPost(w http.ResponseWriter, r *http.Request) {
	u, op := currentUser(r), r.PostFormValue("op")
	groups, items, err := s.visitSettings(r.Context(), u.Region)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var changes []func(q store.Querier) error
	switch op {
	case "groups":
		changes, err = groupChanges(r, u.Region, u.Username, groups)
	case "items":
		changes, err = itemChanges(r, u.Region, u.Username, items)
	default:
		err = badRequest("op", fault.T("未知的操作", "unknown operation"))
	}
	if err == nil && len(changes) > 0 {
		err = s.cfg.DB.Transact(r.Context(), func(tx *store.Tx) error {
			for _, c := range changes {
				if err := c(tx); err != nil {
					return err
				}
			}
			return audit.Record(r.Context(), tx, audit.Event{Action: "settings.visit_" + op,
				Entity: "settings", Region: u.Region, Detail: map[string]any{"changes": len(changes)}})
		})
	}
	s.settingsSaved(w, r, err, op, s.renderVisitSettings)
}

// groupChanges reads the groups' rows of the form and returns the writes of
// those that differ from the settings in force.
func groupChanges(r *http.Request, region, by string, groups []visit.Group) ([]func(store.Querier) error, error) {
	var out []func(store.Querier) error
	for _, g := range groups {
		n := g
		n.Enabled, n.Label = settingsRow(r, "g."+g.Code)
		var err error
		if n.IntervalDays, err = formInt(r, "g."+g.Code+".interval", n.Label+"：走访周期"); err != nil {
			return nil, err
		}
		n.Params = map[string]int{}
		for k := range g.Params {
			if n.Params[k], err = formInt(r, "g."+g.Code+".p."+k, n.Label+"：参数"); err != nil {
				return nil, err
			}
		}
		if n.Enabled != g.Enabled || n.Label != g.Label || n.IntervalDays != g.IntervalDays || !maps.Equal(n.Params, g.Params) {
			out = append(out, func(q store.Querier) error { return visit.SetGroup(r.Context(), q, region, n, by) })
		}
	}
	return out, nil
}

// itemChanges reads the checklist rows and the new item of the form.
func itemChanges(r *http.Request, region, by string, items []visit.Item) ([]func(store.Querier) error, error) {
	var out []func(store.Querier) error
	last := 0
	for _, it := range items {
		n := it
		n.Enabled, n.Label = settingsRow(r, "i."+it.Code)
		var err error
		if n.Position, err = formInt(r, "i."+it.Code+".position", n.Label+"：顺序"); err != nil {
			return nil, err
		}
		last = max(last, n.Position)
		if n != it {
			out = append(out, func(q store.Querier) error { return visit.SetItem(r.Context(), q, region, n, by) })
		}
	}
	code, label := strings.TrimSpace(r.PostFormValue("new_code")), strings.TrimSpace(r.PostFormValue("new_label"))
	if code != "" || label != "" {
		for _, it := range items {
			if it.Code == code {
				return nil, unprocessable("new_code", fault.T("项目代码“"+code+"”已存在", "item code \""+code+"\" already exists"))
			}
		}
		n := visit.Item{Code: code, Label: label, Enabled: true, Position: last + 1}
		out = append(out, func(q store.Querier) error { return visit.SetItem(r.Context(), q, region, n, by) })
	}
	return out, nil
}

// settingsRow reads a row of a settings form: whether key.enabled is on,
// and key.label.
func settingsRow(r *http.Request, key string) (bool, string) {
	return r.PostFormValue(key+".enabled") == "1", strings.TrimSpace(r.PostFormValue(key + ".label"))
}

// paramOrder is the order parameters read best in (a range from … to).
var paramOrder = []string{"line_pct", "drop_pct", "max_grade", "min_children", "min_months", "max_months", "recent_months"}

func byParamOrder(a, b string) int {
	rank := func(k string) int {
		if i := slices.Index(paramOrder, k); i >= 0 {
			return i
		}
		return len(paramOrder) // unknown ones last, by name
	}
	if d := rank(a) - rank(b); d != 0 {
		return d
	}
	return strings.Compare(a, b)
}

// formInt reads a whole number the form requires; what names it in Chinese.
func formInt(r *http.Request, field, what string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
	if err != nil {
		return 0, unprocessable(field, fault.T(what+"应为整数", "must be a whole number"))
	}
	return n, nil
}
