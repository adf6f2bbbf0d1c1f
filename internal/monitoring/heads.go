package monitoring

import (
	"context"
	"strings"

	"fangpin/internal/store"
)

// chunk bounds the ids of one IN list.
const chunk = 500

// eachChunk calls fn with "(?,?,…)" and the ids, chunk ids at a time.
func eachChunk(ids []int64, fn func(in string, args []any) error) error {
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		if err := fn("("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")", args); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// describe fills what the checks do not need but people do (code, region,
// category, the head's name) for the households shown, read by id: they
// were found through the caller's scope already.
func describe(ctx context.Context, q store.Querier, fs []*Facts) error {
	byID := make(map[int64]*Facts, len(fs))
	ids := make([]int64, 0, len(fs))
	for _, f := range fs {
		byID[f.HouseholdID] = f
		ids = append(ids, f.HouseholdID)
	}
	return eachChunk(ids, func(in string, args []any) error {
		return store.Each(ctx, q, "monitoring: describe households", func(rows store.Scanner) error {
			var id int64
			var code, region, category, head string
			if err := rows.Scan(&id, &code, &region, &category, &head); err != nil {
				return err
			}
			f := byID[id]
			f.Code, f.Region, f.Category, f.HeadName = code, region, category, head
			return nil
		}, `SELECT h.id, h.code, h.region_code, h.category, COALESCE((SELECT p.name
			FROM persons p WHERE p.household_id = h.id AND p.active = 1 AND p.relation = '户主' LIMIT 1), '')
			FROM households h WHERE h.id IN `+in, args...)
	})
}
