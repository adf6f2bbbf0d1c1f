package visit

import (
	"context"

	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// settings are the group settings that apply at or inside a scope, by code,
// with the one in force per region remembered.
type settings struct {
	rows map[string][]Group
	at   map[string][]rule // region code → the groups in force there, in the default order
}

// groupSettings reads every setting that applies at or inside the scope s:
// those of the regions above it and of the regions within it.
func groupSettings(ctx context.Context, q store.Querier, s store.Scope) (settings, error) {
	lo, hi, err := s.Range()
	if err != nil {
		return settings{}, err
	}
	region := regcode.Pad(s.Prefix())
	cands := candidates(region)
	rows, err := loadGroups(ctx, q, `region_code IN `+store.Placeholders(1, len(cands))+` OR region_code >= ? AND region_code < ?`,
		append(cands, lo, hi))
	return settings{rows: rows, at: map[string][]rule{}}, err
}

// inForce returns the groups in force in a region of the scope as of c, in
// the default order: per code, the setting of the most specific region
// above or at it, else the built-in default.
func (st settings) inForce(region string, c clock) []rule {
	if rs, ok := st.at[region]; ok {
		return rs
	}
	rs := make([]rule, len(defaultGroups))
	for i, def := range defaultGroups {
		g := mostSpecific(st.rows[def.Code], def, region)
		rs[i] = rule{Group: g, since: c.since(g.Param("recent_months"))}
	}
	st.at[region] = rs
	return rs
}

// widest is the least (or, with most, the greatest) value of a parameter
// over every setting of a group that may be in force somewhere in the
// scope: the default and the rows read. The queries read what the widest
// of them needs; each household is then judged by its own.
func (st settings) widest(code, param string, most bool) int {
	v := groupParams[code][param]
	for _, g := range st.rows[code] {
		if p := g.Param(param); most && p > v || !most && p < v {
			v = p
		}
	}
	return v
}
