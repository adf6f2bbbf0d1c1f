package web

import (
	"context"

	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// householdSummary is what the household page says first, before its
// sections: who, how many, what state, what is open (docs/architecture.md,
// Pages).
type householdSummary struct {
	Head                          string
	Cadre                         string // the current responsible cadre, "" when none
	PlanTotal, PlanOpen, PlanLate int    // measures: all, planned or in progress, of those past due
	OpenCases                     int    // cases not yet decided
	OpenWarnings                  int    // warnings waiting for a decision
}

// summarize fills v.Summary from what fillHousehold read, and counts the
// household's open warnings.
func (s *Server) summarize(ctx context.Context, scope store.Scope, v *householdPage) error {
	sum := &v.Summary
	if len(v.Members) > 0 && v.Members[0].Relation == registry.HeadRelation {
		sum.Head = v.Members[0].Name
	}
	for _, c := range v.Cadres {
		if c.Current() {
			sum.Cadre = c.Name
		}
	}
	for _, m := range v.Measures {
		sum.PlanTotal++
		if m.Status == monitoring.StatusPlanned || m.Status == monitoring.StatusInProgress {
			sum.PlanOpen++
			if m.DueOn < v.Today {
				sum.PlanLate++
			}
		}
	}
	for _, c := range v.Cases {
		if c.Outcome == "" && !c.State.Final() {
			sum.OpenCases++
		}
	}
	_, n, err := screening.List(ctx, s.cfg.DB.Reader(), scope, screening.Filter{HouseholdID: v.H.ID,
		Status: screening.StatusOpen, PerPage: 1})
	sum.OpenWarnings = n
	return err
}
