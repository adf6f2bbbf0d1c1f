package visit

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"

	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// Group is a must-visit group (六必访) as a region sets it. Params are the
// integer parameters of its computation (see groupParams).
type Group struct {
	Code         string         `json:"code"`
	Label        string         `json:"label"`
	Enabled      bool           `json:"enabled"`
	IntervalDays int            `json:"interval_days"` // a household of the group is due when not visited for this long
	Params       map[string]int `json:"params,omitempty"`
	Position     int            `json:"position"`
	Region       string         `json:"region"` // the region whose setting it is; "" for the national default
}

// Item is a must-check item (六必查) of a visit's checklist.
type Item struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Enabled  bool   `json:"enabled"`
	Position int    `json:"position"`
	Region   string `json:"region"`
}

// Param returns a parameter, or its default.
func (g Group) Param(key string) int {
	if v, ok := g.Params[key]; ok {
		return v
	}
	return groupParams[g.Code][key]
}

// candidates are the setting rows that may apply to a region code: the
// national default (the empty code) and the code of each level above and
// at it.
func candidates(region string) []any {
	out := []any{""}
	for _, c := range regcode.Ancestors(region) {
		out = append(out, c)
	}
	return out
}

// prefixOf is the significant prefix of a setting's region ("" for the
// national default).
func prefixOf(region string) string {
	p, _ := regcode.Prefix(region)
	return p
}

// Groups returns the must-visit groups in force in a region, in order:
// per code, the most specific region's setting, else the built-in default.
func Groups(ctx context.Context, q store.Querier, region string) ([]Group, error) {
	rows, err := loadGroups(ctx, q, `region_code IN `+store.Placeholders(1, len(candidates(region))), candidates(region))
	if err != nil {
		return nil, err
	}
	var out []Group
	for _, d := range defaultGroups {
		out = append(out, mostSpecific(rows[d.Code], d, prefixOf(region)))
	}
	return out, nil
}

// mostSpecific picks, of one code's settings, the one with the longest
// prefix of prefix; def when none applies.
func mostSpecific(rows []Group, def Group, prefix string) Group {
	best, n := def, -1
	best.Params = maps.Clone(def.Params)
	for _, g := range rows {
		p := prefixOf(g.Region)
		if strings.HasPrefix(prefix, p) && len(p) > n {
			best, n = g, len(p)
		}
	}
	return best
}

// loadGroups reads the group settings matching where, by code.
func loadGroups(ctx context.Context, q store.Querier, where string, args []any) (map[string][]Group, error) {
	out := map[string][]Group{}
	err := store.Each(ctx, q, "visit: group settings", func(rows store.Scanner) error {
		var g Group
		var enabled int
		var params string
		if err := rows.Scan(&g.Region, &g.Code, &g.Label, &enabled, &g.IntervalDays, &params, &g.Position); err != nil {
			return err
		}
		g.Enabled = enabled == 1
		if params != "" {
			if err := json.Unmarshal([]byte(params), &g.Params); err != nil {
				return fmt.Errorf("visit: group %s of %q: params: %w", g.Code, g.Region, err)
			}
		}
		out[g.Code] = append(out[g.Code], g)
		return nil
	}, `SELECT region_code, code, label, enabled, interval_days, params, position
		FROM visit_groups WHERE `+where, args...)
	return out, err
}

// Items returns the checklist in force in a region, in order: per code, the
// most specific region's setting. A region may add items of its own.
func Items(ctx context.Context, q store.Querier, region string) ([]Item, error) {
	cands := candidates(region)
	best, level := map[string]Item{}, map[string]int{}
	err := store.Each(ctx, q, "visit: checklist settings", func(rows store.Scanner) error {
		var it Item
		var enabled int
		if err := rows.Scan(&it.Region, &it.Code, &it.Label, &enabled, &it.Position); err != nil {
			return err
		}
		it.Enabled = enabled == 1
		if n, ok := level[it.Code]; !ok || len(prefixOf(it.Region)) > n {
			best[it.Code], level[it.Code] = it, len(prefixOf(it.Region))
		}
		return nil
	}, `SELECT region_code, code, label, enabled, position FROM visit_items
		WHERE region_code IN `+store.Placeholders(1, len(cands)), cands...)
	if err != nil {
		return nil, err
	}
	for _, d := range defaultItems {
		if _, ok := best[d.Code]; !ok {
			best[d.Code] = d
		}
	}
	out := make([]Item, 0, len(best))
	for _, it := range best {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Position < out[j].Position || out[i].Position == out[j].Position && out[i].Code < out[j].Code
	})
	return out, nil
}

// Seed stores the built-in defaults as the national settings where they
// are missing; it never overwrites a stored setting.
func Seed(ctx context.Context, q store.Querier) error {
	now := store.Now()
	for _, g := range defaultGroups {
		params, _ := json.Marshal(g.Params)
		_, err := q.ExecContext(ctx, `INSERT INTO visit_groups (region_code, code, label, enabled, interval_days, params,
			position, source, updated_at) VALUES ('', ?, ?, ?, ?, ?, ?, 'seed', ?) ON CONFLICT (region_code, code) DO NOTHING`,
			g.Code, g.Label, store.Bool01(g.Enabled), g.IntervalDays, string(params), g.Position, now)
		if err != nil {
			return fmt.Errorf("visit: seed groups: %w", err)
		}
	}
	for _, it := range defaultItems {
		_, err := q.ExecContext(ctx, `INSERT INTO visit_items (region_code, code, label, enabled, position, source, updated_at)
			VALUES ('', ?, ?, ?, ?, 'seed', ?) ON CONFLICT (region_code, code) DO NOTHING`,
			it.Code, it.Label, store.Bool01(it.Enabled), it.Position, now)
		if err != nil {
			return fmt.Errorf("visit: seed checklist: %w", err)
		}
	}
	return nil
}
