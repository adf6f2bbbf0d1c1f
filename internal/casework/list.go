package casework

import (
	"context"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Filter narrows List. Zero fields do not filter. Region is a 12-digit code
// inside the scope whose cases (and those of the regions under it) are
// wanted; Open keeps the cases with work remaining; OverdueAt keeps the
// cases past their deadline at that time; HouseholdID keeps the cases of
// one registered household. Page counts from 1; PerPage defaults to 50 and
// is at most 500.
type Filter struct {
	Region        string
	HouseholdID   int64
	State         State
	Open          bool
	OverdueAt     time.Time
	Page, PerPage int
}

// List returns one page of the scope's cases matching f, the most urgent
// first (earliest deadline, then oldest), and how many match in all. A
// Region outside the scope is store.ErrNotFound.
func List(ctx context.Context, q store.Querier, scope store.Scope, f Filter) ([]Case, int, error) {
	where, args, err := f.conditions(scope)
	if err != nil {
		return nil, 0, err
	}
	return store.CollectPage(ctx, q, "casework: list cases", scanCase, "SELECT count(*) FROM cases WHERE "+where,
		"SELECT "+caseCols+" FROM cases WHERE "+where+" "+listOrder, args, store.Page{Page: f.Page, PerPage: f.PerPage})
}

// listOrder is List's order: the most urgent first.
const listOrder = "ORDER BY " + dueSQL + ", opened_at, id"

// ForEach calls fn with every case of the scope matching f, in List's order
// (paging ignored), reading them with one cursor so that memory stays flat;
// it stops at the first error of fn or of ctx.
func ForEach(ctx context.Context, q store.Querier, scope store.Scope, f Filter, fn func(Case) error) error {
	where, args, err := f.conditions(scope)
	if err != nil {
		return err
	}
	return store.ForEach(ctx, q, "casework: cases", scanCase, fn, "SELECT "+caseCols+" FROM cases WHERE "+where+" "+listOrder, args...)
}

// conditions is the WHERE clause of the filter: the scope narrowed to
// f.Region, then the other fields.
func (f Filter) conditions(scope store.Scope) (string, []any, error) {
	where, args, err := scope.NarrowWhere(f.Region, "region_code")
	if err != nil {
		return "", nil, err
	}
	conds := []string{where}
	if f.HouseholdID != 0 {
		conds, args = append(conds, "household_id = ?"), append(args, f.HouseholdID)
	}
	if f.State != "" {
		if !f.State.Valid() {
			return "", nil, fault.Invalidf("status", "未知的案件状态“%s”", "Unknown case state “%s”", string(f.State))
		}
		conds, args = append(conds, "state = ?"), append(args, string(f.State))
	}
	if f.Open {
		conds = append(conds, "closed_at = ''")
	}
	if !f.OverdueAt.IsZero() {
		conds, args = append(conds, dueSQL+" < ?"), append(args, civil.DateOf(f.OverdueAt).String())
	}
	return strings.Join(conds, " AND "), args, nil
}
