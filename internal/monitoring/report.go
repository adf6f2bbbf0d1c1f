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

// PlanFigures computes Figures for the scope's households as of asOf, from
// their monitoring state now (see PlanFiguresOf for their state then).
func PlanFigures(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (Figures, error) {
	var fig Figures
	if _, err := evaluateAll(ctx, q, scope, asOf, labourOverdue, fig.add); err != nil {
		return Figures{}, err
	}
	return fig, nil
}

// add counts a household's report in the figures it belongs to.
func (fig *Figures) add(r Report) {
	if r.Has(RuleRisk, StatusMismatch) {
		fig.PlanMismatch.add(r.Facts)
	}
	if r.Has(RuleDevelopment, StatusOverdue) {
		fig.NoDevelopmentMeasure.add(r.Facts)
	}
}

// State is a household as it stood on a day (stats.MonitoredAt): its
// village, members and risk types then, and its monitoring columns then.
type State struct {
	HouseholdID                                     int64
	Region                                          string
	Members                                         int
	RiskTypes                                       []string
	IdentifiedMonth, EliminatedMonth, RemarkedMonth int
	Eliminated                                      bool
}

// PlanFiguresOf computes Figures as of asOf over households as they stood
// then, found by the caller in its scope (those outside scope on asOf are
// left out): the households monitored at asOf by their state then, checked
// with their risk types and members then. Labour and measures are read as
// recorded (measures count from their start, cancelled ones never).
func PlanFiguresOf(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time, states []State) (Figures, error) {
	byID := make(map[int64]State, len(states))
	var ids []int64
	for _, s := range states {
		f := Facts{IdentifiedMonth: s.IdentifiedMonth, Eliminated: s.Eliminated, EliminatedMonth: s.EliminatedMonth,
			RemarkedMonth: s.RemarkedMonth}
		if scope.Contains(s.Region) && f.MonitoredAt(asOf) {
			byID[s.HouseholdID] = s
			ids = append(ids, s.HouseholdID)
		}
	}
	rules, err := FitRules(ctx, q)
	if err != nil {
		return Figures{}, err
	}
	var fig Figures
	c, day := newChecker(rules, false), civil.FromYMD(asOf.Date()).String()
	labour, largs := labourColumn(labourOverdue, asOf)
	err = eachChunk(ids, func(in string, args []any) error {
		p := plans{measures: map[int64][]Measure{}}
		var err error
		if p.facts, err = loadFacts(ctx, q, labour, "h.id IN "+in, append(largs, args...)); err != nil {
			return err
		}
		if err := p.loadMeasures(ctx, q, "h.id IN "+in, args); err != nil {
			return err
		}
		for _, f := range p.facts {
			s := byID[f.HouseholdID]
			f.Members, f.RiskTypes = s.Members, s.RiskTypes
			f.IdentifiedMonth, f.Eliminated, f.EliminatedMonth, f.RemarkedMonth = s.IdentifiedMonth, s.Eliminated,
				s.EliminatedMonth, s.RemarkedMonth
			if rep := c.evaluate(f, p.measures[f.HouseholdID], asOf, day); rep.Monitored {
				fig.add(rep)
			}
		}
		return nil
	})
	return fig, err
}
