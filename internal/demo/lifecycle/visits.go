package lifecycle

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// visits records a home visit for about half of the must-visit list, within
// the last four months, the answers mostly "no problem"; the other half stays
// due, as in any real village.
func (l *run) visits(ctx context.Context) error {
	// One village at a time: the list is computed for the region asked.
	villages, err := l.villages(ctx)
	if err != nil {
		return err
	}
	var entries []visit.Entry
	for _, v := range villages {
		es, _, err := visit.MustVisit(ctx, l.db.Reader(), store.MustScope(v), visit.Filter{PerPage: 500}, l.asOf)
		if err != nil {
			return err
		}
		entries = append(entries, es...)
	}
	items := map[string][]visit.Item{}
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		for _, e := range entries {
			if !l.chance(0.5) {
				continue
			}
			its, ok := items[e.Region]
			if !ok {
				var err error
				if its, err = visit.Items(ctx, tx, e.Region); err != nil {
					return err
				}
				items[e.Region] = its
			}
			if err := l.visit(ctx, tx, e, its); err != nil {
				return fmt.Errorf("visit %s: %w", e.Code, err)
			}
		}
		return nil
	})
}

func (l *run) visit(ctx context.Context, q store.Querier, e visit.Entry, items []visit.Item) error {
	v := visit.Visit{HouseholdID: e.HouseholdID, Date: l.daysAgo(l.r.IntN(120)).Format(time.DateOnly),
		Visitor: surnames[l.r.IntN(len(surnames))] + givens[l.r.IntN(len(givens))], Findings: "家庭情况稳定，已宣讲防返贫政策。"}
	for _, it := range items {
		if !it.Enabled {
			continue
		}
		a := visit.Answer{Item: it.Code, Label: it.Label}
		if it.Code == "income" && l.chance(0.08) {
			a.Problem, a.Note = true, "务工收入减少，需跟踪"
			v.Findings = "收入有所下降，已建议参加就业技能培训。"
		}
		v.Answers = append(v.Answers, a)
	}
	by := auth.User{Username: "demo", DisplayName: v.Visitor, Role: auth.RoleVillage, Region: e.Region}
	if _, err := visit.Record(as(ctx, by), q, store.MustScope(e.Region), by, v, l.daysAgo(0)); err != nil {
		return err
	}
	l.sum.Visits++
	return nil
}

// villages are the villages with households, in code order.
func (l *run) villages(ctx context.Context) ([]string, error) {
	return store.Values[string](ctx, l.db.Reader(), "lifecycle: villages", "SELECT DISTINCT region_code FROM households ORDER BY region_code")
}
