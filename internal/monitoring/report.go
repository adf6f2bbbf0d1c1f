package monitoring

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Check runs the fit checks of one household of the scope as of asOf; one
// outside the scope is store.ErrNotFound.
func Check(ctx context.Context, q store.Querier, scope store.Scope, householdID int64, asOf time.Time) (Report, error) {
	p, err := loadPlans(ctx, q, scope, asOf, householdID, labourAll)
	if err != nil {
		return Report{}, err
	}
	if len(p.facts) == 0 {
		return Report{}, fmt.Errorf("monitoring: household %d: %w", householdID, store.ErrNotFound)
	}
	if err := describe(ctx, q, []*Facts{&p.facts[0]}); err != nil {
		return Report{}, err
	}
	rules, err := FitRules(ctx, q)
	if err != nil {
		return Report{}, err
	}
	return Evaluate(p.facts[0], p.measures[householdID], rules, asOf), nil
}

// region is the plans of a scope's monitored households and the fit table.
type region struct {
	plans
	rules []FitRule
}

// evaluateAll checks every household of the scope monitored at asOf, with
// the members it needs, without explanations, and hands each report to fn.
func evaluateAll(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time, need labourNeed,
	fn func(Report)) (region, error) {
	p, err := loadPlans(ctx, q, scope, asOf, 0, need)
	if err != nil {
		return region{}, err
	}
	rules, err := FitRules(ctx, q)
	if err != nil {
		return region{}, err
	}
	c, day := newChecker(rules, false), civil.FromYMD(asOf.Date()).String()
	for _, f := range p.facts {
		if rep := c.evaluate(f, p.measures[f.HouseholdID], asOf, day); rep.Monitored {
			fn(rep)
		}
	}
	return region{plans: p, rules: rules}, nil
}

// Count is a number of households and their current members.
type Count struct {
	Households int `json:"households"`
	Persons    int `json:"persons"`
}

func (c *Count) add(f Facts) { c.Households++; c.Persons += f.Members }

// Figures are the plan figures of the overview (stats): households
// monitored at as_of with a risk no measure addresses (PlanMismatch), and
// with labour but no development measure one month after identification
// (NoDevelopmentMeasure).
type Figures struct {
	PlanMismatch         Count
	NoDevelopmentMeasure Count
}

// PlanFigures computes Figures for the scope's households as of asOf.
func PlanFigures(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (Figures, error) {
	var fig Figures
	_, err := evaluateAll(ctx, q, scope, asOf, labourOverdue, func(r Report) {
		if r.Has(RuleRisk, StatusMismatch) {
			fig.PlanMismatch.add(r.Facts)
		}
		if r.Has(RuleDevelopment, StatusOverdue) {
			fig.NoDevelopmentMeasure.add(r.Facts)
		}
	})
	if err != nil {
		return Figures{}, err
	}
	return fig, nil
}
