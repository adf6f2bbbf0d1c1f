package monitoring

import (
	"context"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Kind narrows Mismatches to one rule.
type Kind string

// Kinds of flag; the empty Kind lists any.
const (
	KindRisk        Kind = "risk"        // a risk type with no fitting measure
	KindDevelopment Kind = "development" // development measure overdue
	KindSafetyNet   Kind = "safety_net"  // no labour and no 兜底
)

// Filter narrows Mismatches. Region is a 12-digit code inside the scope
// ("" for the whole scope); AsOf defaults to today in China; Page counts
// from 1, PerPage defaults to 50 and is at most 500.
type Filter struct {
	Region        string
	Kind          Kind
	AsOf          time.Time
	Page, PerPage int
}

// Row is a monitored household with a failing check.
type Row struct {
	Facts
	Mismatched          []string // risk types without a fitting measure
	DevelopmentOverdue  bool
	DevelopmentDeadline string
	SafetyNetMissing    bool
	Failures            []Result // the failing checks, explained
}

// Mismatches lists one page of the monitored households of the scope (or of
// f.Region) with a mismatch or an overdue rule at f.AsOf, by region and
// household code, and how many there are in all. It reads the whole
// region's plans in a few queries and checks them in memory.
func Mismatches(ctx context.Context, q store.Querier, scope store.Scope, f Filter) ([]Row, int, error) {
	reg, all, err := mismatches(ctx, q, scope, &f)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := store.Page{Page: f.Page, PerPage: f.PerPage}.Limits()
	lo := min(offset, len(all))
	rows := all[lo:min(lo+limit, len(all))]
	if err := reg.explain(ctx, q, rows, f.AsOf); err != nil {
		return nil, 0, err
	}
	return rows, len(all), nil
}

// explainBatch is how many rows ForEachMismatch explains at a time (a
// variable for tests).
var explainBatch = 200

// ForEachMismatch calls fn with every row Mismatches lists, in its order
// (paging ignored), explained explainBatch rows at a time; it stops at the
// first error of fn or of ctx. The checks run in memory over the region's
// monitored households, as for Mismatches.
func ForEachMismatch(ctx context.Context, q store.Querier, scope store.Scope, f Filter, fn func(Row) error) error {
	reg, all, err := mismatches(ctx, q, scope, &f)
	if err != nil {
		return err
	}
	for len(all) > 0 {
		batch := all[:min(explainBatch, len(all))]
		all = all[len(batch):]
		if err := reg.explain(ctx, q, batch, f.AsOf); err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// mismatches checks the plans of the region and keeps the rows of f.Kind,
// unexplained; f.AsOf defaults to today.
func mismatches(ctx context.Context, q store.Querier, scope store.Scope, f *Filter) (region, []Row, error) {
	s, err := f.scope(scope)
	if err != nil {
		return region{}, nil, err
	}
	if f.AsOf.IsZero() {
		f.AsOf = civil.Today().UTC()
	}
	var all []Row
	reg, err := evaluateAll(ctx, q, s, f.AsOf, labourAll, func(r Report) {
		if row, ok := rowOf(r, f.Kind); ok {
			all = append(all, row)
		}
	})
	return reg, all, err
}

// explain describes a page's households and explains their failed checks.
func (reg region) explain(ctx context.Context, q store.Querier, rows []Row, asOf time.Time) error {
	heads := make([]*Facts, len(rows))
	for i := range rows {
		heads[i] = &rows[i].Facts
		rep := Evaluate(rows[i].Facts, reg.measures[rows[i].HouseholdID], reg.rules, asOf)
		rows[i].Failures = failures(rep)
	}
	return describe(ctx, q, heads)
}

// scope narrows the caller's scope to f.Region and checks f.Kind.
func (f Filter) scope(scope store.Scope) (store.Scope, error) {
	switch f.Kind {
	case "", KindRisk, KindDevelopment, KindSafetyNet:
	default:
		return store.Scope{}, fault.Invalidf("kind", "未知的检查类别“%s”", "Unknown check kind “%s”", string(f.Kind))
	}
	return scope.Narrow(f.Region)
}

// rowOf turns a report into a Row when it fails a check of the kind.
func rowOf(r Report, kind Kind) (Row, bool) {
	row := Row{Facts: r.Facts, Mismatched: r.Mismatched(), Failures: failures(r)}
	for _, x := range r.Results {
		switch x.Rule {
		case RuleDevelopment:
			row.DevelopmentDeadline = x.Deadline
			row.DevelopmentOverdue = x.Status == StatusOverdue
		case RuleSafetyNet:
			row.SafetyNetMissing = x.Status == StatusMismatch
		}
	}
	switch kind {
	case KindRisk:
		return row, len(row.Mismatched) > 0
	case KindDevelopment:
		return row, row.DevelopmentOverdue
	case KindSafetyNet:
		return row, row.SafetyNetMissing
	}
	return row, len(row.Failures) > 0
}

// failures are the report's mismatched and overdue checks.
func failures(r Report) []Result {
	var out []Result
	for _, x := range r.Results {
		if x.Status == StatusMismatch || x.Status == StatusOverdue {
			out = append(out, x)
		}
	}
	return out
}
