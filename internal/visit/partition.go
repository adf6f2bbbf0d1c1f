package visit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/store"
)

// part is a piece of a region where one setting of a group is in force: the
// households under prefix, except those under a more specific setting's
// prefix (excludes).
type part struct {
	prefix   string
	excludes []string
	group    Group
}

// partitions splits the region of prefix p by the settings of one group: the
// setting in force at p (the most specific above or at it, else def) over
// p, and each setting inside p over its own region.
func partitions(rows []Group, def Group, p string) []part {
	parts := []part{{prefix: p, group: mostSpecific(rows, def, p)}}
	for _, g := range rows {
		if q := prefixOf(g.Region); len(q) > len(p) && strings.HasPrefix(q, p) {
			parts = append(parts, part{prefix: q, group: g})
		}
	}
	for i := range parts {
		for _, o := range parts {
			if len(o.prefix) > len(parts[i].prefix) && strings.HasPrefix(o.prefix, parts[i].prefix) {
				parts[i].excludes = append(parts[i].excludes, o.prefix)
			}
		}
	}
	return parts
}

// groupSettings reads every setting that applies at or inside the scope s:
// those of the regions above it and of the regions within it.
func groupSettings(ctx context.Context, q store.Querier, s store.Scope) (map[string][]Group, error) {
	lo, hi, err := s.Range()
	if err != nil {
		return nil, err
	}
	region := s.Prefix() + strings.Repeat("0", 12-len(s.Prefix()))
	cands := candidates(region)
	return loadGroups(ctx, q, `region_code IN `+store.Placeholders(1, len(cands))+` OR region_code >= ? AND region_code < ?`,
		append(cands, lo, hi))
}

// found is a household a group's query found.
type found struct {
	id           int64
	region, code string
}

// members returns the households of the scope s in part pt of group g's
// settings, as of asOf.
func members(ctx context.Context, q store.Querier, s store.Scope, pt part, asOf time.Time) ([]found, error) {
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	conds := []string{where}
	if pt.prefix != s.Prefix() {
		conds, args = append(conds, "h.region_code >= ? AND h.region_code < ?"), append(args, pt.prefix, pt.prefix+"~")
	}
	for _, x := range pt.excludes {
		conds, args = append(conds, "NOT (h.region_code >= ? AND h.region_code < ?)"), append(args, x, x+"~")
	}
	cond, more := condition(pt.group, asOf)
	conds, args = append(conds, "("+cond+")"), append(args, more...)
	rows, err := q.QueryContext(ctx, "SELECT h.id, h.region_code, h.code FROM households h WHERE "+
		strings.Join(conds, " AND "), args...)
	if err != nil {
		return nil, fmt.Errorf("visit: group %s: %w", pt.group.Code, err)
	}
	defer rows.Close()
	var out []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.id, &f.region, &f.code); err != nil {
			return nil, fmt.Errorf("visit: group %s: %w", pt.group.Code, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
