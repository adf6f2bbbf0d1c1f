package monitoring

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// parseDay reads a YYYY-MM-DD date (civil.ParseISO) as midnight UTC,
// refusing anything else in Chinese, and a year outside 2000–2100.
func parseDay(field, label, s string) (time.Time, error) {
	d, err := civil.ParseISO(s)
	if err != nil {
		return time.Time{}, fault.Invalidf(field, "「%s」应为日期，格式如2026-03-15", "“%s” must be a date such as 2026-03-15", label)
	}
	if d.Year() < 2000 || d.Year() > 2100 {
		return time.Time{}, fault.Invalidf(field, "「%s」%s不合常理", "“%s”: %s is implausible", label, s)
	}
	return d.UTC(), nil
}

// riskOrder ranks a risk type by the national order (unknown ones last).
func riskOrder(r string) int {
	b := riskBase(r)
	for i, t := range casework.RiskTypes {
		if t == b {
			return i
		}
	}
	return len(casework.RiskTypes)
}

// typeOrder ranks a measure type by the catalogue order.
func typeOrder(t string) int {
	for i, c := range catalogue {
		if c.Name == t {
			return i
		}
	}
	return len(catalogue)
}

func sortRules(rs []FitRule) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if x, y := riskOrder(a.RiskType), riskOrder(b.RiskType); x != y {
			return x < y
		}
		if x, y := typeOrder(a.MeasureType), typeOrder(b.MeasureType); x != y {
			return x < y
		}
		return a.MeasureSubtype < b.MeasureSubtype
	})
}

// householdRef is a household of the scope, as the writes need it.
type householdRef struct {
	ID           int64
	Code, Region string
	Members      int
}

// findHousehold reads a household of the scope; one outside it is
// store.ErrNotFound.
func findHousehold(ctx context.Context, q store.Querier, scope store.Scope, id int64) (householdRef, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return householdRef{}, err
	}
	h := householdRef{ID: id}
	err = q.QueryRowContext(ctx, "SELECT code, region_code, members FROM households WHERE id = ? AND "+where,
		append([]any{id}, args...)...).Scan(&h.Code, &h.Region, &h.Members)
	return h, store.Found(err, fmt.Sprintf("monitoring: household %d", id))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
