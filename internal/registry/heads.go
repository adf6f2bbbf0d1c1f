package registry

import (
	"context"

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
	err = store.Each(ctx, q, "registry: head names", func(rows store.Scanner) error {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return err
		}
		out[code] = name
		return nil
	}, `SELECT h.code, p.name FROM households h
		JOIN persons p ON p.household_id = h.id AND p.relation = '户主' AND p.active = 1
		WHERE h.code IN (`+qs(len(codes))+") AND "+where, append(strArgs(codes), args...)...)
	return out, err
}
