package screening

import (
	"context"

	"fangpin/internal/incomeline"
	"fangpin/internal/store"
)

// lines answers the screen's line questions from an incomeline.Table read
// once, remembering each village's line of a year: a screen would otherwise
// resolve it once per household.
type lines struct {
	table *incomeline.Table
	cache map[int64]incomeline.Line // village index << 16 | year → line
}

func loadLines(ctx context.Context, q store.Querier) (*lines, error) {
	t, err := incomeline.Load(ctx, q, store.ScopeAll(), 0)
	if err != nil {
		return nil, err
	}
	return &lines{table: t, cache: map[int64]incomeline.Line{}}, nil
}

// below implements lineSource.
func (ls *lines) below(vi int32, village string, year int, fen int64) (bool, incomeline.Line, error) {
	k := int64(vi)<<16 | int64(year)
	l, ok := ls.cache[k]
	if !ok {
		l = ls.table.Line(village, year)
		ls.cache[k] = l
	}
	return fen < l.Fen, l, nil
}
