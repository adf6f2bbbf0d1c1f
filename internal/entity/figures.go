package entity

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// KindCount is the number of entities of a kind.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// Figures are the business entity figures of a region as of a day
// (docs/figures.md, "Business entities (联农带农)"). Money is in fen.
type Figures struct {
	Entities            int         `json:"entities"`             // entities of the region recorded by as_of
	ByKind              []KindCount `json:"by_kind"`              // of them, by kind (every kind, in Kinds' order)
	Townships           int         `json:"townships"`            // townships of the region covered
	TownshipsAll        int         `json:"townships_all"`        // townships of the region
	Villages            int         `json:"villages"`             // villages of the region covered
	VillagesAll         int         `json:"villages_all"`         // villages of the region
	HouseholdsLinked    int         `json:"households_linked"`    // distinct households of the region linked by as_of
	SharesFen           int64       `json:"shares_fen"`           // shares of households of the region paid in by as_of
	ShareEntities       int         `json:"share_entities"`       // entities holding them
	ShareHouseholds     int         `json:"share_households"`     // households holding them
	AgreementHouseholds int         `json:"agreement_households"` // households of the region with an agreement signed by as_of
	AgreementTownships  int         `json:"agreement_townships"`  // the townships they are in
	PayoutsDue          int         `json:"payouts_due"`          // payouts of the region due from 1 January of as_of's year to as_of
	PayoutsDueFen       int64       `json:"payouts_due_fen"`      // their amount
	PayoutsPaid         int         `json:"payouts_paid"`         // of them, paid by as_of
	PayoutsPaidFen      int64       `json:"payouts_paid_fen"`     // their amount
	Overdue             int         `json:"overdue"`              // payouts of the region due before as_of and not paid by it (any year)
	OverdueFen          int64       `json:"overdue_fen"`          // their amount
	OnlyWeak            int         `json:"only_weak"`            // entities of the region linked only by 土地流转, 租赁 or 雇工
}

// PaidPermille is the completion rate of the period's payouts in permille
// (paid ÷ due by count, rounded down); -1 when none was due.
func (f Figures) PaidPermille() int {
	if f.PayoutsDue == 0 {
		return -1
	}
	return f.PayoutsPaid * 1000 / f.PayoutsDue
}

// FiguresAt computes the figures of scope as of asOf.
func FiguresAt(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date) (Figures, error) {
	var f Figures
	if err := entityFigures(ctx, q, scope, asOf, &f); err != nil {
		return Figures{}, err
	}
	if err := coverage(ctx, q, scope, asOf, &f); err != nil {
		return Figures{}, err
	}
	if err := householdFigures(ctx, q, scope, asOf, &f); err != nil {
		return Figures{}, err
	}
	return f, nil
}

// endOf is the first stamp after day: rows recorded before it were
// recorded by day.
func endOf(day civil.Date) string { return store.Stamp(day.AddDays(1).Time()) }

// entityFigures counts the entities of scope recorded by asOf, by kind and
// linked only weakly.
func entityFigures(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date, f *Figures) error {
	vis, args, err := visible(scope)
	if err != nil {
		return err
	}
	es, err := load(ctx, q, vis+" AND e.created_at < ?", append(args, endOf(asOf)))
	if err != nil {
		return err
	}
	by := map[string]int{}
	for _, e := range es {
		by[e.Kind]++
		if OnlyWeak(e.all) {
			f.OnlyWeak++
		}
	}
	f.Entities = len(es)
	for _, k := range Kinds {
		f.ByKind = append(f.ByKind, KindCount{k, by[k]})
	}
	return nil
}

