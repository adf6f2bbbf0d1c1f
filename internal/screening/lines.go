package screening

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/incomeline"
	"fangpin/internal/store"
)

// lines holds every monitoring line set (monitoring_ranges, a small table)
// and answers as incomeline.Lookup does, in memory: the line of the longest
// region prefix of the village that set one for the year, else
// incomeline.DefaultFen. TestLinesAgreeWithIncomeline holds the two
// together; a screen would otherwise ask once per village and year.
type lines struct {
	set   map[int]map[string]incomeline.Line // year → region code → line
	cache map[int64]incomeline.Line          // village index << 16 | year → line
}

func loadLines(ctx context.Context, q store.Querier) (*lines, error) {
	rows, err := q.QueryContext(ctx, "SELECT region_code, year, fen FROM monitoring_ranges")
	if err != nil {
		return nil, fmt.Errorf("screening: monitoring lines: %w", err)
	}
	defer rows.Close()
	out := &lines{set: map[int]map[string]incomeline.Line{}, cache: map[int64]incomeline.Line{}}
	for rows.Next() {
		var l incomeline.Line
		if err := rows.Scan(&l.Region, &l.Year, &l.Fen); err != nil {
			return nil, fmt.Errorf("screening: monitoring lines: %w", err)
		}
		if out.set[l.Year] == nil {
			out.set[l.Year] = map[string]incomeline.Line{}
		}
		out.set[l.Year][l.Region] = l
	}
	return out, rows.Err()
}

// lookup is incomeline.Lookup on the loaded lines.
func (ls *lines) lookup(village string, year int) incomeline.Line {
	for _, n := range []int{12, 9, 6, 4, 2} {
		if len(village) < n {
			continue
		}
		if l, ok := ls.set[year][village[:n]+strings.Repeat("0", 12-n)]; ok {
			return l
		}
	}
	return incomeline.Line{Fen: incomeline.DefaultFen, Year: year}
}

// below implements lineSource, remembering each village's line of a year.
func (ls *lines) below(vi int32, village string, year int, fen int64) (bool, incomeline.Line, error) {
	k := int64(vi)<<16 | int64(year)
	l, ok := ls.cache[k]
	if !ok {
		l = ls.lookup(village, year)
		ls.cache[k] = l
	}
	return fen < l.Fen, l, nil
}
