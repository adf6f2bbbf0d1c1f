package registry

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// HeadNames returns the current head's name of each household code of the
// scope (codes outside it, unknown or without a head are left out), so that
// lists can name households as people do: 户主姓名 and 户编号.
func HeadNames(ctx context.Context, q store.Querier, scope store.Scope, codes []string) (map[string]string, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT h.code, p.name FROM households h
		JOIN persons p ON p.household_id = h.id AND p.relation = '户主' AND p.active = 1
		WHERE h.code IN (`+qs(len(codes))+") AND "+where, append(strArgs(codes), args...)...)
	if err != nil {
		return nil, fmt.Errorf("registry: head names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, fmt.Errorf("registry: head names: %w", err)
		}
		out[code] = name
	}
	return out, rows.Err()
}