// coverage counts the townships and villages of scope and those covered
// by asOf: a village (a village committee, region.IsVillageCommittee) is
// covered when an entity recorded by asOf names it among its areas or a
// link recorded by asOf is of a household of it; a township when an entity
// names it or a covered village lies in it.
func coverage(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date, f *Figures) error {
	wr, rargs, err := scope.Where("code")
	if err != nil {
		return err
	}
	wa, aargs, _ := scope.Where("a.region_code")
	wl, largs, _ := scope.Where("region_code")
	end := endOf(asOf)
	err = eachString(ctx, q, "SELECT code FROM regions WHERE level IN (4, 5) AND "+wr, rargs, func(c string) {
		switch {
		case regcode.Level(c) == regcode.Township:
			f.TownshipsAll++
		case region.IsVillageCommittee(c):
			f.VillagesAll++
		}
	})
	if err != nil {
		return err
	}
	codes := map[string]bool{}
	err = eachString(ctx, q, `SELECT DISTINCT a.region_code FROM entity_areas a JOIN entities e ON e.id = a.entity_id
		WHERE e.created_at < ? AND `+wa+` UNION SELECT DISTINCT region_code FROM entity_links WHERE created_at < ? AND `+wl,
		append(append(append([]any{end}, aargs...), end), largs...), func(c string) { codes[c] = true })
	if err != nil {
		return err
	}
	towns := map[string]bool{}
	for c := range codes {
		switch {
		case regcode.Level(c) == regcode.Township:
			towns[c] = true
		case region.IsVillageCommittee(c):
			f.Villages++
			if t := c[:9] + "000"; scope.Contains(t) { // a village's own region has no township
				towns[t] = true
			}
		}
	}
	f.Townships = len(towns)
	return nil
}

// householdFigures sums the links, shares, agreements and payouts of
// households of scope as of asOf.
func householdFigures(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date, f *Figures) error {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return err
	}
	day, jan := asOf.String(), civil.FromYMD(asOf.Year(), 1, 1).String()
	with := func(first ...any) []any { return append(first, args...) }
	for _, c := range []struct {
		query string
		args  []any
		dest  []any
	}{
		{"SELECT count(DISTINCT household_id) FROM entity_links WHERE created_at < ? AND " + where,
			with(endOf(asOf)), []any{&f.HouseholdsLinked}},
		{"SELECT coalesce(CAST(sum(amount_fen) AS BIGINT), 0), count(DISTINCT entity_id), count(DISTINCT household_id) FROM entity_shares WHERE day <= ? AND " + where,
			with(day), []any{&f.SharesFen, &f.ShareEntities, &f.ShareHouseholds}},
		{"SELECT count(DISTINCT household_id), count(DISTINCT substr(region_code, 1, 9)) FROM entity_agreements WHERE signed <= ? AND " + where,
			with(day), []any{&f.AgreementHouseholds, &f.AgreementTownships}},
		{`SELECT count(*), coalesce(CAST(sum(amount_fen) AS BIGINT), 0),
			coalesce(sum(CASE WHEN paid <= ? THEN 1 ELSE 0 END), 0),
			coalesce(CAST(sum(CASE WHEN paid <= ? THEN amount_fen ELSE 0 END) AS BIGINT), 0)
			FROM entity_payouts WHERE due >= ? AND due <= ? AND ` + where,
			with(day, day, jan, day), []any{&f.PayoutsDue, &f.PayoutsDueFen, &f.PayoutsPaid, &f.PayoutsPaidFen}},
		{"SELECT count(*), coalesce(CAST(sum(amount_fen) AS BIGINT), 0) FROM entity_payouts WHERE due < ? AND (paid IS NULL OR paid > ?) AND " + where,
			with(day, day), []any{&f.Overdue, &f.OverdueFen}},
	} {
		if err := q.QueryRowContext(ctx, c.query, c.args...).Scan(c.dest...); err != nil {
			return fmt.Errorf("entity: figures: %w", err)
		}
	}
	return nil
}

// eachString calls fn with the first column of every row of query.
func eachString(ctx context.Context, q store.Querier, query string, args []any, fn func(string)) error {
	return store.Each(ctx, q, "entity", func(rows store.Scanner) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		fn(s)
		return nil
	}, query, args...)
}
