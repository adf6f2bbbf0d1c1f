package screening

import (
	"context"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Filter narrows List and Counts. Zero fields do not filter. Region is a
// 12-digit code inside the scope whose warnings (and those of the regions
// under it) are wanted. Page counts from 1; PerPage defaults to 50 and is
// at most 500.
type Filter struct {
	Region        string
	Rule          Rule
	Status        Status
	From, To      string // YYYY-MM-DD: the screening's day (as_of) from, to (both included)
	HouseholdID   int64  // one household's warnings (its page's summary)
	Page, PerPage int
}

// List returns one page of the scope's warnings matching f, newest first,
// and how many match in all. A Region outside the scope is
// store.ErrNotFound.
func List(ctx context.Context, q store.Querier, scope store.Scope, f Filter) ([]Warning, int, error) {
	where, args, err := f.conditions(scope)
	if err != nil {
		return nil, 0, err
	}
	return store.CollectPage(ctx, q, "screening: list warnings", scanWarning, "SELECT count(*) FROM warnings w WHERE "+where,
		"SELECT "+warningCols+warningFrom+" WHERE "+where+" "+listOrder, args, store.Page{Page: f.Page, PerPage: f.PerPage})
}

// listOrder is List's order: the newest first.
const listOrder = "ORDER BY w.id DESC"

// ForEach calls fn with every warning of the scope matching f, in List's
// order (paging ignored), reading them with one cursor so that memory stays
// flat; it stops at the first error of fn or of ctx.
func ForEach(ctx context.Context, q store.Querier, scope store.Scope, f Filter, fn func(Warning) error) error {
	where, args, err := f.conditions(scope)
	if err != nil {
		return err
	}
	return store.ForEach(ctx, q, "screening: warnings", scanWarning, fn, "SELECT "+warningCols+warningFrom+" WHERE "+where+" "+listOrder, args...)
}

// Counts returns, for the scope's warnings matching f (Page ignored), how
// many there are per rule and status. Every rule and status is present.
func Counts(ctx context.Context, q store.Querier, scope store.Scope, f Filter) (map[Rule]map[Status]int, error) {
	where, args, err := f.conditions(scope)
	if err != nil {
		return nil, err
	}
	out := map[Rule]map[Status]int{}
	for _, r := range AllRules {
		out[r] = map[Status]int{}
		for _, s := range Statuses {
			out[r][s] = 0
		}
	}
	err = store.Each(ctx, q, "screening: count warnings", func(rows store.Scanner) error {
		var r Rule
		var s Status
		var n int
		if err := rows.Scan(&r, &s, &n); err != nil {
			return err
		}
		if out[r] == nil {
			out[r] = map[Status]int{}
		}
		out[r][s] = n
		return nil
	}, "SELECT rule, status, count(*) FROM warnings w WHERE "+where+" GROUP BY rule, status", args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// conditions is the WHERE clause of the filter: the scope narrowed to
// f.Region, then the other fields.
func (f Filter) conditions(scope store.Scope) (string, []any, error) {
	where, args, err := scope.NarrowWhere(f.Region, "w.region_code")
	if err != nil {
		return "", nil, err
	}
	conds := []string{where}
	if f.Rule != "" {
		if !f.Rule.Valid() {
			return "", nil, fault.Invalidf("rule", "未知的预警规则“%s”", "Unknown warning rule “%s”", string(f.Rule))
		}
		conds, args = append(conds, "w.rule = ?"), append(args, string(f.Rule))
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			return "", nil, fault.Invalidf("status", "未知的预警状态“%s”", "Unknown warning status “%s”", string(f.Status))
		}
		conds, args = append(conds, "w.status = ?"), append(args, string(f.Status))
	}
	if f.From != "" {
		conds, args = append(conds, "w.as_of >= ?"), append(args, f.From)
	}
	if f.HouseholdID != 0 {
		conds, args = append(conds, "w.household_id = ?"), append(args, f.HouseholdID)
	}
	if f.To != "" {
		conds, args = append(conds, "w.as_of <= ?"), append(args, f.To)
	}
	return strings.Join(conds, " AND "), args, nil
}
