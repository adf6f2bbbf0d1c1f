package screening

import (
	"cmp"
	"context"
	"slices"
)

// evaluate applies every rule to the snapshot, the rules side by side (they
// only read it), and returns the hits ordered by household, then by rule in
// AllRules order.
func evaluate(s *snapshot) ([]hit, error) {
	var income, medical, events []hit
	err := parallel(context.Background(),
		func(context.Context) (err error) { income, err = incomeRules(s); return err },
		func(context.Context) error { medical = medicalOOP(s); return nil },
		func(context.Context) error {
			for _, rule := range []func(*snapshot) []hit{dropout, unsafeHouse, disasterLoss, labourDeath,
				severeDisability, unemployment} {
				events = append(events, rule(s)...)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	hits := slices.Concat(income, medical, events)
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.household, b.household), cmp.Compare(ruleIndex(a.rule), ruleIndex(b.rule)))
	})
	return hits, nil
}
